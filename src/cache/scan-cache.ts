import { type Discovered, type DiscoverOptions, reuseWalk } from '../discover/discover.js';
import { equalStamps, type FileStamp, RACY_MS, statStamp } from '../discover/read.js';
import type { WalkRecord } from '../discover/walk-stamps.js';
import type { EnvFiles } from '../resolve/env.js';
import { type CalleeKind, mentionsAny, wordsOf } from '../analyze/prefilter.js';
import {
  type Dependencies,
  exportShapeOfFile,
  type ModuleRecord,
  type Project,
  resolutionRecord,
} from '../resolve/project.js';
import type { Diagnostic, Finding, SourceFile } from '../types.js';
import { compareStrings } from '../util/ordering.js';
import {
  type CacheData,
  type CacheEntry,
  type CacheFileRow,
  type CacheKeyInput,
  CacheValidator,
  CACHE_FORMAT,
  cacheKey,
  readCache,
  sameNames,
  toEntry,
  hashFileOnDisk,
  writeCache,
} from './cache.js';

/**
 * A discovered file that was read: its content hash (of the bytes), whether it has a sink word,
 * and its text, which a warm run may never need to decode.
 */
export interface ReadFile {
  readonly file: SourceFile;
  readonly text: string;
  readonly hash: string;
  readonly sink: boolean;
  readonly invalidEncoding: boolean;
  /** Its stamp when it was read (or found unchanged by its stamp), if known. */
  readonly stamp: FileStamp | null;
}

/** A file the scan analyses: parsed now (record), or answered by the cache (cached). */
export interface Analysed {
  readonly read: ReadFile;
  readonly record: ModuleRecord | null;
  readonly cached: { readonly entry: CacheEntry; readonly instances: readonly string[] } | null;
  /** Client instances the file exports (see instanceNames). */
  readonly instances: readonly string[];
  /** Parse diagnostics to report for it (only for files with a sink word, as without a cache). */
  readonly parseDiagnostics?: readonly Diagnostic[];
}

export interface FreshResult {
  readonly item: Analysed;
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
  readonly dependencies: Dependencies;
}

/** The cache as one scan uses it: what it may reuse, and what it writes back. */
export interface ScanCache {
  /** What the last run knew of the file with this content: sink word, invalid encoding (or undefined). */
  known(absPath: string, hash: string): { sink: boolean; invalidEncoding: boolean } | undefined;
  /**
   * The same, for a file whose stamp is the one the last run read it with: its content is taken
   * to be unchanged without reading it (as git does for its index). Only stamps older than that
   * run by RACY_MS are kept, so a write in the same clock tick as the read is never missed.
   */
  sameStamp(
    absPath: string,
    stamp: FileStamp,
  ): { hash: string; sink: boolean; invalidEncoding: boolean } | undefined;
  /** No file was added, changed or removed since the last run (call after begin). */
  unchanged(): boolean;
  /** Whether the last run analysed this file (its selection is the same when nothing changed). */
  wasAnalysed(absPath: string): boolean;
  /** Every file this run read: from here on, results can be checked against them. */
  begin(read: readonly ReadFile[], startedAt: number): void;
  /**
   * The files that may call by `name` a wrapper of this kind now, when the last run looked up its
   * call sites for a wrapper whose candidate files include those of this kind (a function's
   * include a method's and a class's): the files whose calls it checked then, less those changed
   * or gone, plus changed and new files with a call by that name. Null when it did not.
   */
  callersOf(name: string, kind: CalleeKind): readonly string[] | null;
  /**
   * Whether a file mentions one of these client-instance names, without reading an unchanged
   * file when the last run recorded its mentions of every one of them; null when it did not.
   */
  mentioning(
    names: ReadonlySet<string>,
    inText: (text: string) => boolean,
  ): ((file: ReadFile) => boolean) | null;
  reusable(file: ReadFile): { entry: CacheEntry; instances: readonly string[] } | null;
  /**
   * The last run's listing of files, when it came from a directory walk with these options and
   * nothing the listing depends on has changed (see WalkRecord); null when the tree must be walked
   * (always, in a run that trusts no stamp).
   */
  listing(options: DiscoverOptions): Discovered | null;
  /** The last run's listing if git made it (see DiscoverOptions.lastGitListing). */
  lastGitListing(): WalkRecord | undefined;
  /** The walk record of this run's listing, written with the results (see Discovered.walk). */
  listed(walk: WalkRecord | undefined): void;
  /** Writes the results of this run; returns a problem (the scan itself is unaffected), or null. */
  save(analysed: readonly Analysed[], fresh: readonly FreshResult[]): string | null;
}

