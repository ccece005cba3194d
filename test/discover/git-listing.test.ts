// Inside a git work tree files are listed by git; elsewhere (or on request) by walking the tree.
// Both must find the same files: the fixtures folder of this repository is the test bed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, type DiscoverOptions, reuseWalk } from '../../src/discover/discover.js';
import { analyze } from '../../src/pipeline.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** Runs git in `cwd`, with an author for commits. */
function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

/** A throwaway project that is a git work tree of its own (nothing added yet). */
function gitProject(files: Readonly<Record<string, string>>): string {
  const root = makeProject(files);
  git(root, 'init', '-q');
  return root;
}

/** Discovery of the whole root with the default excludes, and `extra`. */
function wholeRoot(root: string, extra: Partial<DiscoverOptions> = {}): DiscoverOptions {
  return { root, paths: [], include: [], exclude: [], defaultExcludes: true, ...extra };
}

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
    const root = gitProject({
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
    const base = wholeRoot(root);
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
    const root = gitProject(Object.fromEntries(names.map((n) => [n, 'fetch("/x")\n'])));
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

describe('paths git lists that are not files to read', () => {
  afterEach(removeProjects);

  it('leaves out a deletion not yet staged, a path under a folder that is a file now, and a submodule; still reports a dangling symlink', async () => {
    const root = makeProject({
      'src/app.js': "fetch('https://api.example/v1');\n",
      'src/gone.js': "fetch('https://gone.example/v1');\n",
      'lib/moved.js': "fetch('https://moved.example/v1');\n",
    });
    // A folder whose name is a source name, holding a repository of its own: git adds it as a
    // submodule entry (a gitlink), and lists the folder.
    const inner = path.join(root, 'vendor.js');
    mkdirSync(inner);
    writeFileSync(path.join(inner, 'x.js'), "fetch('https://inner.example');\n");
    git(inner, 'init', '-q');
    git(inner, 'add', '.');
    git(inner, 'commit', '-q', '-m', 'inner');
    symlinkSync('missing-target.js', path.join(root, 'src/dangling.js'));
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'outer');
    unlinkSync(path.join(root, 'src/gone.js'));
    // A tracked file whose folder became a file.
    rmSync(path.join(root, 'lib'), { recursive: true });
    writeFileSync(path.join(root, 'lib'), 'now a file\n');

    const listing = await discover(wholeRoot(root));
    expect(listing.listedByGit).toBe(true);
    // Git still lists all five; reading tells which are files.
    expect(listing.files.map((f) => f.path)).toEqual([
      'lib/moved.js',
      'src/app.js',
      'src/dangling.js',
      'src/gone.js',
      'vendor.js',
    ]);

    // Without the cache, filling it, then warm (files told unchanged by their stamps).
    for (const cache of [false, true, true]) {
      const report = await analyze({ root, cache, cacheLocation: path.join(root, '.cache') });
      expect(report.stats.filesScanned).toBe(2);
      expect(report.sources.map((s) => s.expression)).toEqual(['https://api.example']);
      expect(report.diagnostics.map((d) => `${d.code} ${d.location?.file ?? ''}`)).toEqual([
        'read-error src/dangling.js',
      ]);
      expect(report.diagnostics[0]?.message).toContain('a symbolic link whose target does not exist');
    }
  });
});

describe("the last run's git listing", () => {
  afterEach(removeProjects);

  it('is reused only when git lists the same paths for the same options', async () => {
    const root = gitProject({
      'src/a.js': 'fetch("/a")\n',
      'src/b.ts': 'fetch("/b")\n',
      'docs/c.md': '# c\n',
    });
    const options = wholeRoot(root);
    const first = await discover(options);
    expect(first.files.map((f) => f.path)).toEqual(['src/a.js', 'src/b.ts']);
    const record = first.walk;
    expect(record?.git).toMatch(/./);
    if (!record) throw new Error('no listing record');

    // A record that names other files, with the same git output and options: taken as it is,
    // which is how a reuse shows.
    const doctored = { ...record, files: ['src/a.js'] };
    const reused = await discover({ ...options, lastGitListing: doctored });
    expect(reused.files.map((f) => f.path)).toEqual(['src/a.js']);
    expect(reused.walk).toBe(doctored);
    expect(reused.listedByGit).toBe(true);

    // Other options: listed again.
    const narrower = await discover({ ...options, include: ['**/*.ts'], lastGitListing: doctored });
    expect(narrower.files.map((f) => f.path)).toEqual(['src/b.ts']);

    // A new untracked file changes git's output: listed again.
    writeFileSync(path.join(root, 'src/d.js'), 'fetch("/d")\n');
    const grown = await discover({ ...options, lastGitListing: doctored });
    expect(grown.files.map((f) => f.path)).toEqual(['src/a.js', 'src/b.ts', 'src/d.js']);
    expect(grown.walk?.git).not.toBe(record.git);

    // Ignored by a new .gitignore: git's output changes again.
    writeFileSync(path.join(root, '.gitignore'), 'src/b.ts\n');
    const ignored = await discover({ ...options, lastGitListing: grown.walk ?? record });
    expect(ignored.files.map((f) => f.path)).toEqual(['src/a.js', 'src/d.js']);
  });

  it('is never taken for a walk to check by stamps', async () => {
    const root = gitProject({ 'src/a.js': 'fetch("/a")\n' });
    const options = wholeRoot(root);
    const listed = await discover(options);
    if (!listed.walk) throw new Error('no listing record');
    // Its stamps are empty: as a walk it would always hold.
    expect(
      reuseWalk({ ...listed.walk, key: JSON.stringify([root, [], [], [], true, true]) }, options),
    ).toBeNull();
  });
});

describe('git listings: what reading reports', () => {
  afterEach(removeProjects);

  it('reports a listed file it cannot read (a folder that became a symlink loop), as a walk would', async () => {
    const root = gitProject({
      'src/app.js': "fetch('https://api.example');\n",
      'loop/x.js': 'export {};\n',
    });
    git(root, 'add', '.');
    rmSync(path.join(root, 'loop'), { recursive: true });
    symlinkSync('loop', path.join(root, 'loop'));
    const report = await analyze({ root, cache: false });
    expect(report.diagnostics.map((d) => `${d.code} ${d.location?.file ?? ''}`)).toEqual([
      'read-error loop/x.js',
    ]);
    expect(report.stats.filesScanned).toBe(2);
  });

  it('lists again when a requested path changes kind, though git prints the same', async () => {
    const root = gitProject({
      'src/app.js': "fetch('https://api.example');\n",
      'extra.js': "fetch('https://extra.example');\n",
      '.gitignore': 'extra.js\n',
    });
    // An ignored file named on the command line: git never prints it.
    const options = wholeRoot(root, { paths: ['src', 'extra.js'] });
    const first = await discover(options);
    expect(first.files.map((f) => f.path)).toEqual(['extra.js', 'src/app.js']);
    rmSync(path.join(root, 'extra.js'));
    const after = await discover({ ...options, ...(first.walk ? { lastGitListing: first.walk } : {}) });
    expect(after.files.map((f) => f.path)).toEqual(['src/app.js']);
    expect(after.diagnostics.map((d) => d.code)).toEqual(['read-error']);
  });
});
