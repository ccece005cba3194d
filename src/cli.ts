// The only module that touches the process: argv, env, stdout/stderr, files written by --out, exit code.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { checkPolicy } from './check/check.js';
import { type CliFlags, HELP, parseCli, UsageError } from './cli/args.js';
import { ConfigError, DEFAULT_CONFIG, loadConfig, mergeOptions, type UserConfig } from './config/index.js';
import { checkBasePolicy } from './config/values.js';
import { allowProblem } from './csp/allow.js';
import { findPolicies } from './csp/policy.js';
import { type AnalyzeOptions, analyze, type Progress } from './pipeline.js';
import { renderCheck } from './report/check-text.js';
import { renderDiagnosticLines } from './report/diagnostic-lines.js';
import { renderExplain } from './report/explain.js';
import { type Format, RenderError, render } from './report/index.js';
import type { Report } from './types.js';
import { relativePosix, resolvePath } from './util/paths.js';
import { writeFileAtomic } from './util/write-atomic.js';
import { VERSION } from './version.js';

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  write(stream: 'stdout' | 'stderr', text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

/** Runs the CLI and returns the exit code. Every expected failure is one line on stderr. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof RenderError) {
      io.write('stderr', `csp-connect: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.write('stderr', `csp-connect: internal error: ${message.split('\n')[0]}\n`);
    if (io.env.CSP_CONNECT_DEBUG && error instanceof Error && error.stack)
      io.write('stderr', `${error.stack}\n`);
    return EXIT_USAGE;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseCli(argv);
  if (flags.help) {
    io.write('stdout', HELP);
    return EXIT_OK;
  }
  if (flags.version) {
    io.write('stdout', `${VERSION}\n`);
    return EXIT_OK;
  }
  const { root, paths } = scanRoot(flags, io.cwd);
  const loaded = flags.noConfig
    ? { config: {} as UserConfig, file: null }
    : await loadConfig(root, flags.config === undefined ? undefined : resolvePath(io.cwd, flags.config));
  const flagConfig: UserConfig = {
    ...(flags.include.length > 0 ? { include: [...flags.include] } : {}),
    ...(flags.exclude.length > 0 ? { exclude: [...(loaded.config.exclude ?? []), ...flags.exclude] } : {}),
    ...(flags.origin !== undefined ? { origin: normaliseOrigin(flags.origin) } : {}),
    ...(flags.format !== undefined ? { format: flags.format } : {}),
    allow: flags.allow.map(validateAllow),
    ...(flags.reportOnly !== undefined ? { reportOnly: flags.reportOnly } : {}),
    ...(flags.basePolicy !== undefined ? { basePolicy: flags.basePolicy } : {}),
    ...(flags.defaultExcludes !== undefined ? { defaultExcludes: flags.defaultExcludes } : {}),
    ...(flags.mode !== undefined ? { mode: flags.mode } : {}),
    env: { ...flags.env },
    ...(flags.typed ? { typed: true } : {}),
  };
  const config = mergeOptions(DEFAULT_CONFIG, loaded.config, flagConfig);
  const format: Format = flags.format ?? (flags.command === 'scan' ? config.format : 'text');
  const origin = config.origin;
  const options: AnalyzeOptions = {
    root,
    rootLabel: relativePosix(io.cwd, root),
    paths,
    include: config.include,
    exclude: config.exclude,
    defaultExcludes: config.defaultExcludes,
    origin,
    allow: config.allow,
    ignore: config.ignore,
    maxFileSize: config.maxFileSize,
    prefilter: !flags.noPrefilter,
    cache: !flags.noCache,
    ...(flags.maxMemory !== undefined ? { maxMemory: flags.maxMemory * 1e6 } : {}),
    ...(flags.cacheLocation !== undefined ? { cacheLocation: resolvePath(io.cwd, flags.cacheLocation) } : {}),
    ...(flags.cacheStrategy !== undefined ? { cacheStrategy: flags.cacheStrategy } : {}),
    typed: config.typed,
    mode: config.mode,
    env: config.env,
    // A path in the config file is the project's; one on the command line is the shell's.
    basePolicy:
      config.basePolicy === null
        ? null
        : readBasePolicy(config.basePolicy, flags.basePolicy !== undefined ? io.cwd : root),
  };
  // Progress on a terminal only: never in pipes, CI logs or with --quiet.
  const started = Date.now();
  // A dumb terminal cannot clear a line; NO_COLOR users asked for plain output. Short scans draw nothing.
  const showProgress =
    io.stderrIsTTY && !flags.quiet && !io.env.CI && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  let drawn = false;
  const report = await analyze({
    ...options,
    // The cache only saves time: a problem with it is one line on stderr, never a failed scan.
    ...(flags.quiet
      ? {}
      : {
          onCacheProblem: (problem: string) =>
            io.write('stderr', `csp-connect: warning: cache: ${problem}\n`),
        }),
    ...(showProgress
      ? {
          onProgress: (p: Progress) => {
            const elapsed = Date.now() - started;
            if (elapsed < 500 && !drawn) return;
            drawn = true;
            const seconds = (elapsed / 1000).toFixed(1);
            io.write(
              'stderr',
              `\r\x1b[2K${p.phase} ${p.done}/${p.total} files, ${p.parsed} parsed, ${seconds}s`,
            );
            if (p.phase === 'analysing' && p.done === p.total) io.write('stderr', '\r\x1b[2K');
          },
        }
      : {}),
  });
  const color = io.stdoutIsTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  const errorCount = report.diagnostics.filter((d) => d.severity === 'error').length;

  if (flags.command === 'check') {
    const policyFile = resolvePath(io.cwd, flags.subject ?? '');
    const policyText = readText(policyFile, flags.subject ?? '', 'policy file');
    const result = checkPolicy({
      needed: report.sources.map((s) => ({ source: s.expression, findings: s.findings })),
      policyText,
      origin,
    });
    if (result.reason === 'no-policy') {
      throw new UsageError(
        `${flags.subject}: no Content-Security-Policy found (expected a directive, a header line, a meta tag, or an nginx/Apache snippet)`,
      );
    }
    writeDiagnostics(report, flags, io);
    const text = renderCheck(report, result, {
      policyFile: flags.subject ?? '',
      strict: flags.strict,
      color: color && flags.out === undefined,
    });
    writeOutput(text, flags, io);
    // An error-level diagnostic (a file that did not parse) is a blind spot: the check cannot pass over it.
    const failed = !result.ok || (flags.strict && result.unused.length > 0) || errorCount > 0;
    return failed ? EXIT_FAIL : EXIT_OK;
  }

  if (flags.command === 'explain') {
    const text = renderExplain(report, flags.subject ?? '', { color });
    writeOutput(text, flags, io);
    return report.sources.some((s) => s.expression === flags.subject) ? EXIT_OK : EXIT_FAIL;
  }

  const output = render(report, format, {
    reportOnly: config.reportOnly,
    color: color && flags.out === undefined,
  });
  const unresolved = report.stats.unresolved;
  // The text format already shows every diagnostic with its frame; other formats keep stdout clean.
  if (format !== 'text' || flags.out !== undefined) writeDiagnostics(report, flags, io);
  writeOutput(output, flags, io);
  if (unresolved > 0 && !flags.quiet && format !== 'text') {
    io.write(
      'stderr',
      `csp-connect: ${unresolved} connection target${unresolved === 1 ? '' : 's'} could not be resolved; the directive does not allow ${unresolved === 1 ? 'it' : 'them'} (add the origins with --allow, or see --format text)\n`,
    );
  }
  return errorCount > 0 || (flags.strict && unresolved > 0) ? EXIT_FAIL : EXIT_OK;
}

/** One directory argument becomes the root (its config, its .gitignore, paths relative to it). */
function scanRoot(flags: CliFlags, cwd: string): { root: string; paths: string[] } {
  if (flags.paths.length === 1) {
    const only = resolvePath(cwd, flags.paths[0] ?? '.');
    try {
      if (statSync(only).isDirectory()) return { root: only, paths: [] };
    } catch {
      // not a directory: treated as a file or glob under the cwd below
    }
  }
  return { root: cwd, paths: [...flags.paths] };
}

function normaliseOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--origin must be an absolute URL such as https://app.example.com; got ${JSON.stringify(raw)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--origin must be an http: or https: origin; got ${JSON.stringify(raw)}`);
  }
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new UsageError(
      `--origin must be an origin only (scheme, host, port), without path, query or credentials; got ${JSON.stringify(raw)}`,
    );
  }
  return url.origin;
}