export function openCache(
  location: string,
  keyInput: CacheKeyInput,
  project: Project,
  env: EnvFiles,
  onProblem: (problem: string) => void = () => undefined,
  /** Whether a file whose stamp is unchanged is taken to be unchanged (cacheStrategy metadata). */
  trustStamps = true,
): ScanCache {
  const key = cacheKey(keyInput);
  const { data: previous, problem, journal } = readCache(location, key);
  if (problem) onProblem(problem);
  let read: readonly ReadFile[] = [];
  let readStart = 0;
  let current = new Map<string, string>();
  let changed: ReadFile[] = [];
  let changedPaths = new Set<string>();
  let removed = false;
  let validator: CacheValidator | null = null;
  let walk: WalkRecord | undefined;
  let changedCallees: Map<string, string[]> | null = null;
  const callees = (): Map<string, string[]> => (changedCallees ??= calleesOf(changed, project));
  let callers: Map<string, Set<string>> | null = null;
  /** Hashes of files outside the scan known this run: by their stamp, or read now. */
  const outsideHashes = new Map<string, string>();
  /** The last run's rows of files outside the scan whose stamp held this run. */
  const outsideHeld = new Map<string, CacheFileRow>();
  const outsideHash = (path: string): string => {
    let hash = outsideHashes.get(path);
    if (hash === undefined) {
      const row = previous?.outside?.[path];
      const stamp = trustStamps && row ? statStamp(path) : null;
      if (row && stamp && typeof row.h === 'string' && Array.isArray(row.m) && equalStamps(row.m, stamp)) {
        hash = row.h;
        outsideHeld.set(path, row);
      } else hash = hashFileOnDisk(path);
      outsideHashes.set(path, hash);
    }
    return hash;
  };
  const validate = (): CacheValidator =>
    (validator ??= new CacheValidator({
      current,
      changedCallees: callees(),
      anyChange: changed.length > 0 || removed,
      typedFiles: previous?.typed ?? [],
      resolve: (importer, specifier) => {
        return resolutionRecord(project.resolveSpecifier(importer, specifier));
      },
      outsideHash,
      envDir: (module) => env.dirOf(module),
      envFingerprint: (dir) => env.fingerprint(dir),
      exportShape: (path) => exportShapeOfFile(path, keyInput.root),
      // Typed answers depend on the whole program: no result of typed mode is revised.
      ...(keyInput.typed ? {} : { recheck: (lookup, site) => project.recheckSite(lookup, site) }),
    }));

  return {
    known(absPath, hash) {
      const row = previous?.files[absPath];
      return row && row.h === hash ? { sink: row.s === 1, invalidEncoding: row.e === 1 } : undefined;
    },
    sameStamp(absPath, stamp) {
      const row = previous?.files[absPath];
      const m = row?.m;
      if (!row || !Array.isArray(m) || !equalStamps(m, stamp)) return undefined;
      return { hash: row.h, sink: row.s === 1, invalidEncoding: row.e === 1 };
    },
    unchanged() {
      return previous !== null && changed.length === 0 && !removed;
    },
    wasAnalysed(absPath) {
      return previous?.files[absPath]?.i !== undefined;
    },
    begin(files, startedAt) {
      read = files;
      readStart = startedAt;
      current = new Map(files.map((r) => [r.file.absPath, r.hash]));
      changed = files.filter((r) => previous?.files[r.file.absPath]?.h !== r.hash);
      changedPaths = new Set(changed.map((r) => r.file.absPath));
      removed = previous ? Object.keys(previous.files).some((path) => !current.has(path)) : false;
    },
    callersOf(name, kind) {
      callers ??= checkedCallers(previous, current);
      const checked = callers.get(`${kind}\0${name}`);
      if (!checked) return null;
      const changedNow = callees().get(name) ?? [];
      return changedNow.length === 0 ? [...checked] : [...new Set([...checked, ...changedNow])];
    },
    mentioning(names, inText) {
      const recorded = previous?.mentions;
      if (!recorded || [...names].some((name) => !Array.isArray(recorded[name]))) return null;
      const known = new Set([...names].flatMap((name) => recorded[name] ?? []));
      return (file) =>
        changedPaths.has(file.file.absPath) ? inText(file.text) : known.has(file.file.absPath);
    },
    reusable(file) {
      if (!previous) return null;
      const entry = previous.entries[file.file.absPath];
      const row = previous.files[file.file.absPath];
      if (!entry || !row || row.h !== file.hash) return null;
      const valid = validate().valid(entry, file.hash);
      return valid ? { entry: valid, instances: row.i ?? [] } : null;
    },
    listing(options) {
      // A run that trusts no stamp walks the tree again (and see listed()).
      return trustStamps && previous?.walk ? reuseWalk(previous.walk, options) : null;
    },
    lastGitListing() {
      return previous?.walk?.git !== undefined ? previous.walk : undefined;
    },
    listed(record) {
      // A run that trusts no stamp records no walk, and leaves the last one as it was: a later run
      // checks its stamps before it reuses it.
      walk = trustStamps ? record : (record ?? previous?.walk);
    },
    save(analysed, fresh) {
      /** A stamp if it is older than the run by RACY_MS (no write during the run can hide behind it). */
      const kept = (stamp: FileStamp | null): FileStamp | undefined =>
        stamp && Math.max(stamp[1], stamp[2]) < readStart - RACY_MS ? stamp : undefined;
      const stampOf = (r: ReadFile): FileStamp | undefined => kept(r.stamp);
      const trusted = (path: string): FileStamp | undefined => kept(statStamp(path));
      const entries: Record<string, CacheEntry> = {};
      for (const item of analysed) if (item.cached) entries[item.read.file.absPath] = item.cached.entry;
      for (const result of fresh) {
        entries[result.item.read.file.absPath] = toEntry(
          result.item.read.hash,
          result.findings,
          result.diagnostics,
          result.dependencies,
          (path) => project.hashOf(path),
          (dir) => env.fingerprint(dir),
        );
      }
      // Files outside the scan that results depend on, with their stamp if it can be trusted. A run
      // that trusts no stamp (cacheStrategy content) leaves the last run's rows as they were: a
      // later run still checks each one's stamp.
      const outside: Record<string, CacheFileRow> = trustStamps ? {} : { ...(previous?.outside ?? {}) };
      if (trustStamps) {
        for (const entry of Object.values(entries)) {
          for (const [path] of [...entry.modules, ...entry.shapes, ...entry.reads]) {
            if (current.has(path) || Object.hasOwn(outside, path)) continue;
            // What the project read this run comes first: a row that held by its stamp but says
            // otherwise (edited by hand) is replaced, not kept.
            const hash = project.hashOf(path) ?? outsideHashes.get(path);
            const held = outsideHeld.get(path);
            if (held && held.h === hash) {
              outside[path] = held;
              continue;
            }
            const stamp = hash ? trusted(path) : null;
            if (hash && stamp) outside[path] = { h: hash, m: stamp };
          }
        }
      }
      // Nothing changed, nothing was analysed again, and no stamp became trusted or stopped
      // holding: the file on disk already says all this.
      const before = previous?.outside ?? {};
      const sameOutside =
        Object.keys(outside).length === Object.keys(before).length &&
        Object.entries(outside).every(([path, row]) => Object.hasOwn(before, path) && before[path] === row);
      if (
        previous &&
        changed.length === 0 &&
        !removed &&
        fresh.length === 0 &&
        sameOutside &&
        walk === previous.walk &&
        read.every((r) => equalStamps(stampOf(r), previous.files[r.file.absPath]?.m))
      )
        return null;
      const files: Record<string, CacheFileRow> = {};
      const byPath = new Map(analysed.map((a) => [a.read.file.absPath, a]));
      for (const r of read) {
        const item = byPath.get(r.file.absPath);
        const m = stampOf(r);
        // The last run's row when it says the same: nothing new is made, and a delta skips it at once.
        const old = previous?.files[r.file.absPath];
        if (
          old &&
          old.h === r.hash &&
          (old.s === 1) === r.sink &&
          (old.e === 1) === r.invalidEncoding &&
          equalStamps(old.m, m) &&
          sameNames(old.i, item?.instances)
        ) {
          files[r.file.absPath] = old;
          continue;
        }
        const flags = {
          ...(r.sink ? { s: 1 as const } : {}),
          ...(r.invalidEncoding ? { e: 1 as const } : {}),
          ...(m ? { m } : {}),
        };
        files[r.file.absPath] = item ? { h: r.hash, ...flags, i: item.instances } : { h: r.hash, ...flags };
      }
      // Typed answers made now depend on the programs as they are now; reused ones on the files
      // their run read (unchanged, or they would not have been reused).
      const freshTyped = fresh.some((r) => r.dependencies.typed);
      const reusedTyped = analysed.some((a) => a.cached?.entry.typed);
      const typedRows = new Map<string, string>(reusedTyped ? (previous?.typed ?? []) : []);
      if (freshTyped) for (const path of project.typedFiles()) typedRows.set(path, hashFileOnDisk(path));
      const typed = [...typedRows].sort((a, b) => compareStrings(a[0], b[0]));
      const mentions = mentionsFor(
        new Set(analysed.flatMap((a) => a.instances)),
        read,
        changedPaths,
        previous,
      );
      const data: CacheData = {
        format: CACHE_FORMAT,
        key,
        files,
        entries,
        typed,
        mentions,
        ...(walk ? { walk } : {}),
        outside,
      };
      return writeCache(location, data, previous && journal ? { data: previous, journal } : null);
    },
  };
}

