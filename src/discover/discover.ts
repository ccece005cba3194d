import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import ignore, { type Ignore } from 'ignore';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic, SourceFile } from '../types.js';
import { contentHash } from '../util/hash.js';
import { compareStrings } from '../util/ordering.js';
import {
  isAbsolutePath,
  joinPath,
  relativePosix,
  resolvePath,
  resolverUnder,
  toPosix,
} from '../util/paths.js';
import { DEFAULT_EXCLUDES, LANGUAGE_BY_EXTENSION, SOURCE_EXTENSIONS } from './languages.js';
import { type EntryStamp, stampWalk, type WalkRecord, walkUnchanged } from './walk-stamps.js';

export interface DiscoverOptions {
  /** Absolute scan root: paths in the report are relative to it. */
  readonly root: string;
  /** Files, directories or globs, relative to root. Default: the whole root. */
  readonly paths: readonly string[];
  /** Globs of files to consider; default every supported extension. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly defaultExcludes: boolean;
  /** List files with git inside a work tree (default); false forces the directory walk. */
  readonly useGit?: boolean;
  /**
   * Record what a directory walk's listing depends on (see WalkRecord), so that a later run can
   * reuse it with reuseWalk instead of walking again.
   */
  readonly stampWalk?: boolean;
  /**
   * The last run's listing when it came from git (see WalkRecord.git): reused when git prints the
   * same list again for the same options.
   */
  readonly lastGitListing?: WalkRecord;
}

