import picomatch from 'picomatch';
import { analyzeModule } from './analyze/analyze.js';
import { instanceNames, mayHoldSink, mentionsAny } from './analyze/prefilter.js';
import type { IgnoreRule } from './config/index.js';
import { buildDirective, type DirectiveInput } from './csp/directive.js';
import { mergeIntoBase } from './csp/policy.js';
import { createDiagnostic } from './diagnostics/create.js';
import { discover } from './discover/discover.js';
import { readSource } from './discover/read.js';
import { EnvFiles } from './resolve/env.js';
import { type ModuleRecord, Project } from './resolve/project.js';
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
  const discovered = await discover({
    root: options.root,
    paths: options.paths ?? [],
    include: options.include ?? [],
    exclude: options.exclude ?? [],
    defaultExcludes: options.defaultExcludes ?? true,
  });
  diagnostics.push(...discovered.diagnostics);
  let parsed = 0;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const env = new EnvFiles(options.root, { mode: options.mode ?? 'production', vars: options.env ?? {} });
  const project = new Project(options.root, { maxFileSize, env, typed: options.typed ?? false });
  // Two passes: every file is parsed and indexed first, so that a wrapper's call sites in any
  // file are known when its sink is analysed.
  const added: { file: SourceFile; record: ModuleRecord }[] = [];
  const prefilter = options.prefilter ?? true;
  let deferred: { file: SourceFile; text: string }[] = [];
  const addFile = (file: SourceFile, text: string): void => {
    parsed++;
    try {
      const outcome = project.add(file, text);
      diagnostics.push(...outcome.diagnostics);
      added.push({ file, record: outcome.record });
    } catch (error) {
      failed(file, error);
    }
  };
  const failed = (file: SourceFile, error: unknown): void => {
    // One pathological file (nesting deeper than the stack, say) costs that file, never the run.
    const reason =
      error instanceof RangeError
        ? 'it nests too deeply to analyse'
        : `internal error: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`;
    diagnostics.push(
      createDiagnostic(
        'analysis-failed',
        { file: file.path, reason },
        { file: file.path, line: 1, column: 1 },
      ),
    );
  };
  const report = (phase: Progress['phase'], done: number, total: number): void => {
    if (options.onProgress && (done % 200 === 0 || done === total)) {
      options.onProgress({ phase, done, total, parsed: parsed + project.pulled });
    }
  };
  for (const [i, file] of discovered.files.entries()) {
    report('reading', i + 1, discovered.files.length);
    const read = readSource(file, maxFileSize);
    diagnostics.push(
      ...read.diagnostics.map((d) =>
        d.location ? d : { ...d, location: { file: file.path, line: 1, column: 1 } },
      ),
    );
    if (!read.ok) continue;
    // The pre-filter: a file with no sink word needs no AST unless another file reaches into it.
    if (!mayHoldSink(read.text)) {
      deferred.push({ file, text: read.text });
      continue;
    }
    addFile(file, read.text);
  }
  // Files that name a client instance the parsed files export may call the library through it,
  // round after round (an instance re-exported from an index). Files that call a wrapper are
  // parsed later, when a wrapper's call sites are looked for (Project.defer).
  let frontier = added.map((a) => a.record);
  for (let round = 0; round < MAX_PREFILTER_ROUNDS && deferred.length > 0 && frontier.length > 0; round++) {
    const mentions = mentionsAny(instanceNames(frontier));
    const before = added.length;
    deferred = deferred.filter((entry) => {
      if (!mentions(entry.text)) return true;
      addFile(entry.file, entry.text);
      return false;
    });
    frontier = added.slice(before).map((a) => a.record);
  }
  if (prefilter) for (const entry of deferred) project.defer(entry.file, entry.text);
  // Without the pre-filter the rest is parsed too, for measuring. Their parse errors are not
  // reported in either mode: a file with no sink word that no parsed file reaches cannot hide a
  // connection, so the report does not depend on the pre-filter.
  if (!prefilter) {
    for (const entry of deferred) {
      parsed++;
      try {
        const outcome = project.add(entry.file, entry.text);
        added.push({ file: entry.file, record: outcome.record });
      } catch (error) {
        failed(entry.file, error);
      }
    }
  }
  project.prepareTyped(
    added.filter((a) => a.file.language === 'ts' || a.file.language === 'tsx').map((a) => a.file.absPath),
  );
  for (const [i, { file, record }] of added.entries()) {
    report('analysing', i + 1, added.length);
    try {
      const result = analyzeModule(record, {
        origin,
        mode: env.mode,
        textOf: (path) => project.textOf(path),
      });
      findings.push(...result.findings);
      diagnostics.push(...result.diagnostics);
    } catch (error) {
      failed(file, error);
    }
  }

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
      filesScanned: discovered.files.length,
      filesParsed: parsed + project.pulled,
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