/**
 * The names the calls of the new and changed files are indexed under, each with those files: a
 * cached result that looked up one of them may have a new call site there. (A call a changed file
 * no longer makes is caught by its hash: the file is among the result's checked files.)
 */
function calleesOf(changed: readonly ReadFile[], project: Project): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const r of changed) {
    // Parsed by the project, once for this and for its analysis. One that cannot be parsed (or is
    // too deep to index): every word it holds may be a callee.
    const found = project.calleeNamesOf(r.file.absPath) ?? wordsOf(r.text);
    for (const name of found) {
      const files = names.get(name);
      if (files) files.push(r.file.absPath);
      else names.set(name, [r.file.absPath]);
    }
  }
  return names;
}

/**
 * Kind and name -> the files whose calls the last run checked for a lookup by that name, for a
 * wrapper of a kind whose candidate files include those of this kind, if they are unchanged. A
 * lookup checks every discovered file with a call by one of its names (and a revised entry adds
 * the changed files it checked again), so for an unchanged file this is complete.
 */
function checkedCallers(
  previous: CacheData | null,
  current: ReadonlyMap<string, string>,
): Map<string, Set<string>> {
  try {
    return callersIn(previous, current);
  } catch {
    // A cache edited by hand into another shape knows no callers: the texts are searched.
    return new Map();
  }
}

