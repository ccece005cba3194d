// A wrapper's call sites are looked for in the files the pre-filter set aside: the first few names
// by scanning their texts, the rest through a word index built once (Project.filesWithWord). Both
// ways must find every caller: here twelve wrappers, each called only from a file of its own with
// no sink word, so the caller's URL reaches the report only if its lookup found that file.
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

afterAll(removeProjects);

const WRAPPERS = 12;

function project(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < WRAPPERS; i++) {
    files[`src/api/get${i}.js`] = `export const get${i} = (url) => fetch(url);\n`;
    files[`src/pages/page${i}.js`] =
      `import { get${i} } from '../api/get${i}.js';\nexport const load = () => get${i}('https://h${i}.example/items');\n`;
  }
  // Mentions every name without calling any: an arrow function is reached only by a call, so this
  // file is not parsed for the lookups.
  files['src/pages/names.js'] =
    `export const names = [${Array.from({ length: WRAPPERS }, (_, i) => `'get${i}'`).join(', ')}];\n`;
  return makeProject(files);
}

describe('wrapper lookups in set-aside files', () => {
  it('find every caller, by scanning for the first names and through the word index after', async () => {
    const root = project();
    const filtered = await analyze({ root, cache: false });
    const hosts = [...new Set(filtered.findings.map((f) => f.source))].sort();
    expect(hosts).toEqual(Array.from({ length: WRAPPERS }, (_, i) => `https://h${i}.example`).sort());
    const unfiltered = await analyze({ root, cache: false, prefilter: false });
    expect(filtered.findings).toEqual(unfiltered.findings);
    expect(filtered.directive).toEqual(unfiltered.directive);
    // The callers were parsed for the lookups, the file that only names them was not.
    expect(filtered.stats.filesParsed).toBe(2 * WRAPPERS);
  });
});
