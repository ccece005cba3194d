// Inside a git work tree files are listed by git; elsewhere (or on request) by walking the tree.
// Both must find the same files: the fixtures folder of this repository is the test bed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

describe('discovery with git and without', () => {
  for (const defaultExcludes of [true, false]) {
    it(`lists the same files (default excludes ${defaultExcludes ? 'on' : 'off'})`, async () => {
      const base = { root: FIXTURES, paths: [], include: [], exclude: [], defaultExcludes };
      const withGit = await discover({ ...base, useGit: true });
      const walked = await discover({ ...base, useGit: false });
      expect(withGit.files.map((f) => f.path)).toEqual(walked.files.map((f) => f.path));
      expect(withGit.files.length).toBeGreaterThan(100);
    });
  }

  it('honours include and exclude the same way', async () => {
    const base = {
      root: FIXTURES,
      paths: [],
      include: ['**/*.ts'],
      exclude: ['wrappers/**'],
      defaultExcludes: true,
    };
    const withGit = await discover({ ...base, useGit: true });
    const walked = await discover({ ...base, useGit: false });
    expect(withGit.files.map((f) => f.path)).toEqual(walked.files.map((f) => f.path));
    expect(withGit.files.every((f) => f.path.endsWith('.ts') && !f.path.startsWith('wrappers/'))).toBe(true);
  });
});
