// Inside a git work tree files are listed by git; elsewhere (or on request) by walking the tree.
// Both must find the same files: the fixtures folder of this repository is the test bed.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

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

describe('.gitignore files on the walk', () => {
  afterEach(removeProjects);

  it('are applied as git applies them: nested, negated, anchored, and never under an ignored folder', async () => {
    const { execFileSync } = await import('node:child_process');
    const root = makeProject({
      '.gitignore': 'generated/\n*.log.js\nsecret*.js\n!secret-ok.js\n',
      'app.js': '',
      'a.log.js': '',
      'secret1.js': '',
      'secret-ok.js': '',
      'generated/x.js': '',
      'generated/.gitignore': '*.js\n!x.js\n',
      'sub/.gitignore': 'generated.js\n!keep-me.js\n',
      'sub/generated.js': '',
      'sub/keep-me.js': '',
      'sub/other.js': '',
      'sub/deeper/generated.js': '',
      'sub/deeper/fine.js': '',
      'deep/a/b/.gitignore': '/only-here.js\nlogs/\n',
      'deep/a/b/only-here.js': '',
      'deep/a/b/c/only-here.js': '',
      'deep/a/b/logs/trace.js': '',
      'deep/a/b/keep.js': '',
    });
    execFileSync('git', ['init', '-q'], { cwd: root });
    const base = { root, paths: [], include: [], exclude: [], defaultExcludes: true };
    const withGit = await discover({ ...base, useGit: true });
    const walked = await discover({ ...base, useGit: false });
    const listed = withGit.files.map((f) => f.path);
    expect(walked.files.map((f) => f.path)).toEqual(listed);
    expect(listed).toEqual([
      'app.js',
      'deep/a/b/c/only-here.js',
      'deep/a/b/keep.js',
      'secret-ok.js',
      'sub/deeper/fine.js',
      'sub/keep-me.js',
      'sub/other.js',
    ]);
  });
});

describe('the language of a listed file', () => {
  afterEach(removeProjects);

  it('comes from its extension as path.extname gives it, in any case', async () => {
    const { execFileSync } = await import('node:child_process');
    const names = [
      'src/app.ts',
      'src/View.TSX',
      'src/legacy.JS',
      'src/.eslintrc.cjs',
      'src/.js',
      'src/trailing.',
      'src/v1.2/page.html',
      'src/v1.2/README',
      'src/no.ext.d/index.mjs',
      'src/.hidden.dir/x.vue',
    ];
    const root = makeProject(Object.fromEntries(names.map((n) => [n, 'fetch("/x")\n'])));
    execFileSync('git', ['init', '-q'], { cwd: root });
    // Named one by one: patterns would leave out the upper-case and dot names before their language is asked.
    const found = await discover({ root, paths: names, include: [], exclude: [], defaultExcludes: false });
    const languages = Object.fromEntries(found.files.map((f) => [f.path, f.language]));
    const expected = Object.fromEntries(
      names.flatMap((n) => {
        const ext = path.extname(n).toLowerCase();
        const language = {
          '.ts': 'ts',
          '.tsx': 'tsx',
          '.js': 'js',
          '.cjs': 'js',
          '.mjs': 'js',
          '.html': 'html',
          '.vue': 'vue',
        }[ext];
        return language ? [[n, language]] : [];
      }),
    );
    expect(languages).toEqual(expected);
    expect(Object.keys(languages)).toContain('src/.eslintrc.cjs');
    expect(Object.keys(languages)).not.toContain('src/.js');
  });
});
