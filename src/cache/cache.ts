import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import type { CalleeKind } from '../analyze/prefilter.js';
import { isEmittableSource } from '../csp/grammar.js';
import { type Dependencies, lookupKey, mergeDependencies, noDependencies } from '../resolve/project.js';
import { equalStamps, type FileStamp } from '../discover/read.js';
import type { WalkRecord } from '../discover/walk-stamps.js';
import type { Diagnostic, Finding, TraceStep } from '../types.js';
import { contentHash } from '../util/hash.js';
import { compareStrings } from '../util/ordering.js';
import { OWN_DIR, RUNNING_FILE } from '../util/package-dir.js';
import { basenameOf, dirnameOf, joinPath } from '../util/paths.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from '../util/write-atomic.js';
import { moduleHashes, toolMemoFile } from './tool-fingerprint.js';

/**
 * The scan cache: each analysed file's findings and diagnostics, keyed by its content hash, with
 * everything its analysis read besides the file (see Dependencies). A result is reused only when
 * the file and every one of those is unchanged, every import still resolves to the same file, no
 * changed or new file mentions a wrapper name it looked up, and its env files are the same. One
 * JSON file per tool build and options, written atomically; a cache that cannot be read is a cold
 * run, never an error.
 */
export const CACHE_FORMAT = 7;

/** What one analysed file produced, and what that depended on. Paths are absolute. */
export interface CacheEntry {
  /** Content hash of the file. */
  readonly h: string;
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
  /** Modules read: path -> content hash ('' when it could not be read). */
  readonly modules: readonly (readonly [string, string])[];
  /** Modules only searched for an export name: [path, content hash, export shape]. */
  readonly shapes: readonly (readonly [string, string, string])[];
  /** Modules read only to decide whether calls reach a wrapper: path -> content hash. */
  readonly reads: readonly (readonly [string, string])[];
  /** Wrappers whose call sites were looked for (see Lookup). */
  readonly lookups: readonly CachedLookup[];
  /** `importer \0 specifier` -> resolved path ('' when unresolved). */
  readonly resolutions: readonly (readonly [string, string])[];
  /** [module, app folder, env fingerprint] */
  readonly env: readonly (readonly [string, string, string])[];
  readonly typed: boolean;
}

/** [wrapper module, script, start offset, callee names, checks, kind of wrapper (see CalleeKind)] */
export type CachedLookup = readonly [
  string,
  number,
  number,
  readonly string[],
  readonly CachedCheck[],
  CalleeKind,
];

/** [file of calls, its content hash, 1 when a call reached the wrapper or was undecided, indexes into reads] */
export type CachedCheck = readonly [string, string, 0 | 1, readonly number[]];

/** Every discovered file of the last run: its hash, and its exported client instances once parsed. */
export interface CacheFileRow {
  readonly h: string;
  /** 1 when the file has a sink word (the pre-filter's answer for this hash). */
  readonly s?: 1;
  /** 1 when the file is not valid UTF-8 (its invalid-encoding diagnostic, without decoding it). */
  readonly e?: 1;
  readonly i?: readonly string[];
  /** The file's stamp when it was read, if older than the run by RACY_MS (see ScanCache.sameStamp). */
  readonly m?: FileStamp;
}

export interface CacheData {
  readonly format: typeof CACHE_FORMAT;
  readonly key: string;
  readonly files: Readonly<Record<string, CacheFileRow>>;
  readonly entries: Readonly<Record<string, CacheEntry>>;
  /** Typed mode: every file the TypeScript programs read (with config files), path -> hash. */
  readonly typed?: readonly (readonly [string, string])[];
  /** Client-instance name an analysed file exports -> the files that mention it as a word. */
  readonly mentions?: Readonly<Record<string, readonly string[]>>;
  /** The last directory walk's listing and what it depends on (see WalkRecord). */
  readonly walk?: WalkRecord;
  /**
   * Modules outside the scan that results depend on (libraries in node_modules, say): their hash,
   * with the stamp they had (see ScanCache.sameStamp), so that a warm run stats them rather than
   * read and hash them.
   */
  readonly outside?: Readonly<Record<string, CacheFileRow>>;
}

