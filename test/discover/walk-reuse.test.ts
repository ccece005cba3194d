// A directory walk's listing is reused by the next run while no folder it could have entered has
// changed (see src/discover/walk-stamps.ts). The oracle is always a fresh walk: a reused listing
// must equal it, and a change that can alter the listing must not be answered from the record.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readlinkSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover, type DiscoverOptions, reuseWalk, walkKey } from '../../src/discover/discover.js';
import { stampWalk } from '../../src/discover/walk-stamps.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

afterAll(removeProjects);

/**
 * A small project outside any git work tree (so discovery walks it), in a folder of its own: the
 * walk stamps the root's parent (see stampWalk's `requested`), and os.tmpdir() itself changes
 * whenever another test makes a folder there, which would leave the walk unstamped.
 */
function tree(): string {
  const root = path.join(
    makeProject({
      'project/src/app.ts': 'fetch("/a")',
      'project/src/api/client.ts': 'fetch("/b")',
      'project/src/api/types.d.ts': 'export {}',
      'project/src/empty/.keep': '',
      'project/src/api/deep/.keep': '',
      'project/src/ignored.js': 'fetch("/c")',
      'project/.gitignore': 'src/ignored.js\n',
      'project/lib/util.js': 'export const x = 1',
      'project/lib/.gitignore': 'nothing-here.js\n',
      'project/node_modules/pkg/index.js': 'fetch("/d")',
      'project/.hidden/tool.js': 'fetch("/e")',
      'project/README.md': '# x',
    }),
    'project',
  );
  // A link to a file outside the tree: no walked folder changes when the target does.
  const elsewhere = makeProject({ 'target.js': 'export const y = 2' });
  symlinkSync(path.join(elsewhere, 'target.js'), path.join(root, 'src/link.js'));
  return root;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function options(root: string, extra: Partial<DiscoverOptions> = {}): DiscoverOptions {
  return { root, paths: [], include: [], exclude: [], defaultExcludes: true, useGit: false, ...extra };
}

interface Case {
  readonly name: string;
  readonly extra?: Partial<DiscoverOptions>;
  /** The change made after the walk was recorded. */
  readonly change: (root: string) => void;
  /** Whether the record may still answer (the change cannot alter the listing). */
  readonly reused: boolean;
  /** Options of the run after the change, when they differ. */
  readonly then?: Partial<DiscoverOptions>;
}

const cases: Case[] = [
  { name: 'nothing changed', change: () => undefined, reused: true },
  {
    // The root's own stamp tells whether it is still the folder walked.
    name: "a folder added beside the root (its parent's stamp changes)",
    change: (root) => mkdirSync(path.join(root, '..', 'sibling')),
    reused: true,
  },
  {
    name: 'the root replaced by another folder',
    change: (root) => {
      renameSync(root, `${root}.old`);
      mkdirSync(path.join(root, 'src'), { recursive: true });
      writeFileSync(path.join(root, 'src/app.ts'), 'fetch("/a")');
    },
    reused: false,
  },
  {
    name: 'a listed file edited',
    change: (root) => writeFileSync(path.join(root, 'src/app.ts'), 'fetch("/z")'),
    reused: true,
  },
  {
    name: 'a file added below an excluded folder',
    change: (root) => writeFileSync(path.join(root, 'node_modules/pkg/more.js'), 'fetch("/f")'),
    reused: true,
  },
  {
    name: 'a file added in a dot folder no pattern names',
    change: (root) => writeFileSync(path.join(root, '.hidden/more.js'), 'fetch("/g")'),
    reused: true,
  },
  {
    name: 'a file added in a nested folder',
    change: (root) => writeFileSync(path.join(root, 'src/api/extra.ts'), 'fetch("/h")'),
    reused: false,
  },
  {
    name: 'a file added in a folder that held no source',
    change: (root) => writeFileSync(path.join(root, 'src/empty/new.js'), 'fetch("/i")'),
    reused: false,
  },
  {
    name: 'a folder of files added',
    change: (root) => {
      mkdirSync(path.join(root, 'src/feature/deep'), { recursive: true });
      writeFileSync(path.join(root, 'src/feature/deep/x.tsx'), 'fetch("/j")');
    },
    reused: false,
  },
  {
    name: 'a file removed',
    change: (root) => unlinkSync(path.join(root, 'lib/util.js')),
    reused: false,
  },
  {
    name: 'a file renamed',
    change: (root) => renameSync(path.join(root, 'lib/util.js'), path.join(root, 'lib/util2.js')),
    reused: false,
  },
  {
    name: 'a .gitignore edited',
    change: (root) => writeFileSync(path.join(root, '.gitignore'), 'lib/\n'),
    reused: false,
  },
  {
    name: 'a nested .gitignore edited',
    change: (root) => writeFileSync(path.join(root, 'lib/.gitignore'), 'util.js\n'),
    reused: false,
  },
  {
    name: 'a symlink target turned from a file into a folder',
    change: (root) => {
      const target = readlinkSync(path.join(root, 'src/link.js'));
      unlinkSync(target);
      mkdirSync(target);
    },
    reused: false,
  },
  {
    name: 'a .gitignore added in a subfolder',
    change: (root) => writeFileSync(path.join(root, 'src/api/.gitignore'), 'client.ts\n'),
    reused: false,
  },
  {
    name: 'a symlink to a folder added',
    change: (root) => symlinkSync(path.join(root, 'lib'), path.join(root, 'src/linked')),
    reused: false,
  },
  {
    name: 'a git work tree appears around a root git found none for',
    extra: { useGit: true },
    change: (root) => mkdirSync(path.join(root, '.git')),
    reused: false,
  },
  {
    name: 'other options',
    change: () => undefined,
    reused: false,
    then: { exclude: ['lib/**'] },
  },
  {
    name: 'explicit globs: a file added outside their folders',
    extra: { paths: ['src/**/*.ts'] },
    change: (root) => writeFileSync(path.join(root, 'lib/other.ts'), 'fetch("/k")'),
    reused: true,
  },
  {
    name: 'explicit globs: a file added inside',
    extra: { paths: ['src/**/*.ts'] },
    change: (root) => writeFileSync(path.join(root, 'src/api/more.ts'), 'fetch("/l")'),
    reused: false,
  },
  {
    name: 'explicit globs: a folder only the second of two patterns reaches',
    extra: { paths: ['src/api/*.ts', 'src/**/*.js'] },
    change: (root) => writeFileSync(path.join(root, 'src/api/deep/more.js'), 'fetch("/n")'),
    reused: false,
  },
  {
    name: 'explicit globs: a pattern ending in **',
    extra: { paths: ['src/**'] },
    change: (root) => writeFileSync(path.join(root, 'src/empty/more.ts'), 'fetch("/o")'),
    reused: false,
  },
  {
    name: 'explicit globs: a negated pattern',
    extra: { paths: ['src/**/*.ts', '!src/api/**'] },
    change: (root) => writeFileSync(path.join(root, 'src/empty/more.ts'), 'fetch("/p")'),
    reused: false,
  },
  {
    name: 'explicit globs: a folder a pattern cannot enter',
    extra: { paths: ['src/api/*.ts'] },
    change: (root) => writeFileSync(path.join(root, 'src/empty/more.ts'), 'fetch("/m")'),
    reused: true,
  },
];

describe('reusing a directory walk', () => {
  it('answers from the record exactly when nothing the listing depends on changed', async () => {
    const roots = cases.map(() => tree());
    // Folders changed within the last 2 s are not stamped (their next change could keep the stamp).
    expect(stampWalk(roots[0] ?? '', ['**/*.js'], [], [])).toBeNull();
    await sleep(2_100);
    for (const [i, c] of cases.entries()) {
      const root = roots[i] ?? '';
      const before = await discover({ ...options(root, c.extra), stampWalk: true });
      expect(before.walk, c.name).toBeDefined();
      if (!before.walk) continue;
      // The record answers for an unchanged tree with the walk's own listing.
      expect(reuseWalk(before.walk, options(root, c.extra))?.files, c.name).toEqual(before.files);
      c.change(root);
      const after = options(root, { ...c.extra, ...c.then });
      const reused = reuseWalk(before.walk, after);
      const fresh = await discover(after);
      expect(reused !== null, c.name).toBe(c.reused);
      if (reused) expect(reused.files, c.name).toEqual(fresh.files);
    }
  }, 20_000);

  it('records no walk when discovery reports a problem, and a git listing only as git output', async () => {
    const root = tree();
    const missing = await discover({ ...options(root, { paths: ['nope'] }), stampWalk: true });
    expect(missing.diagnostics.length).toBeGreaterThan(0);
    expect(missing.walk).toBeUndefined();
    const repo = path.resolve(import.meta.dirname, '../../fixtures');
    const listedOptions = options(repo, { useGit: true });
    const listed = await discover({ ...listedOptions, stampWalk: true });
    expect(listed.files.length).toBeGreaterThan(0);
    expect(listed.walk?.git).toMatch(/./);
    expect(listed.walk?.stamps).toEqual([]);
    // Even under the walk's own key, a git listing is never checked by (its empty) stamps.
    if (listed.walk)
      expect(reuseWalk({ ...listed.walk, key: walkKey(listedOptions) }, listedOptions)).toBeNull();
    // A folder git ignores is walked, but what git ignores can change without a stamp here.
    const outer = tree();
    execFileSync('git', ['init', '-q', outer]);
    writeFileSync(path.join(outer, '.gitignore'), 'src/\n');
    const bare = tree();
    await sleep(2_100);
    // No work tree around the root: the walk is kept until a `.git` appears above it.
    const inner = options(path.join(bare, 'src', 'api'), { useGit: true });
    const before = await discover({ ...inner, stampWalk: true });
    expect(before.walk).toBeDefined();
    if (before.walk) {
      expect(reuseWalk(before.walk, inner)).not.toBeNull();
      mkdirSync(path.join(bare, '.git'));
      expect(reuseWalk(before.walk, inner)).toBeNull();
    }
    const walked = await discover({ ...options(path.join(outer, 'src'), { useGit: true }), stampWalk: true });
    expect(walked.files.map((f) => f.path)).toContain('app.ts');
    expect(walked.walk).toBeUndefined();
  }, 10_000);
});
