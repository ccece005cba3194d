import { readdirSync, type Stats, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { dirnameOf, joinPath, relativePosix, resolvePath, resolverUnder } from '../util/paths.js';
import { equalStamps, RACY_MS } from './read.js';

/**
 * A folder or file as a directory walk saw it: [mtime ms, ctime ms, inode, mode, size]. A folder's
 * mtime and ctime change whenever an entry is added to it, removed from it or renamed in it; its
 * mode changes with its type and permissions.
 */
export type EntryStamp = readonly [number, number, number, number, number];

/**
 * What a directory walk's listing depends on, so that a later run can reuse the listing without
 * walking: the stamp of every folder the walk could enter (an added or removed file changes its
 * folder's stamp), of every folder on the way from the root to a pattern's base, of the
 * `.gitignore` files in them, of the targets of symlinks found, and of the parent folder of every
 * requested path. `null` stands for "did not exist".
 */
export interface WalkRecord {
  /** The discovery options the listing was made for (see walkKey). */
  readonly key: string;
  /** Root-relative posix path ('.' for the root) -> its stamp then. */
  readonly stamps: readonly (readonly [string, EntryStamp | null])[];
  /** The root-relative files the walk listed, sorted. */
  readonly files: readonly string[];
  /**
   * Set when the listing came from `git ls-files` instead of a walk (and `stamps` is empty): the
   * content hash of git's output. The same output with the same options gives the same files, so
   * a later run that gets it again skips matching every path against the patterns.
   */
  readonly git?: string;
}

function stampOf(st: Stats): EntryStamp {
  return [st.mtimeMs, st.ctimeMs, st.ino, st.mode, st.size];
}

function currentStamp(absPath: string): EntryStamp | null {
  try {
    return stampOf(statSync(absPath));
  } catch {
    return null;
  }
}

/** Whether every folder and file a walk's listing depends on is as it was: then so is the listing. */
export function walkUnchanged(root: string, record: WalkRecord): boolean {
  const absolute = resolverUnder(root);
  return record.stamps.every(([path, stamp]) => equalStamps(currentStamp(absolute(path)), stamp));
}

/**
 * Whether a folder (its root-relative path, by segments) can hold a file `pattern` matches, at
 * any depth: each of its segments matches the pattern's segment at that depth, until a `**`.
 * A pattern whose braces or parentheses hold a `/` cannot be cut into segments: every folder may.
 */
function mayMatchBelow(pattern: string): (segments: readonly string[]) => boolean {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth = Math.max(0, depth - 1);
    else if (c === '/') {
      if (depth > 0) return () => true;
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  // `./src/*.js`, `../shared/**`: not cut into the segments of root-relative folder paths.
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return () => true;
  const matchers = parts.map((part) => (part === '**' ? null : picomatch(part, { dot: true })));
  return (segments) => {
    for (const [i, segment] of segments.entries()) {
      const matcher = matchers[i];
      if (matcher === null) return true; // a `**`: anything below may match
      if (matcher === undefined || i === matchers.length - 1) return false; // the last part names files
      if (!matcher(segment)) return false;
    }
    return true;
  };
}

/** A pattern that can match inside a folder whose name starts with a dot (`.storybook/*.js`). */
const DOT_SEGMENT = /(?:^|[/{,(|])\.[^./]/;

/**
 * Stamps everything a walk of `patterns` (root-relative globs) can depend on, before the walk runs:
 * a change after this is seen by the next run. Folders are entered from each pattern's static
 * base as far as its segments can reach (see mayMatchBelow), except where no listed file can come
 * from: below a folder an `ignore` pattern ending in `/**` excludes as a whole, and folders
 * starting with a dot when no pattern names one (the walk does not match dot files). A negated
 * pattern only removes files from folders the others enter. Symlinks are not entered (the walk
 * does not follow them) but their targets are stamped. With `noWorkTree` (the files were walked
 * because git found no work tree), a `.git` in the root or any folder above it is stamped too. Paths are root-relative. Null when
 * something cannot be stamped with certainty: a folder that cannot be listed, or one changed
 * within RACY_MS of now (a second change within its clock tick would leave its stamp unchanged).
 */
export function stampWalk(
  root: string,
  patterns: readonly string[],
  ignore: readonly string[],
  requested: readonly string[],
  noWorkTree = false,
): Map<string, EntryStamp | null> | null {
  const now = Date.now();
  const stamps = new Map<string, EntryStamp | null>();
  let certain = true;
  const stamp = (absPath: string): EntryStamp | null => {
    const existing = stamps.get(absPath);
    if (existing !== undefined) return existing;
    const found = currentStamp(absPath);
    if (found && Math.max(found[0], found[1]) >= now - RACY_MS) certain = false;
    stamps.set(absPath, found);
    return found;
  };
  const enterDots = patterns.some((p) => DOT_SEGMENT.test(p));
  const wholeExcluded = ignore
    .filter((p) => p.endsWith('/**'))
    .map((p) => picomatch(p.slice(0, -'/**'.length), { dot: true }));
  // Each pattern enters folders of its own: one that another pattern entered may still hold
  // folders only this one reaches.
  const visit = (absDir: string, relDir: string, below: (segments: readonly string[]) => boolean): void => {
    if (!certain) return;
    stamp(absDir);
    let entries;
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch (error) {
      // A base that is not there is a listing of nothing (its parent's stamp tells when it comes).
      if ((error as { code?: string }).code !== 'ENOENT' && (error as { code?: string }).code !== 'ENOTDIR')
        certain = false;
      return;
    }
    for (const entry of entries) {
      const absPath = joinPath(absDir, entry.name);
      if (entry.name === '.gitignore' || entry.isSymbolicLink()) {
        stamp(absPath);
        continue;
      }
      if (!entry.isDirectory()) continue;
      if (!enterDots && entry.name.startsWith('.')) continue;
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (wholeExcluded.some((excluded) => excluded(rel))) continue;
      if (!below(rel.split('/'))) continue;
      visit(absPath, rel, below);
    }
  };
  for (const pattern of patterns) {
    const { base, negated } = picomatch.scan(pattern);
    if (negated) continue;
    const segments = base === '' || base === '.' ? [] : base.split('/');
    // The folders on the way to the base, and their .gitignore files (read for the listing).
    for (let depth = 0; depth <= segments.length; depth++) {
      const dir = resolvePath(root, segments.slice(0, depth).join('/') || '.');
      stamp(dir);
      stamp(joinPath(dir, '.gitignore'));
    }
    visit(resolvePath(root, base || '.'), segments.join('/'), mayMatchBelow(pattern));
  }
  // Whether each requested path is a folder, a file or missing: its parent folder changes when it
  // comes, goes or changes type. Not for the root itself: its own stamp (inode and mode included)
  // tells that already, and its parent may be a busy folder (the system's temporary folder, a
  // downloads folder) whose stamp would leave the walk unstamped or make it stale for nothing.
  const rootPath = resolvePath(root);
  for (const path of requested) if (resolvePath(path) !== rootPath) stamp(dirnameOf(path));
  // Listed by walking because no git work tree holds the root: one that appears (a `.git` in the
  // root or a folder above it) would list the files instead.
  if (noWorkTree) {
    for (let dir = resolvePath(root); ; dir = dirnameOf(dir)) {
      stamp(joinPath(dir, '.git'));
      if (dirnameOf(dir) === dir) break;
    }
  }
  if (!certain) return null;
  return new Map([...stamps].map(([path, found]) => [relativePosix(root, path), found]));
}
