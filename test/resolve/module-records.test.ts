// A module's record keeps its index, exports and evaluators, not its AST's root: what the
// analysis of a file needs from the top level (whether it is server code) is read before the
// root is let go, also for a file first read as another file's import and analysed later.
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { parseModule } from '../../src/parse/parse.js';
import { Project } from '../../src/resolve/project.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

afterAll(removeProjects);

describe('module records', () => {
  it('tell a file is server code when it was first read as an import', async () => {
    const root = makeProject({
      // Analysed first (path order): reads URL from the server module, which builds its record.
      'src/a-page.js': "import { URL } from './z-server.js';\nfetch(URL);\n",
      'src/z-server.js':
        "import fs from 'fs';\nexport const URL = 'https://x.example/a';\nfetch('https://server.example/b');\n",
    });
    const report = await analyze({ root, defaultExcludes: false, cache: false });
    // The server module's fetch is not the page's: a diagnostic, not a source.
    expect(report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.source}`)).toEqual([
      'src/a-page.js:2 https://x.example',
    ]);
    expect(report.diagnostics.map((d) => `${d.code} ${d.location?.file}:${d.location?.line}`)).toEqual([
      'server-code src/z-server.js:3',
    ]);
  });

  it("tell a wrapper's call in a server file from one in a page", async () => {
    const root = makeProject({
      'src/a-wrapper.ts': 'export function get(url: string) { return fetch(url); }\n',
      'src/b-server.ts':
        "import fs from 'fs';\nimport { get } from './a-wrapper';\nget('https://srv.example/x');\n",
      'src/c-page.ts': "import { get } from './a-wrapper';\nget('https://page.example/y');\n",
    });
    const report = await analyze({ root, defaultExcludes: false, cache: false });
    // The server's request is not the page's: only the page's call is a source.
    expect(report.directive.value).toBe('connect-src https://page.example');
    expect(report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.source}`)).toEqual([
      'src/c-page.ts:2 https://page.example',
    ]);
    expect(report.diagnostics.map((d) => `${d.code} ${d.location?.file}:${d.location?.line}`)).toEqual([
      'server-code src/b-server.ts:3',
    ]);
  });

  it('keep no script AST', () => {
    const project = new Project('/virtual', { maxFileSize: 1e6, env: { mode: 'production' } as never });
    const file = { path: 'm.js', absPath: '/virtual/m.js', language: 'js' as const };
    const text = "import http from 'node:http';\nexport const BASE = 'https://m.example';\n";
    expect(parseModule(file, text).module.scripts).toHaveLength(1);
    const { record } = project.add(file, text, 'hash');
    expect(record.module.scripts).toEqual([]);
    expect(record.module.text).toBe(text);
    expect(record.scripts).toHaveLength(1);
    expect(record.exports?.named.has('BASE')).toBe(true);
    expect(record.serverReason).not.toBeNull();
  });
});
