// resolverUnder joins plain root-relative paths as text: it must give what path.resolve gives.
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolverUnder } from '../../src/util/paths.js';

const SEGMENTS = ['src', 'a.js', '.', '..', '', '.hidden', 'x..y', '...', 'b\\c', '@scope', 'v1.2'];

describe('resolverUnder', () => {
  it('gives what path.resolve(root, rel) gives, for any path made of tricky segments', () => {
    for (const root of ['/work/app', '/work/app/', '/']) {
      const absolute = resolverUnder(root);
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 6 }),
          fc.boolean(),
          (parts, lead) => {
            const rel = `${lead ? '/' : ''}${parts.join('/')}`;
            expect(absolute(rel)).toBe(path.resolve(root, rel));
          },
        ),
        { numRuns: 2_000 },
      );
    }
  });
});