export interface Discovered {
  readonly files: readonly SourceFile[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * What the listing depends on: with stampWalk, when it came from a directory walk that gave no
   * diagnostic and could be stamped with certainty (see stampWalk); or git's output, when git
   * listed the files (see WalkRecord.git).
   */
  readonly walk?: WalkRecord;
  /**
   * The files came from `git ls-files`: one that is gone (deleted in the work tree, the deletion
   * not staged) or is a folder (a submodule) is left out when read, without a diagnostic, as if
   * it had not been listed (see readBytes' `listed`).
   */
  readonly listedByGit?: boolean;
}

/** The options a listing depends on, as one string. */
export function walkKey(options: DiscoverOptions): string {
  return JSON.stringify([
    options.root,
    options.paths,
    options.include,
    options.exclude,
    options.defaultExcludes,
    options.useGit ?? true,
  ]);
}

/**
 * The listing of an earlier directory walk with the same options, when nothing it depends on has
 * changed since (see WalkRecord); null when it must be walked again.
 */
export function reuseWalk(record: WalkRecord, options: DiscoverOptions): Discovered | null {
  // A listing from git depends on git's output, which no stamp tells (see discover).
  if (record.git !== undefined) return null;
  if (record.key !== walkKey(options) || !walkUnchanged(options.root, record)) return null;
  return { files: sourceFiles(options.root, record.files), diagnostics: [], walk: record };
}

function sourceFiles(root: string, paths: Iterable<string>): SourceFile[] {
  const files: SourceFile[] = [];
  const absolute = resolverUnder(root);
  const list = [...paths];
  // A recorded listing is sorted already: checked in one pass instead of sorted again.
  if (!list.every((rel, i) => i === 0 || compareStrings(list[i - 1] ?? '', rel) <= 0))
    list.sort(compareStrings);
  for (const rel of list) {
    // The extension as path.extname gives it (none for a name that starts with its only dot),
    // without its cost for every listed file.
    const dot = rel.lastIndexOf('.');
    const language =
      dot > Math.max(rel.lastIndexOf('/'), rel.lastIndexOf('\\')) + 1
        ? LANGUAGE_BY_EXTENSION[rel.slice(dot).toLowerCase()]
        : undefined;
    if (!language) continue;
    files.push({ path: rel, absPath: absolute(rel), language });
  }
  return files;
}

const ALL_SOURCES = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;

export async function discover(options: DiscoverOptions): Promise<Discovered> {
  const diagnostics: Diagnostic[] = [];
  const patterns: string[] = [];
  const explicitFiles: string[] = [];
  let sawGlob = false;
  const include = options.include.length > 0 ? options.include : [ALL_SOURCES];
  const requested = options.paths.length > 0 ? options.paths : ['.'];
  const requestedPaths: string[] = [];
  for (const raw of requested) {
    const abs = isAbsolutePath(raw) ? raw : resolvePath(options.root, raw);
    requestedPaths.push(abs);
    const rel = relativePosix(options.root, abs);
    let kind: 'dir' | 'file' | 'glob' | 'missing';
    try {
      const st = statSync(abs);
      kind = st.isDirectory() ? 'dir' : 'file';
    } catch {
      kind = /[*?[\]{}!]/.test(raw) ? 'glob' : 'missing';
    }
    if (kind === 'dir') {
      for (const glob of include) patterns.push(rel === '.' ? glob : `${rel}/${glob}`);
    } else if (kind === 'file') {
      explicitFiles.push(rel);
    } else if (kind === 'glob') {
      sawGlob = true;
      patterns.push(toPosix(raw));
    } else {
      diagnostics.push(createDiagnostic('read-error', { file: rel, reason: 'no such file or directory' }));
    }
  }
  const ignore = [...(options.defaultExcludes ? DEFAULT_EXCLUDES : []), ...options.exclude];
  let found: string[] = [];
  let stamps: Map<string, EntryStamp | null> | null = null;
  // Inside a git work tree, git already knows the files and the ignore rules: listing them is an
  // order of magnitude faster than walking the tree. Explicit globs still go to globby.
  const listed =
    patterns.length > 0 && !sawGlob && options.useGit !== false ? listWithGit(options.root) : null;
  // What a listing from git depends on besides git's output: the options, and what the requested
  // paths turned out to be this run (folders, files).
  const gitKey = JSON.stringify([walkKey(options), patterns, explicitFiles]);
  // An empty list means the folder is ignored or untracked as a whole: walk it instead.
  if (listed !== null && listed.paths.length > 0) {
    const last = options.lastGitListing;
    if (last?.git === listed.hash && last.key === gitKey) {
      return { files: sourceFiles(options.root, last.files), diagnostics, listedByGit: true, walk: last };
    }
    const wanted = picomatch(patterns, { dot: false });
    const unwanted = picomatch(ignore, { dot: true });
    found = listed.paths.filter((file) => wanted(file) && !unwanted(file));
  } else if (patterns.length > 0) {
    // Stamped before the walk: a change while it runs is seen by the next run. Git was asked
    // first unless the patterns are globs: a walk because no work tree is around the root stays
    // valid while no `.git` appears above it; one because git listed nothing (an ignored or
    // untracked folder) depends on git's state, which no stamp here tells, and is not kept.
    const gitAsked = !sawGlob && options.useGit !== false;
    if (options.stampWalk && (!gitAsked || listed === null)) {
      stamps = stampWalk(options.root, patterns, ignore, requestedPaths, gitAsked);
    }
    try {
      // Loaded here: inside a git work tree (a pre-commit hook) the walk is not needed.
      const { globby } = await import('globby');
      found = await globby(patterns, {
        cwd: options.root,
        // .gitignore files are applied below, only those on the way to a listed file: globby's own
        // option searches the whole tree for them first (most of the time on a large tree).
        gitignore: false,
        ignore,
        // Not onlyFiles: a dangling symlink is not a "file" to fast-glob and would vanish without a word.
        // Directories are marked with a trailing slash and dropped below (a folder named app.js).
        onlyFiles: false,
        markDirectories: true,
        // Symlinks are listed but never followed, so a symlink loop cannot trap the walk.
        followSymbolicLinks: false,
        dot: false,
      });
    } catch (error) {
      diagnostics.push(createDiagnostic('read-error', { file: '.', reason: errorReason(error) }));
    }
    found = withoutGitIgnored(options.root, found);
  }
  const unique = new Set<string>([...found.filter((f) => !f.endsWith('/')).map(toPosix), ...explicitFiles]);
  const files = sourceFiles(options.root, unique);
  if (listed !== null && listed.paths.length > 0) {
    const walk: WalkRecord = { key: gitKey, stamps: [], files: files.map((f) => f.path), git: listed.hash };
    return { files, diagnostics, listedByGit: true, walk };
  }
  if (stamps && diagnostics.length === 0) {
    const walk: WalkRecord = {
      key: walkKey(options),
      stamps: [...stamps].sort((a, b) => compareStrings(a[0], b[0])),
      files: files.map((f) => f.path),
    };
    return { files, diagnostics, walk };
  }
  return { files, diagnostics };
}

export function errorReason(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const messages: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ENOENT: 'no such file or directory',
      EISDIR: 'is a directory',
      ELOOP: 'too many levels of symbolic links',
      EMFILE: 'too many open files',
    };
    return messages[error.code] ?? error.code;
  }
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : 'unknown error';
}