/** The options a cached result depends on; anything else (include, exclude, formats) does not change one file's result. */
export interface CacheKeyInput {
  readonly root: string;
  readonly mode: string;
  readonly env: Readonly<Record<string, string>>;
  readonly origin: string | null;
  readonly typed: boolean;
  readonly prefilter: boolean;
  readonly maxFileSize: number;
}

let toolFingerprint: string | null = null;

/**
 * The tool's own build: its code (every module of the folder it runs from: dist, the CLI bundle
 * included, or src), which file of it runs (the bundle or the modules), and the versions of the
 * libraries that parse and resolve. A rebuilt tool never reads an older tool's results.
 */
function tool(): string {
  if (toolFingerprint !== null) return toolFingerprint;
  const parts: string[] = [VERSION, RUNNING_FILE];
  try {
    for (const [file, hash] of moduleHashes(OWN_DIR, toolMemoFile(OWN_DIR))) parts.push(file, hash);
  } catch {
    // The tool's own files cannot be listed: a fingerprint no later run can match, so no reuse.
    parts.push(randomUUID());
  }
  for (const name of ['@babel/parser', 'oxc-resolver', 'parse5', 'dotenv', 'dotenv-expand', 'ts-morph']) {
    parts.push(name, packageVersion(name, OWN_DIR));
  }
  toolFingerprint = contentHash(parts.join('\n'));
  return toolFingerprint;
}

/**
 * The version of the package `name` that a module in `from` loads: the first
 * node_modules/<name>/package.json up the tree, as Node looks for it. Read as a file, since a
 * package's `exports` may not expose package.json to require (parse5's does not).
 */
export function packageVersion(name: string, from: string): string {
  for (let dir = from; ; dir = dirnameOf(dir)) {
    let text: string | null = null;
    try {
      // Node looks in no node_modules/node_modules.
      if (basenameOf(dir) !== 'node_modules') {
        text = readFileSync(joinPath(dir, 'node_modules', name, 'package.json'), 'utf8');
      }
    } catch {
      // not in this folder's node_modules
    }
    if (text !== null) {
      try {
        const { version } = JSON.parse(text) as { version?: unknown };
        return typeof version === 'string' ? version : 'unknown';
      } catch {
        return 'unreadable';
      }
    }
    if (dirnameOf(dir) === dir) return 'missing';
  }
}

export function cacheKey(input: CacheKeyInput): string {
  const env = Object.keys(input.env)
    .sort()
    .map((k) => [k, input.env[k]]);
  return contentHash(
    JSON.stringify([
      CACHE_FORMAT,
      tool(),
      input.root,
      input.mode,
      env,
      input.origin,
      input.typed,
      input.prefilter,
      input.maxFileSize,
    ]),
  );
}

/** Each options key has its own file, so switching between two modes keeps both warm. */
function cacheFile(location: string, key: string): string {
  return joinPath(location, `scan-${key.slice(0, 16)}.json`);
}

/** How many cache files (option sets) are kept in one location; the oldest go first. */
const MAX_CACHE_FILES = 8;

/**
 * How the cache file on disk stands after reading it: the record the next delta follows, the
 * steps table the file's entries index into, and whether a delta may be appended at all.
 */
export interface Journal {
  /** Id of the last record applied (the base, or the last delta). */
  readonly id: string;
  /** Every step of the base and the deltas applied, in table order. */
  readonly steps: readonly TraceStep[];
  /** Deltas applied after the base. */
  readonly deltas: number;
  readonly baseBytes: number;
  readonly deltaBytes: number;
  /** A line that could not be applied (torn, or written beside another run's): rewrite the file. */
  readonly broken: boolean;
}

/**
 * A run that changed little appends a delta line instead of rewriting the file (see writeCache);
 * once the deltas reach this many, or half the base's size, the next write is a whole file again.
 */
export const MAX_DELTAS = 16;

