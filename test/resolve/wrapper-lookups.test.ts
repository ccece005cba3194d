// A wrapper's call sites are looked for in the files the pre-filter set aside: the first few names
// by scanning their texts, the rest through Bloom filters of their words (Project.filesWithWord). Both
// ways must find every caller: here twelve wrappers, each called only from a file of its own with
// no sink word, so the caller's URL reaches the report only if its lookup found that file.
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

afterAll(removeProjects);

const WRAPPERS = 12;

function project(prefix = 'get'): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < WRAPPERS; i++) {
    files[`src/api/get${i}.js`] = `export const ${prefix}${i} = (url) => fetch(url);\n`;
    files[`src/pages/page${i}.js`] =
      `import { ${prefix}${i} } from '../api/get${i}.js';\nexport const load = () => ${prefix}${i}('https://h${i}.example/items');\n`;
  }
  // Mentions every name without calling any: an arrow function is reached only by a call, so this
  // file is not parsed for the lookups.
  files['src/pages/names.js'] =
    `export const names = [${Array.from({ length: WRAPPERS }, (_, i) => `'get${i}'`).join(', ')}];\n`;
  return makeProject(files);
}

describe('wrapper lookups in set-aside files', () => {
  it.each(['get', 'получить'])(
    'find every caller of %s…, by scanning first and through the word filters after',
    async (prefix) => {
      // A name past ASCII is one word in the filters too (a regex of [\w$] would split it away).
      const root = project(prefix);
      const filtered = await analyze({ root, cache: false });
      const hosts = [...new Set(filtered.findings.map((f) => f.source))].sort();
      expect(hosts).toEqual(Array.from({ length: WRAPPERS }, (_, i) => `https://h${i}.example`).sort());
      const unfiltered = await analyze({ root, cache: false, prefilter: false });
      expect(filtered.findings).toEqual(unfiltered.findings);
      expect(filtered.directive).toEqual(unfiltered.directive);
      // The callers were parsed for the lookups, the file that only names them was not.
      expect(filtered.stats.filesParsed).toBe(2 * WRAPPERS);
    },
  );

  it('find a wrapper exported under a name that is not one word, after the word filters are built', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < WRAPPERS; i++) {
      files[`src/api/get${i}.js`] = `export const get${i} = (url) => fetch(url);\n`;
      files[`src/pages/page${i}.js`] =
        `import { get${i} } from '../api/get${i}.js';\nexport const load = () => get${i}('https://h${i}.example/items');\n`;
    }
    // Looked up last (files are analysed in path order), when the filters answer the names.
    files['src/api/z-dash.cjs'] = "exports['get-data'] = (url) => fetch(url);\n";
    files['src/pages/z-dash.js'] =
      "import { 'get-data' as getData } from '../api/z-dash.cjs';\nexport const load = () => getData('https://dash.example/x');\n";
    const root = makeProject(files);
    const filtered = await analyze({ root, cache: false });
    const unfiltered = await analyze({ root, cache: false, prefilter: false });
    expect(filtered.findings).toEqual(unfiltered.findings);
    expect(filtered.findings.map((f) => f.source)).toContain('https://dash.example');
  });

  it('find a default export called as a member named default, with no default import', async () => {
    const root = makeProject({
      'src/api/request.js': 'export default (url) => fetch(url);\n',
      'src/pages/esm.js':
        "import * as request from '../api/request.js';\nexport const load = () => request.default('https://esm.example/items');\n",
      'src/pages/cjs.js':
        "const request = require('../api/request.js');\nexports.load = () => request.default('https://cjs.example/items');\n",
    });
    const filtered = await analyze({ root, cache: false });
    const unfiltered = await analyze({ root, cache: false, prefilter: false });
    expect(filtered.findings).toEqual(unfiltered.findings);
    const hosts = [...new Set(filtered.findings.map((f) => f.source))].sort();
    // Before the fix the pre-filter lost both (a file with no default import was never searched).
    expect(hosts).toEqual(['https://cjs.example', 'https://esm.example']);
  });
});