/**
 * `git ls-files -co --exclude-standard` below root: tracked and untracked-but-not-ignored files,
 * root-relative. Null when root is not in a git work tree or git is unavailable; the caller walks
 * the tree instead. Git lists paths that may not be files now: one deleted in the work tree but
 * not in the index, and a submodule (a folder). The caller's reads leave those out (see
 * Discovered.listedByGit); a dangling symlink is reported by its read.
 */
function listWithGit(root: string): { paths: string[]; hash: string } | null {
  let output: string;
  try {
    output = execFileSync('git', ['-C', root, 'ls-files', '-co', '--exclude-standard', '-z', '--', '.'], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    });
  } catch {
    return null;
  }
  // Paths as git prints them: relative to the root, with '/' on every platform. Whether each
  // still exists is not asked here: reading it does that (see readBytes' `listed`), with the one
  // stat a file costs anyway.
  return { paths: output.split('\0').filter((file) => file !== ''), hash: contentHash(output) };
}

/**
 * Drops the paths a `.gitignore` between the root and the path ignores, as git does: each folder's
 * rules apply to the paths below it, a deeper file's rules win (a `!` pattern re-includes), and
 * nothing under an ignored folder comes back. Only the `.gitignore` files of folders that hold a
 * listed path are read.
 */
export function withoutGitIgnored(root: string, paths: readonly string[]): string[] {
  /** The .gitignore rules that apply in a folder: its ancestors' and its own, outermost first. */
  const chains = new Map<string, readonly (readonly [string, Ignore])[]>();
  const chainOf = (dir: string): readonly (readonly [string, Ignore])[] => {
    let chain = chains.get(dir);
    if (chain === undefined) {
      const inherited = dir === '' ? [] : chainOf(folderOf(dir));
      const file = joinPath(root, dir, '.gitignore');
      let own: Ignore | null = null;
      if (existsSync(file)) {
        try {
          own = ignore().add(readFileSync(file, 'utf8'));
        } catch {
          own = null;
        }
      }
      chain = own ? [...inherited, [dir, own] as const] : inherited;
      chains.set(dir, chain);
    }
    return chain;
  };
  /** Whether `path` (a folder when it ends with '/') is ignored by the rules above it; deeper rules win. */
  const ignoredBy = (path: string, chain: readonly (readonly [string, Ignore])[]): boolean => {
    let ignored = false;
    for (const [dir, rules] of chain) {
      const verdict = rules.test(dir === '' ? path : path.slice(dir.length + 1));
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  };
  const folderIgnored = new Map<string, boolean>();
  /** Nothing under an ignored folder comes back, whatever deeper rules say. */
  const underIgnoredFolder = (dir: string): boolean => {
    if (dir === '') return false;
    let ignored = folderIgnored.get(dir);
    if (ignored === undefined) {
      const parent = folderOf(dir);
      ignored = underIgnoredFolder(parent) || ignoredBy(`${dir}/`, chainOf(parent));
      folderIgnored.set(dir, ignored);
    }
    return ignored;
  };
  return paths.filter((path) => {
    const posix = toPosix(path).replace(/\/$/, '');
    const dir = folderOf(posix);
    const chain = chainOf(dir);
    if (chain.length === 0) return true;
    return !underIgnoredFolder(dir) && !ignoredBy(path.endsWith('/') ? `${posix}/` : posix, chain);
  });
}

/** The folder of a root-relative posix path ('' at the root). */
function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}
