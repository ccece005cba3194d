import { getHeapStatistics } from 'node:v8';
import picomatch from 'picomatch';
import { analyzeModule } from './analyze/analyze.js';
import { instanceNames, mayHoldSink, mentionsAny } from './analyze/prefilter.js';
import { type Analysed, type FreshResult, openCache, type ReadFile } from './cache/scan-cache.js';
import type { IgnoreRule } from './config/index.js';
import { buildDirective, type DirectiveInput } from './csp/directive.js';
import { mergeIntoBase } from './csp/policy.js';
import { createDiagnostic } from './diagnostics/create.js';
import { discover, type DiscoverOptions } from './discover/discover.js';
import { decodeSource, type FileStamp, invalidEncoding, readBytes, statStamp } from './discover/read.js';
import { saveParserCode } from './parse/babel.js';
import { EnvFiles } from './resolve/env.js';
import { noDependencies, Project } from './resolve/project.js';
import { contentHash } from './util/hash.js';
import { joinPath } from './util/paths.js';
import type { Diagnostic, Finding, Report, SourceFile } from './types.js';

export type { IgnoreRule };

import { compareDiagnostics, compareFindings } from './util/ordering.js';
import { VERSION } from './version.js';

export interface AnalyzeOptions {
  /** Absolute scan root. */
  readonly root: string;
  /** How the root is shown in reports (posix, relative to where the tool ran). Default '.'. */
  readonly rootLabel?: string;
  readonly paths?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly defaultExcludes?: boolean;
  /** The page's origin, e.g. https://shop.example; absolute URLs to it become 'self'. */
  readonly origin?: string | null;
  /** Sources known only at run time, added to the directive as they are. */
  readonly allow?: readonly string[];
  readonly ignore?: readonly IgnoreRule[];
  readonly maxFileSize?: number;
  /** The build mode env files and `import.meta.env.DEV`/`PROD`/`MODE` are read for. Default production. */
  readonly mode?: string;
  /** Build-time variables; they win over env files. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Skip parsing files with no sink word (default true). Only for measuring and for the test
   * that proves the pre-filter loses nothing: the report is the same either way.
   */
  readonly prefilter?: boolean;
  /** Typed mode: ask the TypeScript checker about values the fast path cannot resolve. */
  readonly typed?: boolean;
  /** Called now and then during a scan (the CLI draws progress on a terminal with it). */
  readonly onProgress?: (progress: Progress) => void;
  /** An existing policy: connect-src is replaced in it, everything else kept. */
  readonly basePolicy?: string | null;
  /**
   * Reuse the results of files that have not changed since the last run with the same options
   * (default false here; the CLI turns it on). See src/cache/.
   */
  readonly cache?: boolean;
  /** Where the cache lives. Default: <root>/node_modules/.cache/csp-connect. */
  readonly cacheLocation?: string;
  /**
   * How the cache tells an unchanged file (default 'metadata'): by its size, times and inode
   * being those it was last read with, as git does ('metadata'), or only by reading and hashing
   * it ('content').
   */
  readonly cacheStrategy?: 'metadata' | 'content';
  /**
   * Stop parsing and analysing more files once the JavaScript heap holds more than this many
   * bytes, with a `memory-limit` error for the files left (default: 90% of V8's heap limit, so a
   * tree too large for the heap fails with a diagnostic instead of a crash).
   */
  readonly maxMemory?: number;
  /** Told when the cache could not be written or was not used (the report is unaffected). */
  readonly onCacheProblem?: (problem: string) => void;
}

/** node_modules/.cache/<tool>, where build tools keep their caches (and .gitignore already covers). */
export function defaultCacheLocation(root: string): string {
  return joinPath(root, 'node_modules', '.cache', 'csp-connect');
}

const MAX_PREFILTER_ROUNDS = 4;

export interface Progress {
  readonly phase: 'reading' | 'analysing';
  readonly done: number;
  readonly total: number;
  readonly parsed: number;
}

export const DEFAULT_MAX_FILE_SIZE = 25 * 1024 * 1024;

