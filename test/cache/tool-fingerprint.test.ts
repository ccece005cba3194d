// The tool's build in the cache key: each module's hash, kept with its stamp so that a run does
// not read and hash every module of the tool again.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { moduleHashes } from '../../src/cache/tool-fingerprint.js';
import { contentHash } from '../../src/util/hash.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

/** A time later than the tool's files by more than RACY_MS. */
const later = (): number => Date.now() + 5_000;

/** A tool folder with two modules, and a memo file beside it. */
function tool(): { own: string; memo: string } {
  const base = makeProject({
    'dist/index.js': 'export const a = 1;\n',
    'dist/cache/cache.js': 'export const b = 2;\n',
    'dist/types.d.ts': 'export {};\n',
    'dist/README.md': '# not a module\n',
  });
  const own = path.join(base, 'dist');
  return { own, memo: path.join(base, 'memo', 'modules.json') };
}

const rowsOf = (memo: string): unknown[][] => JSON.parse(readFileSync(memo, 'utf8')) as unknown[][];

describe("the tool's module hashes", () => {
  afterEach(removeProjects);

  it('hashes every module once, then takes a hash by its unchanged stamp', () => {
    const { own, memo } = tool();
    const first = moduleHashes(own, memo, later());
    expect(first).toEqual([
      ['cache/cache.js', contentHash('export const b = 2;\n')],
      ['index.js', contentHash('export const a = 1;\n')],
    ]);
    expect(rowsOf(memo).map((row) => row[0])).toEqual(['cache/cache.js', 'index.js']);
    // A hash in the memo is taken while the module's stamp holds (which is how the reuse shows)...
    const poisoned = rowsOf(memo).map((row) => (row[0] === 'index.js' ? [...row.slice(0, 5), 'held'] : row));
    writeFileSync(memo, JSON.stringify(poisoned));
    expect(moduleHashes(own, memo, later())).toContainEqual(['index.js', 'held']);
    // ...and not once the module changes.
    writeFileSync(path.join(own, 'index.js'), 'export const a = 10;\n');
    expect(moduleHashes(own, memo, later())).toContainEqual([
      'index.js',
      contentHash('export const a = 10;\n'),
    ]);
  });

  it('keeps no stamp of a module changed within RACY_MS, and follows added and removed modules', async () => {
    const { own, memo } = tool();
    moduleHashes(own, memo, later());
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    writeFileSync(path.join(own, 'fresh.js'), 'export const c = 3;\n');
    rmSync(path.join(own, 'cache/cache.js'));
    const hashes = moduleHashes(own, memo);
    expect(hashes.map(([file]) => file)).toEqual(['fresh.js', 'index.js']);
    // Just written: hashed, but its stamp is not kept (a second write in the same tick would not show).
    expect(rowsOf(memo).map((row) => row[0])).toEqual(['index.js']);
  });

  it('a memo that cannot be read or written changes nothing but the time taken', () => {
    const { own, memo } = tool();
    const expected = moduleHashes(own, memo, later());
    writeFileSync(memo, '{ not json');
    expect(moduleHashes(own, memo)).toEqual(expected);
    writeFileSync(memo, JSON.stringify([['index.js', 'x', 1, 2, 3, 4], 'junk']));
    expect(moduleHashes(own, memo)).toEqual(expected);
    // A memo path under a file: nothing can be written there.
    const blocked = path.join(own, 'index.js', 'memo.json');
    expect(moduleHashes(own, blocked)).toEqual(expected);
  });
});