const COVERED: Readonly<Record<string, readonly CalleeKind[]>> = {
  function: ['function', 'method', 'class'],
  method: ['method'],
  class: ['class'],
};

function callersIn(
  previous: CacheData | null,
  current: ReadonlyMap<string, string>,
): Map<string, Set<string>> {
  const callers = new Map<string, Set<string>>();
  for (const entry of Object.values(previous?.entries ?? {})) {
    for (const [, , , names, checks, kind] of entry.lookups ?? []) {
      // A lookup for a function checked every file a method's or a class's would; one for a
      // method or a class left out files that can only call the other (see mayCallByName).
      if (typeof kind !== 'string' || !Object.hasOwn(COVERED, kind)) continue;
      const unchanged = checks.filter(([site]) => current.get(site) === previous?.files[site]?.h);
      for (const covered of COVERED[kind] ?? []) {
        for (const name of names) {
          const key = `${covered}\0${name}`;
          let files = callers.get(key);
          if (!files) {
            files = new Set();
            callers.set(key, files);
          }
          for (const [site] of unchanged) files.add(site);
        }
      }
    }
  }
  return callers;
}

/**
 * Client-instance name -> the files that mention it as a word, for every name an analysed file
 * exports: what the last run knew for unchanged files, read now for changed files and for names
 * it did not know.
 */
function mentionsFor(
  names: ReadonlySet<string>,
  read: readonly ReadFile[],
  changedPaths: ReadonlySet<string>,
  previous: CacheData | null,
): Record<string, string[]> {
  const mentions: Record<string, string[]> = {};
  for (const name of [...names].sort(compareStrings)) {
    const inText = mentionsAny(new Set([name]));
    const before = previous?.mentions?.[name];
    const known = Array.isArray(before) ? new Set(before) : null;
    mentions[name] = read
      .filter((r) =>
        known && !changedPaths.has(r.file.absPath) ? known.has(r.file.absPath) : inText(r.text),
      )
      .map((r) => r.file.absPath);
  }
  return mentions;
}