/** discover -> read -> parse -> analyze -> directive. Never throws on user code. */
export async function analyze(options: AnalyzeOptions): Promise<Report> {
  const origin = options.origin ?? null;
  const diagnostics: Diagnostic[] = [];
  const findings: Finding[] = [];
  let parsed = 0;
  let fromCache = 0;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const mode = options.mode ?? 'production';
  const env = new EnvFiles(options.root, { mode, vars: options.env ?? {} });
  const project = new Project(options.root, { maxFileSize, env, typed: options.typed ?? false });
  const prefilter = options.prefilter ?? true;
  const report = (phase: Progress['phase'], done: number, total: number): void => {
    if (options.onProgress && (done % 200 === 0 || done === total)) {
      options.onProgress({ phase, done, total, parsed: parsed + project.pulled });
    }
  };
  /** One pathological file (nesting deeper than the stack, say) costs that file, never the run. */
  const failure = (file: SourceFile, error: unknown): Diagnostic => {
    const reason =
      error instanceof RangeError
        ? 'it nests too deeply to analyse'
        : `internal error: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`;
    return createDiagnostic(
      'analysis-failed',
      { file: file.path, reason },
      { file: file.path, line: 1, column: 1 },
    );
  };
  const fresh: FreshResult[] = [];
  const memoryLimit = options.maxMemory ?? Math.floor(getHeapStatistics().heap_size_limit * 0.9);
  let skipped = 0;
  let stopped = false;
  /** False once the heap is past the limit: every file after that is counted, not analysed. */
  const roomLeft = (): boolean => {
    stopped ||= getHeapStatistics().used_heap_size > memoryLimit;
    return !stopped;
  };

  /** Whether metadata (stamps of files and folders) may tell that something is unchanged. */
  const trustStamps = (options.cacheStrategy ?? 'metadata') === 'metadata';
  const cache = options.cache
    ? openCache(
        options.cacheLocation ?? defaultCacheLocation(options.root),
        {
          root: options.root,
          mode,
          env: options.env ?? {},
          origin,
          typed: options.typed ?? false,
          prefilter,
          maxFileSize,
        },
        project,
        env,
        (problem) => options.onCacheProblem?.(problem),
        trustStamps,
      )
    : null;

  const discoverOptions: DiscoverOptions = {
    root: options.root,
    paths: options.paths ?? [],
    include: options.include ?? [],
    exclude: options.exclude ?? [],
    defaultExcludes: options.defaultExcludes ?? true,
  };
  // Outside a git work tree, the last run's walk is reused while no folder it entered changed;
  // inside one, its filtered listing while git lists the same paths.
  const lastGitListing = cache?.lastGitListing();
  const discovered =
    cache?.listing(discoverOptions) ??
    // A run that trusts no stamp has no use for the folders' stamps either (a second pass over them).
    (await discover({
      ...discoverOptions,
      stampWalk: cache !== null && trustStamps,
      ...(lastGitListing ? { lastGitListing } : {}),
    }));
  cache?.listed(discovered.walk);
  diagnostics.push(...discovered.diagnostics);

  // Read: every file's text and content hash.
  const read: ReadFile[] = [];
  /** Listed by git, and not there to read (see readBytes' `listed`). */
  let gone = 0;
  const startedAt = Date.now();
  /** A file the last run saw as it is now: its text is only read or decoded if something needs it. */
  const knownFile = (
    file: SourceFile,
    hash: string,
    known: { sink: boolean; invalidEncoding: boolean },
    stamp: FileStamp,
    load: () => string,
  ): void => {
    if (known.invalidEncoding) diagnostics.push(locatedAtFile(invalidEncoding(file), file));
    read.push(new KnownFile(file, hash, known.sink, known.invalidEncoding, stamp, load));
  };
  for (const [i, file] of discovered.files.entries()) {
    report('reading', i + 1, discovered.files.length);
    // Texts are held until the end of the run: a tree larger than the heap stops here too
    // (checked every 64 files: one file is at most maxFileSize).
    if ((i % 64 === 0 || stopped) && !roomLeft()) {
      skipped++;
      continue;
    }
    if (trustStamps && cache) {
      // The file's metadata is the one the last run read it with: it is not read now, and its
      // text is read from disk only if something needs it.
      const stamp = statStamp(file.absPath);
      const same = stamp && cache.sameStamp(file.absPath, stamp);
      if (stamp && same) {
        knownFile(file, same.hash, same, stamp, () => {
          const again = readBytes(file, maxFileSize);
          return again.ok ? decodeSource(file, again.bytes).text : '';
        });
        continue;
      }
    }
    const result = readBytes(file, maxFileSize, discovered.listedByGit);
    if (!result.ok) {
      if (result.gone) {
        gone++;
        continue;
      }
      diagnostics.push(...result.diagnostics.map((d) => locatedAtFile(d, file)));
      continue;
    }
    const hash = contentHash(result.bytes);
    const known = cache?.known(file.absPath, hash);
    if (known) {
      // The last run saw these very bytes: they are kept until decoded, if something needs them.
      let bytes: Buffer | null = result.bytes;
      knownFile(file, hash, known, result.stamp, () => {
        const text = decodeSource(file, bytes ?? new Uint8Array()).text;
        bytes = null;
        return text;
      });
      continue;
    }
    const decoded = decodeSource(file, result.bytes);
    diagnostics.push(...decoded.diagnostics.map((d) => locatedAtFile(d, file)));
    read.push({
      file,
      text: decoded.text,
      hash,
      sink: mayHoldSink(decoded.text, file.language),
      invalidEncoding: decoded.diagnostics.length > 0,
      stamp: result.stamp,
    });
  }

  cache?.begin(read, startedAt);
  // Every file read is a discovered file from here on (parsed when something needs it): call
  // sites come from all of them, also when a cache check parses one before it is analysed.
  for (const entry of read) project.defer(entry.file, entry, entry.hash);
  // A name the last run looked up: the files that call by it are known without searching the texts.
  if (cache) project.callersOf = (name, kind) => cache.callersOf(name, kind);

  // Which files are analysed: every file with a sink word (all of them without the pre-filter),
  // then, round after round, files that name a client instance an analysed file exports (an
  // instance re-exported from an index). A file whose cached result still holds is not parsed.
  const analysed: Analysed[] = [];
  const analyse = (entry: ReadFile, reportParse: boolean): Analysed | null => {
    if (!roomLeft()) {
      skipped++;
      return null;
    }
    const cached = cache?.reusable(entry) ?? null;
    if (cached) {
      fromCache++;
      const item: Analysed = { read: entry, record: null, cached, instances: cached.instances };
      analysed.push(item);
      return item;
    }
    parsed++;
    try {
      const outcome = project.add(entry.file, entry.text, entry.hash);
      const item: Analysed = {
        read: entry,
        record: outcome.record,
        cached: null,
        instances: [...instanceNames([outcome.record])],
        // Parse errors of a file with no sink word are not reported, with or without the
        // pre-filter: such a file cannot hide a connection, and the report must not depend on it.
        parseDiagnostics: reportParse ? outcome.diagnostics : [],
      };
      analysed.push(item);
      return item;
    } catch (error) {
      // Kept (and cached) as a result of its own: the same text fails the same way next time.
      const item: Analysed = { read: entry, record: null, cached: null, instances: [] };
      analysed.push(item);
      fresh.push({
        item,
        findings: [],
        diagnostics: [failure(entry.file, error)],
        dependencies: noDependencies(),
      });
      return null;
    }
  };
  let rest: ReadFile[] = [];
  let frontier: Analysed[] = [];
  const same = cache?.unchanged() ?? false;
  for (const entry of read) {
    if (same ? cache?.wasAnalysed(entry.file.absPath) : entry.sink || !prefilter) {
      // With no file changed, the selection is the last run's (it depends on contents only).
      const item = analyse(entry, entry.sink || (same && prefilter));
      if (item) frontier.push(item);
    } else rest.push(entry);
  }
  if (same) frontier = [];
  for (let round = 0; round < MAX_PREFILTER_ROUNDS && rest.length > 0 && frontier.length > 0; round++) {
    const names = new Set(frontier.flatMap((item) => item.instances));
    if (names.size === 0) break;
    // The cache knows which unchanged files mention names it has seen: they are not read for it.
    const inText = mentionsAny(names);
    const mentions = cache?.mentioning(names, inText) ?? ((entry: ReadFile) => inText(entry.text));
    const next: Analysed[] = [];
    rest = rest.filter((entry) => {
      if (!mentions(entry)) return true;
      const item = analyse(entry, true);
      if (item) next.push(item);
      return false;
    });
    frontier = next;
  }
  project.prepareTyped(
    analysed
      .filter((a) => a.record && (a.read.file.language === 'ts' || a.read.file.language === 'tsx'))
      .map((a) => a.read.file.absPath),
  );
  const toAnalyse = analysed.filter((a) => a.record !== null);
  for (const [i, item] of toAnalyse.entries()) {
    report('analysing', i + 1, toAnalyse.length);
    const record = item.record;
    if (!record) continue;
    if (!roomLeft()) {
      skipped++;
      continue;
    }
    const tracked = project.track(() =>
      analyzeModule(record, {
        origin,
        mode: env.mode,
        textOf: (path) => project.textOf(path),
        serverReasonOf: (absPath) => project.serverReasonOf(absPath),
      }),
    );
    const parseDiagnostics = item.parseDiagnostics ?? [];
    fresh.push({
      item,
      findings: tracked.result?.findings ?? [],
      diagnostics: tracked.result
        ? [...parseDiagnostics, ...tracked.result.diagnostics]
        : [...parseDiagnostics, failure(item.read.file, tracked.error)],
      dependencies: tracked.dependencies,
    });
  }
  for (const item of analysed) {
    if (!item.cached) continue;
    findings.push(...item.cached.entry.findings);
    diagnostics.push(...item.cached.entry.diagnostics);
  }
  for (const result of fresh) {
    findings.push(...result.findings);
    diagnostics.push(...result.diagnostics);
  }
  if (skipped > 0) {
    const mb = (bytes: number): number => Math.round(bytes / 1e6);
    diagnostics.push(createDiagnostic('memory-limit', { files: skipped, limit: mb(memoryLimit) }));
  }
  // A run that stopped early writes no cache: its selection of files would be taken as complete.
  const cacheProblem = skipped > 0 ? null : cache?.save(analysed, fresh);
  if (cacheProblem) options.onCacheProblem?.(cacheProblem);
  // The parser's compiled code, kept with the tool (not in the cache location) for the next run.
  if (cache) saveParserCode();

  const ignore = compileIgnore(options.ignore ?? []);
  const keptFindings = findings.filter((f) => !ignore.finding(f)).sort(compareFindings);
  const keptDiagnostics = diagnostics.filter((d) => !ignore.diagnostic(d)).sort(compareDiagnostics);

  const inputs: DirectiveInput[] = [];
  keptFindings.forEach((finding, i) => {
    if (finding.source !== null) inputs.push({ source: finding.source, finding: i });
  });
  for (const source of options.allow ?? []) inputs.push({ source, allowed: true });
  const built = buildDirective(inputs, origin);
  const coveredBy = new Map<number, string>();
  inputs.forEach((input, i) => {
    const cover = built.coveredBy[i];
    if (input.finding !== undefined && cover !== undefined) coveredBy.set(input.finding, cover);
  });
  const finalFindings = keptFindings.map((f, i) => ({ ...f, coveredBy: coveredBy.get(i) ?? null }));

  let policy = built.directive.value;
  if (options.basePolicy) {
    const merged = mergeIntoBase(options.basePolicy, built.directive);
    policy = merged.policy;
    for (const note of merged.notes) keptDiagnostics.push(createDiagnostic(note.code, note.args));
  }
  keptDiagnostics.sort(compareDiagnostics);

  return {
    schemaVersion: 1,
    tool: { name: 'csp-connect', version: VERSION },
    root: options.rootLabel ?? '.',
    origin,
    directive: built.directive,
    policy,
    sources: built.sources,
    findings: finalFindings,
    diagnostics: keptDiagnostics,
    stats: {
      filesScanned: discovered.files.length - gone,
      filesParsed: parsed + project.pulled,
      filesCached: fromCache,
      findings: finalFindings.length,
      unresolved: finalFindings.filter((f) => f.source === null).length,
    },
  };
}

