// Evaluator.definition() follows an imported name to the expression it stands for (how
// `api.get('/x')` in one module finds the axios instance another module created), never into
// node_modules. Which side of that line a module is on is decided by its resolved path, before
// it is read: a package an imported callee comes from is not parsed only to be dropped.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

afterAll(removeProjects);

function scan(root: string) {
  return analyze({ root, defaultExcludes: false, cache: false });
}

function connections(report: Awaited<ReturnType<typeof scan>>): string[] {
  return report.findings.map(
    (f) => `${f.location.file}:${f.location.line} ${f.sink} ${f.source ?? 'UNRESOLVED'}`,
  );
}

describe('import definitions', () => {
  it('are followed into the app’s own modules', async () => {
    const root = makeProject({
      'src/api.js':
        "import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://api.example.com/v2/' });\n",
      'src/page.js': "import { api } from './api.js';\nexport const load = () => api.get('users');\n",
    });
    expect(connections(await scan(root))).toEqual([
      'src/api.js:2 axios https://api.example.com',
      'src/page.js:2 axios https://api.example.com',
    ]);
  });

  it('never parse a module in node_modules, even one the pre-filter set aside in the scan', async () => {
    // The scan's root is inside node_modules (as for the benchmark's npm corpus): make.js has no
    // sink word, so it is parsed only if something asks for it. The axios detector asks for the
    // definition of every imported callee (is `make` an axios instance?); the answer is no
    // without reading it.
    const project = makeProject({
      'node_modules/widgets/src/app.js': [
        "import axios from 'axios';",
        "import { make } from './make.js';",
        "make('/widgets');",
        "axios.get('https://api.example.com/items');",
        '',
      ].join('\n'),
      'node_modules/widgets/src/make.js': 'export function make(part) {\n  return part.trim();\n}\n',
    });
    const report = await scan(path.join(project, 'node_modules', 'widgets'));
    expect(connections(report)).toEqual(['src/app.js:4 axios https://api.example.com']);
    expect(report.stats.filesScanned).toBe(2);
    expect(report.stats.filesParsed).toBe(1);
  });
});
