import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isEmittableSource } from '../csp/grammar.js';
import type { Dependencies } from '../resolve/project.js';
import type { Diagnostic, Finding } from '../types.js';
import { contentHash } from '../util/hash.js';
import { compareStrings } from '../util/ordering.js';
import { dirnameOf, joinPath } from '../util/paths.js';
import { VERSION } from '../version.js';

/**
 * The scan cache: each analysed file's findings and diagnostics, keyed by its content hash, with
 * everything its analysis read besides the file (see Dependencies). A result is reused only when
 * the file and every one of those is unchanged, every import still resolves to the same file, no
 * changed or new file mentions a wrapper name it looked up, and its env files are the same. One
 * JSON file per tool build and options, written atomically; a cache that cannot be read is a cold
 * run, never an error.
 */
export const CACHE_FORMAT = 2;

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
  /** Discovered files whose calls were checked as call sites: path -> content hash. */
  readonly sites: readonly (readonly [string, string])[];
  readonly names: readonly string[];
  /** `importer \0 specifier` -> resolved path ('' when unresolved). */
  readonly resolutions: readonly (readonly [string, string])[];
  /** [module, app folder, env fingerprint] */
  readonly env: readonly (readonly [string, string, string])[];
  readonly typed: boolean;
}

/** Every discovered file of the last run: its hash, and its exported client instances once parsed. */
export interface CacheFileRow {
  readonly h: string;
  /** 1 when the file has a sink word (the pre-filter's answer for this hash). */
  readonly s?: 1;
  /** 1 when the file is not valid UTF-8 (its invalid-encoding diagnostic, without decoding it). */
  readonly e?: 1;
  readonly i?: readonly string[];
}

export interface CacheData {
  readonly format: typeof CACHE_FORMAT;
  readonly key: string;
  readonly files: Readonly<Record<string, CacheFileRow>>;
  readonly entries: Readonly<Record<string, CacheEntry>>;
  /** Typed mode: every file the TypeScript programs read (with config files), path -> hash. */
  readonly typed?: readonly (readonly [string, string])[];
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
 * The tool's own build: its code (every module next to this one) and the versions of the
 * libraries that parse and resolve. A rebuilt tool never reads an older tool's results.
 */
function tool(): string {
  if (toolFingerprint !== null) return toolFingerprint;
  const own = dirnameOf(dirnameOf(fileURLToPath(import.meta.url)));
  const parts: string[] = [VERSION];
  try {
    const files = readdirSync(own, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(?:js|ts)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
    for (const file of files) parts.push(file, contentHash(readFileSync(joinPath(own, file))));
  } catch {
    // The tool's own files cannot be listed: a fingerprint no later run can match, so no reuse.
    parts.push(randomUUID());
  }
  const require = createRequire(import.meta.url);
  for (const name of ['@babel/parser', 'oxc-resolver', 'parse5', 'dotenv', 'dotenv-expand', 'ts-morph']) {
    try {
      parts.push(name, (require(`${name}/package.json`) as { version: string }).version);
    } catch {
      parts.push(name, 'missing');
    }
  }
  toolFingerprint = contentHash(parts.join('\n'));
  return toolFingerprint;
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
 * The previous run's data for these options, or null (none yet, another build, unreadable, or a
 * file git tracks: a cache that came with the repository is not this machine's work and could
 * have been written to hide a connection). Every cached source is checked against the CSP grammar
 * again, and an entry with one that fails is dropped, so a hand-edited cache cannot put a token
 * into the policy that the scan itself would refuse.
 */
export function readCache(location: string, key: string): { data: CacheData | null; problem: string | null } {
  const file = cacheFile(location, key);
  let data: Partial<CacheData>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheData>;
  } catch {
    return { data: null, problem: null };
  }
  if (data.format !== CACHE_FORMAT || data.key !== key || !data.files || !data.entries) {
    return { data: null, problem: null };
  }
  if (trackedByGit(file)) {
    return {
      data: null,
      problem: `${file} is tracked by git, so it was not used (caches are not committed)`,
    };
  }
  const entries: Record<string, CacheEntry> = {};
  for (const [path, entry] of Object.entries(data.entries)) {
    if (wellFormed(entry)) entries[path] = entry;
  }
  return { data: { ...(data as CacheData), entries }, problem: null };
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

/** Writes the cache atomically (a temporary file renamed over the old one). Returns a problem, or null. */
export function writeCache(location: string, data: CacheData): string | null {
  const target = cacheFile(location, data.key);
  const temporary = `${target}.${randomUUID()}.tmp`;
  try {
    mkdirSync(location, { recursive: true });
    writeFileSync(temporary, JSON.stringify(data));
    renameSync(temporary, target);
    prune(location, target);
    return null;
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written there
    }
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : String(error);
    return `${target} was not written: ${reason}`;
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
  /** Callee names of the calls in the discovered files that are new or changed since the cached run. */
  readonly changedCallees: ReadonlySet<string>;
  /** True when any discovered file was added, changed or removed since the cached run. */
  readonly anyChange: boolean;
  /** The files the cached run's TypeScript programs read, with their hashes then. */
  readonly typedFiles: readonly (readonly [string, string])[];
  resolve(importer: string, specifier: string): string;
  envDir(module: string): string;
  envFingerprint(dir: string): string;
  /** The export shape of a file as it is now (see exportShape). */
  exportShape(path: string): string;
}

/** Decides, once per file, whether a cached result can stand for a fresh analysis. */
export class CacheValidator {
  private readonly diskHashes = new Map<string, string>();
  private readonly resolved = new Map<string, string>();

  constructor(private readonly context: ValidationContext) {}

  /** A malformed entry (a cache file edited by hand, say) is simply not valid. */
  valid(entry: CacheEntry, hash: string): boolean {
    try {
      return this.check(entry, hash);
    } catch {
      return false;
    }
  }

  private check(entry: CacheEntry, hash: string): boolean {
    const c = this.context;
    if (entry.h !== hash) return false;
    if (entry.typed && (c.anyChange || !this.typedUnchanged())) return false;
    for (const [path, h] of entry.sites) if (c.current.get(path) !== h) return false;
    for (const [path, h] of entry.modules) if (this.hashOf(path) !== h) return false;
    for (const [path, h, shape] of entry.shapes) {
      if (this.hashOf(path) !== h && this.shapeOf(path) !== shape) return false;
    }
    for (const name of entry.names) if (c.changedCallees.has(name)) return false;
    for (const [key, path] of entry.resolutions) if (this.resolution(key) !== path) return false;
    for (const [module, dir, fingerprint] of entry.env) {
      if (c.envDir(module) !== dir || c.envFingerprint(dir) !== fingerprint) return false;
    }
    return true;
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
    const discovered = this.context.current.get(path);
    if (discovered !== undefined) return discovered;
    let h = this.diskHashes.get(path);
    if (h === undefined) {
      h = hashFileOnDisk(path);
      this.diskHashes.set(path, h);
    }
    return h;
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
    sites: sorted([...deps.sites].map((p) => [p, hashOf(p) ?? ''] as const)),
    names: [...deps.names].sort(),
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