/**
 * The previous run's data for these options, or null (none yet, another build, unreadable, or a
 * file git tracks: a cache that came with the repository is not this machine's work and could
 * have been written to hide a connection). Every cached source is checked against the CSP grammar
 * again, and an entry with one that fails is dropped, so a hand-edited cache cannot put a token
 * into the policy that the scan itself would refuse.
 *
 * The file is a base record and the deltas later runs appended, one JSON document per line. Each
 * delta names the record it was computed from; reading stops at the first line that does not
 * follow the one before (a write that was cut short, or two runs that appended from the same
 * state), so what is read is always the state one run left.
 */
export function readCache(
  location: string,
  key: string,
): { data: CacheData | null; problem: string | null; journal: Journal | null } {
  const none = { data: null, problem: null, journal: null };
  const file = cacheFile(location, key);
  let lines: string[];
  let data: Partial<StoredData> & { id?: unknown };
  try {
    lines = readFileSync(file, 'utf8').split('\n');
    data = JSON.parse(lines[0] ?? '') as Partial<StoredData> & { id?: unknown };
  } catch {
    return none;
  }
  if (
    data.format !== CACHE_FORMAT ||
    data.key !== key ||
    typeof data.id !== 'string' ||
    !isRecord(data.files) ||
    !isRecord(data.entries) ||
    !Array.isArray(data.steps)
  ) {
    return none;
  }
  if (trackedByGit(file)) {
    return {
      data: null,
      problem: `${file} is tracked by git, so it was not used (caches are not committed)`,
      journal: null,
    };
  }
  // The parsed objects are this call's own: deltas are applied to them in place.
  const files: Record<string, CacheFileRow> = data.files;
  const storedEntries: Record<string, StoredEntry> = data.entries;
  const steps: TraceStep[] = data.steps as TraceStep[];
  let { typed, mentions, walk } = data;
  const outside: Record<string, CacheFileRow> = isRecord(data.outside) ? { ...data.outside } : {};
  let id: string = data.id;
  let deltas = 0;
  let deltaBytes = 0;
  // Every line written ends with a newline: a file that does not was cut short or edited by hand,
  // and a line appended to it would join its last one.
  let broken = lines.at(-1) !== '';
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const delta = parseDelta(line);
    if (!delta || delta.parent !== id) {
      broken = true;
      break;
    }
    // Steps first, one at a time (a spread of a huge array would throw): nothing below can
    // throw, so a delta is applied whole or not at all.
    for (const step of delta.steps) steps.push(step);
    applyRows(files, delta.files);
    applyRows(storedEntries, delta.entries);
    applyRows(outside, delta.outside ?? {});
    if ('typed' in delta) typed = delta.typed;
    if ('mentions' in delta) mentions = delta.mentions;
    if ('walk' in delta) walk = delta.walk ?? undefined;
    id = delta.id;
    deltas++;
    deltaBytes += line.length + 1;
  }
  const entries: Record<string, CacheEntry> = {};
  for (const [path, stored] of Object.entries(storedEntries)) {
    const entry = withSteps(stored, steps);
    if (entry && wellFormed(entry)) entries[path] = entry;
    // A delta never removes what was dropped here (it was not read): the next write is whole, or
    // an entry whose steps were out of range could come back once later deltas add steps.
    else broken = true;
  }
  if (walk !== undefined && !walkWellFormed(walk)) broken = true;
  // The typed rows and the mentions are used as they are: of another shape, they are not used.
  const typedRows = (rows: unknown): rows is CacheData['typed'] =>
    Array.isArray(rows) &&
    rows.every((r) => Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string');
  if (typed !== undefined && !typedRows(typed)) {
    typed = undefined;
    broken = true;
  }
  if (mentions !== undefined && !isRecord(mentions)) {
    mentions = undefined;
    broken = true;
  }
  return {
    data: {
      format: CACHE_FORMAT,
      key,
      files,
      entries,
      ...(typed === undefined ? {} : { typed }),
      ...(mentions === undefined ? {} : { mentions }),
      ...(walkWellFormed(walk) ? { walk } : {}),
      outside,
    },
    problem: null,
    journal: { id, steps, deltas, baseBytes: (lines[0] ?? '').length, deltaBytes, broken },
  };
}

