import type { EnvFiles } from '../resolve/env.js';
import type { Dependencies, ModuleRecord, Project } from '../resolve/project.js';
import type { Diagnostic, Finding, SourceFile } from '../types.js';
import {
  type CacheData,
  type CacheEntry,
  type CacheFileRow,
  type CacheKeyInput,
  CacheValidator,
  CACHE_FORMAT,
  cacheKey,
  readCache,
  toEntry,
  wordsOf,
  writeCache,
} from './cache.js';

/** A discovered file that was read: its text, content hash, and whether it has a sink word. */
export interface ReadFile {
  readonly file: SourceFile;
  readonly text: string;
  readonly hash: string;
  readonly sink: boolean;
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
  reusable(file: ReadFile): { entry: CacheEntry; instances: readonly string[] } | null;
  /** Writes the results of this run; returns a problem (the scan itself is unaffected), or null. */
  save(analysed: readonly Analysed[], fresh: readonly FreshResult[]): string | null;
}

export function openCache(
  location: string,
  keyInput: CacheKeyInput,
  read: readonly ReadFile[],
  project: Project,
  env: EnvFiles,
): ScanCache {
  const key = cacheKey(keyInput);
  const previous = readCache(location, key);
  const current = new Map(read.map((r) => [r.file.absPath, r.hash]));
  const changed = read.filter((r) => previous?.files[r.file.absPath]?.h !== r.hash);
  const removed = previous ? Object.keys(previous.files).some((path) => !current.has(path)) : false;
  let validator: CacheValidator | null = null;
  const validate = (): CacheValidator =>
    (validator ??= new CacheValidator({
      current,
      changedWords: wordsOf(changed.map((r) => r.text)),
      anyChange: changed.length > 0 || removed,
      resolve: (importer, specifier) => {
        const resolved = project.resolveSpecifier(importer, specifier);
        return 'path' in resolved ? resolved.path : '';
      },
      envDir: (module) => env.dirOf(module),
      envFingerprint: (dir) => env.fingerprint(dir),
    }));

  return {
    reusable(file) {
      if (!previous) return null;
      const entry = previous.entries[file.file.absPath];
      const row = previous.files[file.file.absPath];
      if (!entry || !row || row.h !== file.hash || !validate().valid(entry, file.hash)) return null;
      return { entry, instances: row.i ?? [] };
    },
    save(analysed, fresh) {
      const files: Record<string, CacheFileRow> = {};
      const entries: Record<string, CacheEntry> = {};
      const byPath = new Map(analysed.map((a) => [a.read.file.absPath, a]));
      for (const r of read) {
        const item = byPath.get(r.file.absPath);
        files[r.file.absPath] = item ? { h: r.hash, i: item.instances } : { h: r.hash };
      }
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
      const data: CacheData = { format: CACHE_FORMAT, key, files, entries };
      return writeCache(location, data);
    },
  };
}