interface CompiledIgnore {
  finding(f: Finding): boolean;
  diagnostic(d: Diagnostic): boolean;
}

function compileIgnore(rules: readonly IgnoreRule[]): CompiledIgnore {
  const compiled = rules.map((rule) => ({
    file: rule.file ? picomatch(rule.file, { dot: true }) : null,
    code: rule.code ?? null,
    source: rule.source ?? null,
  }));
  return {
    finding: (f) =>
      compiled.some(
        (r) =>
          r.code === null &&
          (r.file === null || r.file(f.location.file)) &&
          (r.source === null || r.source === f.source) &&
          (r.file !== null || r.source !== null),
      ),
    diagnostic: (d) =>
      compiled.some(
        (r) =>
          (r.file === null || (d.location !== undefined && r.file(d.location.file))) &&
          (r.code === null || r.code === d.code) &&
          (r.source === null || r.source === d.args.source) &&
          (r.file !== null || r.code !== null || r.source !== null),
      ),
  };
}

/** A read diagnostic without a place points at the file's first line. */
function locatedAtFile(d: Diagnostic, file: SourceFile): Diagnostic {
  return d.location ? d : { ...d, location: { file: file.path, line: 1, column: 1 } };
}

/**
 * A read file whose text is read or decoded only when something asks for it. A class: an object
 * literal with a getter costs a new accessor for each of a tree's files (8 ms on the npm corpus).
 */
class KnownFile implements ReadFile {
  private loaded: string | null = null;

  constructor(
    readonly file: SourceFile,
    readonly hash: string,
    readonly sink: boolean,
    readonly invalidEncoding: boolean,
    readonly stamp: FileStamp,
    private readonly load: () => string,
  ) {}

  get text(): string {
    this.loaded ??= this.load();
    return this.loaded;
  }
}