/** Applies a delta's rows to a table: each row replaces the one under its path, null removes it. */
function applyRows<T>(table: Record<string, T>, rows: Readonly<Record<string, T | null>>): void {
  for (const [path, row] of Object.entries(rows)) {
    if (row === null) delete table[path];
    else table[path] = row;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One appended line: the rows and entries a run changed (null: removed), and the steps it added. */
interface Delta {
  readonly parent: string;
  readonly id: string;
  readonly files: Readonly<Record<string, CacheFileRow | null>>;
  readonly entries: Readonly<Record<string, StoredEntry | null>>;
  readonly outside?: Readonly<Record<string, CacheFileRow | null>>;
  readonly steps: readonly TraceStep[];
  readonly typed?: CacheData['typed'];
  readonly mentions?: CacheData['mentions'];
  readonly walk?: WalkRecord | null;
}

function parseDelta(line: string): Delta | null {
  let delta: Partial<Delta>;
  try {
    delta = JSON.parse(line) as Partial<Delta>;
  } catch {
    return null;
  }
  return isRecord(delta) &&
    typeof delta.parent === 'string' &&
    typeof delta.id === 'string' &&
    isRecord(delta.files) &&
    isRecord(delta.entries) &&
    (delta.outside === undefined || isRecord(delta.outside)) &&
    Array.isArray(delta.steps)
    ? (delta as Delta)
    : null;
}

/** A walk record of the shape written (anything else is a walk to make again). */
function walkWellFormed(walk: unknown): walk is WalkRecord {
  if (typeof walk !== 'object' || walk === null) return false;
  const { key, stamps, files, git } = walk as Partial<WalkRecord>;
  return (
    typeof key === 'string' &&
    (git === undefined || typeof git === 'string') &&
    Array.isArray(files) &&
    files.every((f) => typeof f === 'string') &&
    Array.isArray(stamps) &&
    stamps.every(
      (s) =>
        Array.isArray(s) &&
        typeof s[0] === 'string' &&
        (s[1] === null || (Array.isArray(s[1]) && s[1].every((v) => typeof v === 'number'))),
    )
  );
}

/**
 * The cache as written: the steps of every trace once, findings naming them by index. One helper's
 * steps stand in the traces of many findings (on the npm corpus, 5,986 steps are 780 distinct
 * ones), and the file is read and written on every run.
 */
interface StoredData extends Omit<CacheData, 'entries'> {
  readonly steps: readonly TraceStep[];
  readonly entries: Readonly<Record<string, StoredEntry>>;
}

interface StoredEntry extends Omit<CacheEntry, 'findings'> {
  readonly findings: readonly (Omit<Finding, 'trace'> & { readonly trace: readonly number[] })[];
}

/**
 * Stores entries' findings with their steps as indexes into a table: `table` holds the steps the
 * file has already (whose indexes stand), and the steps not among them are pushed onto `added`.
 */
function stepIndexer(table: readonly TraceStep[], added: TraceStep[]): (step: TraceStep) => number {
  const indexes = new Map<string, number>();
  // Steps of reused results are shared objects already: known by identity before by content.
  const byObject = new Map<TraceStep, number>();
  for (const [i, step] of table.entries()) {
    byObject.set(step, i);
    indexes.set(JSON.stringify(step), i);
  }
  return (step) => {
    const known = byObject.get(step);
    if (known !== undefined) return known;
    const key = JSON.stringify(step);
    let index = indexes.get(key);
    if (index === undefined) {
      index = table.length + added.push(step) - 1;
      indexes.set(key, index);
    }
    byObject.set(step, index);
    return index;
  };
}

function storedEntry(entry: CacheEntry, indexOf: (step: TraceStep) => number): StoredEntry {
  return { ...entry, findings: entry.findings.map((f) => ({ ...f, trace: f.trace.map(indexOf) })) };
}

function stored(data: CacheData): StoredData {
  const steps: TraceStep[] = [];
  const indexOf = stepIndexer([], steps);
  const entries: Record<string, StoredEntry> = {};
  for (const [path, entry] of Object.entries(data.entries)) entries[path] = storedEntry(entry, indexOf);
  return { ...data, steps, entries };
}

/** A stored entry with its findings' traces put back together; null when one names no step. */
function withSteps(entry: StoredEntry, steps: readonly TraceStep[]): CacheEntry | null {
  if (typeof entry !== 'object' || entry === null || !Array.isArray(entry.findings)) return null;
  const findings: Finding[] = [];
  for (const f of entry.findings as readonly unknown[]) {
    if (typeof f !== 'object' || f === null) return null;
    const trace = (f as { trace?: unknown }).trace;
    if (!Array.isArray(trace)) return null;
    const found: TraceStep[] = [];
    for (const i of trace as unknown[]) {
      const step = typeof i === 'number' ? steps[i] : undefined;
      if (typeof step !== 'object' || step === null) return null;
      found.push(step);
    }
    findings.push({ ...(f as Finding), trace: found });
  }
  return { ...entry, findings };
}

function wellFormed(entry: CacheEntry): boolean {
  return (
    Array.isArray(entry.findings) &&
    Array.isArray(entry.diagnostics) &&
    entry.findings.every(
      (f) =>
        typeof f === 'object' &&
        f !== null &&
        (f.source === null || (typeof f.source === 'string' && isEmittableSource(f.source))),
    )
  );
}

function trackedByGit(file: string): boolean {
  try {
    execFileSync('git', ['-C', dirnameOf(file), 'ls-files', '--error-unmatch', '--', file], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the cache: as a delta line appended to the file that was read, when it still ends with
 * the record it was read at (see readCache), it has fewer than MAX_DELTAS deltas and they stay
 * under half the base's size; otherwise as a whole file, atomically (a temporary file renamed over
 * the old one). A run after an edit appends what it changed instead of rewriting megabytes.
 * Returns a problem, or null.
 */
export function writeCache(
  location: string,
  data: CacheData,
  previous: { readonly data: CacheData; readonly journal: Journal } | null = null,
): string | null {
  const target = cacheFile(location, data.key);
  const journal = previous?.journal;
  if (previous && journal && !journal.broken && journal.deltas < MAX_DELTAS) {
    let line: string | null = null;
    try {
      line = `${asciiJson(deltaOf(previous.data, journal, data))}\n`;
    } catch {
      // What was read is of a shape no run writes (edited by hand): the file is written whole.
    }
    if (
      line !== null &&
      journal.deltaBytes + line.length <= journal.baseBytes / 2 &&
      appendLine(target, line)
    ) {
      return null;
    }
  }
  try {
    mkdirSync(location, { recursive: true });
    writeFileAtomic(target, `${asciiJson({ ...stored(data), id: randomUUID() })}\n`);
    prune(location, target);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : String(error);
    return `${target} was not written: ${reason}`;
  }
}

/**
 * JSON with every character past ASCII escaped: the file is read on every run, and a file of
 * ASCII decodes to a one-byte string, faster to read and to parse (7 ms on the npm corpus's
 * 4.3 MB) than the two-byte string one code frame with a non-ASCII character makes of it all.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What changed between the data read and the data to write, as a line that follows the journal. */
function deltaOf(before: CacheData, journal: Journal, after: CacheData): Delta {
  const files = changedRows(before.files, after.files);
  const outside = changedRows(before.outside ?? {}, after.outside ?? {});
  const steps: TraceStep[] = [];
  const indexOf = stepIndexer(journal.steps, steps);
  const entries: Record<string, StoredEntry | null> = {};
  // A reused entry is the very object that was read; anything else was made or revised now.
  for (const [path, entry] of Object.entries(after.entries)) {
    if (!Object.hasOwn(before.entries, path) || before.entries[path] !== entry) {
      entries[path] = storedEntry(entry, indexOf);
    }
  }
  for (const path of Object.keys(before.entries)) {
    if (!Object.hasOwn(after.entries, path)) entries[path] = null;
  }
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  return {
    parent: journal.id,
    id: randomUUID(),
    files,
    entries,
    ...(Object.keys(outside).length > 0 ? { outside } : {}),
    steps,
    ...(same(before.typed, after.typed) ? {} : { typed: after.typed ?? [] }),
    ...(same(before.mentions, after.mentions) ? {} : { mentions: after.mentions ?? {} }),
    ...(before.walk === after.walk ? {} : { walk: after.walk ?? null }),
  };
}

/** The rows that are new or different in `after`, and null for each row it no longer has. */
function changedRows(
  before: Readonly<Record<string, CacheFileRow>>,
  after: Readonly<Record<string, CacheFileRow>>,
): Record<string, CacheFileRow | null> {
  const rows: Record<string, CacheFileRow | null> = {};
  for (const [path, row] of Object.entries(after)) {
    const old = Object.hasOwn(before, path) ? before[path] : undefined;
    if (!old || (old !== row && !sameRow(old, row))) rows[path] = row;
  }
  for (const path of Object.keys(before)) if (!Object.hasOwn(after, path)) rows[path] = null;
  return rows;
}

function sameRow(a: CacheFileRow, b: CacheFileRow): boolean {
  return a.h === b.h && a.s === b.s && a.e === b.e && equalStamps(a.m, b.m) && sameNames(a.i, b.i);
}

/** Two lists of instance names (or none) that say the same. */
export function sameNames(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  // Rows read from the file may be of any shape (edited by hand).
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * Appends one line to an existing cache file in a single write (O_APPEND: two runs never write
 * over each other). False when the file is gone or the write failed, for a whole write instead; a
 * line cut short is one that reading stops at.
 */
function appendLine(target: string, line: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(target, constants.O_WRONLY | constants.O_APPEND);
    const bytes = Buffer.from(line, 'utf8');
    return writeSync(fd, bytes) === bytes.length;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function prune(location: string, keep: string): void {
  const others = readdirSync(location, { withFileTypes: true })
    .filter((e) => e.isFile() && /^scan-[\w-]+\.json$/.test(e.name))
    .map((e) => joinPath(location, e.name))
    .filter((f) => f !== keep);
  if (others.length < MAX_CACHE_FILES) return;
  const aged = others
    .map((f) => {
      try {
        return { f, t: statSync(f).mtimeMs };
      } catch {
        return { f, t: 0 };
      }
    })
    .sort((a, b) => a.t - b.t || compareStrings(a.f, b.f));
  for (const { f } of aged.slice(0, others.length - (MAX_CACHE_FILES - 1))) rmSync(f, { force: true });
}

/** What a run knows when it decides whether a cached result still holds. */
export interface ValidationContext {
  /** Content hash of every discovered file of this run, by absolute path. */
  readonly current: ReadonlyMap<string, string>;
  /** Callee name -> the discovered files, new or changed since the cached run, with a call indexed under it. */
  readonly changedCallees: ReadonlyMap<string, readonly string[]>;
  /** True when any discovered file was added, changed or removed since the cached run. */
  readonly anyChange: boolean;
  /** The files the cached run's TypeScript programs read, with their hashes then. */
  readonly typedFiles: readonly (readonly [string, string])[];
  resolve(importer: string, specifier: string): string;
  /**
   * Content hash of a file outside the scan as it is now ('' when it cannot be read), found once
   * per file and run (the provider keeps it: it writes what it found with the results).
   */
  outsideHash(path: string): string;
  envDir(module: string): string;
  envFingerprint(dir: string): string;
  /** The export shape of a file as it is now (see exportShape). */
  exportShape(path: string): string;
  /**
   * Decides now whether calls in `site` reach the lookup's wrapper (see Project.recheckSite);
   * absent when results are not to be rechecked (typed mode), null when it cannot be told.
   */
  recheck?(
    lookup: { file: string; script: number; start: number; names: readonly string[] },
    site: string,
  ): { hit: boolean; read: Dependencies } | null;
}

/** Decides, once per file, whether a cached result can stand for a fresh analysis. */
export class CacheValidator {
  private readonly resolved = new Map<string, string>();

  constructor(private readonly context: ValidationContext) {}

  /**
   * The entry, or a revision of it, when it still holds; null when the file must be analysed
   * again. A malformed entry (a cache file edited by hand, say) is simply not valid.
   */
  valid(entry: CacheEntry, hash: string): CacheEntry | null {
    try {
      return this.check(entry, hash);
    } catch {
      return null;
    }
  }

  private check(entry: CacheEntry, hash: string): CacheEntry | null {
    const c = this.context;
    if (entry.h !== hash) return null;
    if (entry.typed && (c.anyChange || !this.typedUnchanged())) return null;
    for (const [path, h] of entry.modules) if (this.hashOf(path) !== h) return null;
    for (const [path, h, shape] of entry.shapes) {
      if (this.hashOf(path) !== h && this.shapeOf(path) !== shape) return null;
    }
    for (const [key, path] of entry.resolutions) if (this.resolution(key) !== path) return null;
    for (const [module, dir, fingerprint] of entry.env) {
      if (c.envDir(module) !== dir || c.envFingerprint(dir) !== fingerprint) return null;
    }
    // Call sites: a file of calls that reached the wrapper must be as it was; one whose calls did
    // not (or a changed file that now calls by one of the names) is decided again on its own.
    const staleReads = entry.reads.map(([path, h]) => this.hashOf(path) !== h);
    const pending: { lookup: CachedLookup; sites: Set<string> }[] = [];
    for (const lookup of entry.lookups) {
      const sites = new Set<string>();
      for (const [site, h, hit, reads] of lookup[4]) {
        if (c.current.get(site) === h && !reads.some((i) => staleReads[i] !== false)) continue;
        if (hit) return null;
        sites.add(site);
      }
      for (const name of lookup[3]) for (const site of c.changedCallees.get(name) ?? []) sites.add(site);
      if (sites.size > 0) pending.push({ lookup, sites });
    }
    if (pending.length === 0) return entry;
    return c.recheck ? this.revise(entry, pending, c.recheck) : null;
  }

  /** The entry with the pending files of calls decided again, or null if one now reaches its wrapper. */
  private revise(
    entry: CacheEntry,
    pending: readonly { lookup: CachedLookup; sites: ReadonlySet<string> }[],
    recheck: NonNullable<ValidationContext['recheck']>,
  ): CacheEntry | null {
    // What deciding read besides the modules kept with each check: shapes, resolutions, env.
    const deps = noDependencies();
    const revisedChecks = new Map<CachedLookup, Map<string, Set<string> | null>>();
    for (const { lookup, sites } of pending) {
      const [file, script, start, names] = lookup;
      if (start < 0 || script < 0) return null;
      const checks = new Map<string, Set<string> | null>();
      for (const site of [...sites].sort(compareStrings)) {
        const outcome = recheck({ file, script, start, names }, site);
        if (!outcome || outcome.hit || outcome.read.typed || outcome.read.lookups.size > 0) return null;
        mergeDependencies(deps, outcome.read);
        // A file of calls that is gone has nothing left to decide.
        checks.set(site, this.context.current.has(site) ? new Set(outcome.read.modules) : null);
      }
      revisedChecks.set(lookup, checks);
    }
    // The reads table again: the checks that stood, and those decided now.
    const reads = new Map<string, string>();
    const lookups = entry.lookups.map(
      (lookup): { lookup: CachedLookup; checks: [string, 0 | 1, string[]][] } => {
        const revised = revisedChecks.get(lookup);
        const checks: [string, 0 | 1, string[]][] = [];
        for (const [site, , hit, indexes] of lookup[4]) {
          if (revised?.has(site)) continue;
          checks.push([site, hit, indexes.map((i) => entry.reads[i]?.[0] ?? '')]);
        }
        for (const [site, modules] of revised ?? []) if (modules) checks.push([site, 0, [...modules]]);
        for (const [, , paths] of checks) for (const path of paths) reads.set(path, this.hashOf(path));
        return { lookup, checks };
      },
    );
    const table = tableOf(reads);
    return {
      ...entry,
      shapes: mergeRows(
        entry.shapes,
        [...deps.shapes].map(([p, shape]) => [p, this.hashOf(p), shape] as const),
      ),
      resolutions: mergeRows(entry.resolutions, [...deps.resolutions]),
      env: mergeRows(
        entry.env,
        [...deps.env].map(([module, dir]) => [module, dir, this.context.envFingerprint(dir)] as const),
      ),
      reads: table.rows,
      lookups: lookups.map(({ lookup, checks }) => [
        lookup[0],
        lookup[1],
        lookup[2],
        lookup[3],
        checks
          .map(([site, hit, paths]): CachedCheck => [site, this.hashOf(site), hit, table.indexes(paths)])
          .sort((a, b) => compareStrings(a[0], b[0])),
        lookup[5],
      ]),
    };
  }

  private typedState: boolean | null = null;

  /** Whether every file the TypeScript programs read (lib and @types files, configs) is unchanged. */
  private typedUnchanged(): boolean {
    this.typedState ??= this.context.typedFiles.every(([path, h]) => this.hashOf(path) === h);
    return this.typedState;
  }

  private readonly shapes = new Map<string, string>();

  /** A changed module's export shape now (parsed on its own, once per run). */
  private shapeOf(path: string): string {
    let shape = this.shapes.get(path);
    if (shape === undefined) {
      shape = this.context.exportShape(path);
      this.shapes.set(path, shape);
    }
    return shape;
  }

  private hashOf(path: string): string {
    return this.context.current.get(path) ?? this.context.outsideHash(path);
  }

  private resolution(key: string): string {
    let path = this.resolved.get(key);
    if (path === undefined) {
      const at = key.indexOf('\0');
      path = this.context.resolve(key.slice(0, at), key.slice(at + 1));
      this.resolved.set(key, path);
    }
    return path;
  }
}

/** Rows keyed by their first element: the old ones, with the new ones added or replacing them, sorted. */
function mergeRows<T extends readonly [string, ...string[]]>(old: readonly T[], added: readonly T[]): T[] {
  const rows = new Map<string, T>(old.map((row) => [row[0], row]));
  for (const row of added) rows.set(row[0], row);
  return [...rows.values()].sort((a, b) => compareStrings(a[0], b[0]));
}

/** path -> hash as sorted rows, and each path's index among them. */
function tableOf(hashes: ReadonlyMap<string, string>): {
  rows: (readonly [string, string])[];
  indexes: (paths: readonly string[]) => number[];
} {
  const rows = [...hashes].sort((a, b) => compareStrings(a[0], b[0]));
  const at = new Map(rows.map(([path], i) => [path, i]));
  return {
    rows,
    indexes: (paths) => [...new Set(paths)].map((p) => at.get(p) ?? -1).sort((a, b) => a - b),
  };
}

/** A fresh analysis's dependencies as a cache entry, with the hashes the project saw. */
export function toEntry(
  hash: string,
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[],
  deps: Dependencies,
  hashOf: (path: string) => string | null,
  envFingerprint: (dir: string) => string,
): CacheEntry {
  const sorted = <T extends readonly unknown[]>(rows: T[]): T[] =>
    rows.sort((a, b) => compareStrings(String(a[0]), String(b[0])));
  const lookups = [...deps.lookups.values()].sort((a, b) => compareStrings(lookupKey(a), lookupKey(b)));
  const reads = new Map<string, string>();
  for (const lookup of lookups) {
    for (const check of lookup.checks.values()) for (const p of check.modules) reads.set(p, hashOf(p) ?? '');
  }
  const table = tableOf(reads);
  return {
    h: hash,
    findings,
    diagnostics,
    modules: sorted([...deps.modules].map((p) => [p, hashOf(p) ?? ''] as const)),
    shapes: sorted(
      [...deps.shapes]
        .filter(([p]) => !deps.modules.has(p))
        .map(([p, shape]) => [p, hashOf(p) ?? '', shape] as const),
    ),
    reads: table.rows,
    lookups: lookups.map((lookup) => [
      lookup.file,
      lookup.script,
      lookup.start,
      lookup.names,
      sorted(
        [...lookup.checks].map(([site, check]): CachedCheck => [
          site,
          hashOf(site) ?? '',
          check.hit ? 1 : 0,
          table.indexes([...check.modules]),
        ]),
      ),
      lookup.kind,
    ]),
    resolutions: sorted([...deps.resolutions]),
    env: sorted([...deps.env].map(([module, dir]) => [module, dir, envFingerprint(dir)] as const)),
    typed: deps.typed,
  };
}

/** The content hash of a file's bytes as they are on disk now, or '' when it cannot be read. */
export function hashFileOnDisk(path: string): string {
  try {
    return contentHash(readFileSync(path));
  } catch {
    return '';
  }
}