function validateAllow(source: string): string {
  const problem = allowProblem(source);
  if (problem !== null) throw new UsageError(`--allow ${JSON.stringify(source)}: ${problem}`);
  return source;
}

/**
 * A path to an existing file is read (any format `check` understands); text with a space or a `;`
 * is the policy itself; anything else is a path that does not exist, which is refused rather than
 * delivered as a "policy".
 */
function readBasePolicy(input: string, base: string): string {
  const candidate = resolvePath(base, input);
  let policy = input;
  if (existsSync(candidate)) {
    const found = findPolicies(readText(candidate, input, '--base-policy'));
    const first = found.find((p) => !p.reportOnly) ?? found[0];
    if (!first) throw new UsageError(`--base-policy ${input}: no Content-Security-Policy found in the file`);
    policy = first.policy;
  } else if (!/[\s;]/.test(input.trim())) {
    throw new UsageError(
      `--base-policy ${input}: no such file (a policy needs a directive and its sources, e.g. "default-src 'self'")`,
    );
  }
  // The same checks as a basePolicy in a config file: one policy, one printable-ASCII line.
  return checkBasePolicy(policy, '--base-policy', (key, message) => new ConfigError(`${key}: ${message}`));
}

/** `shown` is the path as the user typed it. */
function readText(file: string, shown: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? 'cannot be read');
    throw new UsageError(`${what} ${shown}: ${reason}`);
  }
}

function writeDiagnostics(report: Report, flags: CliFlags, io: CliIo): void {
  if (flags.quiet || report.diagnostics.length === 0) return;
  const color = io.stderrIsTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  io.write('stderr', renderDiagnosticLines(report, { color }));
}

/** --out writes a temporary file beside the target and renames it, so no reader sees half a file. */
function writeOutput(text: string, flags: CliFlags, io: CliIo): void {
  if (flags.out === undefined) {
    io.write('stdout', text);
    return;
  }
  const target = resolvePath(io.cwd, flags.out);
  try {
    writeFileAtomic(target, text);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'write failed';
    const reasons: Record<string, string> = {
      ENOENT: 'the directory does not exist',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      ENOTEMPTY: 'is a directory',
      EEXIST: 'is a directory',
      ENOTDIR: 'a part of the path is a file, not a directory',
      EROFS: 'the file system is read-only',
      ENOSPC: 'no space left on the device',
    };
    throw new UsageError(`--out ${flags.out}: ${reasons[code] ?? `cannot be written (${code})`}`);
  }
}
