import { parseArgs } from 'node:util';
import { FORMATS, type Format, isFormat } from '../report/formats.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Command = 'scan' | 'check' | 'explain';

export interface CliFlags {
  readonly command: Command;
  /** check: the committed policy file; explain: the source expression. */
  readonly subject: string | null;
  readonly paths: readonly string[];
  readonly format?: Format;
  readonly out?: string;
  readonly origin?: string;
  readonly allow: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly defaultExcludes?: boolean;
  readonly mode?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly reportOnly?: boolean;
  readonly basePolicy?: string;
  readonly config?: string;
  readonly noConfig: boolean;
  /** Parse every file, even those with no sink word (for measuring; the report is the same). */
  readonly noPrefilter: boolean;
  readonly noCache: boolean;
  /** MB of JavaScript heap after which no more files are analysed (a memory-limit error). */
  readonly maxMemory?: number;
  readonly cacheLocation?: string;
  readonly cacheStrategy?: 'metadata' | 'content';
  readonly typed?: boolean;
  readonly strict: boolean;
  readonly quiet: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  origin: { type: 'string' },
  allow: { type: 'string', multiple: true },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'no-default-excludes': { type: 'boolean' },
  'no-prefilter': { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  'cache-location': { type: 'string' },
  'cache-strategy': { type: 'string' },
  'max-memory': { type: 'string' },
  typed: { type: 'boolean' },
  mode: { type: 'string', short: 'm' },
  env: { type: 'string', short: 'e', multiple: true },
  'report-only': { type: 'boolean' },
  'base-policy': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  strict: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const COMMANDS = new Set<Command>(['scan', 'check', 'explain']);

/** Parses argv (without node and script). Throws UsageError with one clear line. */
export function parseCli(argv: readonly string[]): CliFlags {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(cleanParseError(error));
  }
  const { values } = parsed;
  const positionals = [...parsed.positionals];
  let command: Command = 'scan';
  if (positionals[0] !== undefined && COMMANDS.has(positionals[0] as Command)) {
    command = positionals.shift() as Command;
  }
  let subject: string | null = null;
  if (command !== 'scan' && !values.help) {
    subject = positionals.shift() ?? null;
    if (subject === null) {
      throw new UsageError(
        command === 'check'
          ? 'check needs the committed policy file: csp-connect check <policy-file> [paths...]'
          : "explain needs a source expression: csp-connect explain 'https://api.example.com' [paths...]",
      );
    }
  }
  if (values.format !== undefined && !isFormat(values.format)) {
    throw new UsageError(
      `--format must be one of ${FORMATS.join(', ')}; got ${JSON.stringify(values.format)}`,
    );
  }
  for (const [flag, value] of [
    ['--out', values.out],
    ['--origin', values.origin],
    ['--base-policy', values['base-policy']],
    ['--config', values.config],
    ['--cache-location', values['cache-location']],
  ] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a value`);
  }
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
    if (!match) throw new UsageError(`--env expects NAME=value; got ${JSON.stringify(pair)}`);
    env[match[1] ?? ''] = match[2] ?? '';
  }
  if (values.mode !== undefined && !/^[A-Za-z0-9_.-]+$/.test(values.mode)) {
    throw new UsageError(
      `--mode expects a mode name like production or development; got ${JSON.stringify(values.mode)}`,
    );
  }
  let maxMemory: number | undefined;
  if (values['max-memory'] !== undefined) {
    const raw = values['max-memory'].trim();
    maxMemory = /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(maxMemory)) {
      throw new UsageError(
        `--max-memory expects a number of megabytes; got ${JSON.stringify(values['max-memory'])}`,
      );
    }
  }
  if (values['no-cache'] && values['cache-location'] !== undefined)
    throw new UsageError('--cache-location and --no-cache cannot be used together');
  const strategy = values['cache-strategy'];
  if (strategy !== undefined && strategy !== 'metadata' && strategy !== 'content') {
    throw new UsageError(`--cache-strategy must be metadata or content; got ${JSON.stringify(strategy)}`);
  }
  if (values['no-cache'] && strategy !== undefined)
    throw new UsageError('--cache-strategy and --no-cache cannot be used together');
  if (values['no-config'] && values.config !== undefined)
    throw new UsageError('--config and --no-config cannot be used together');
  return {
    command,
    subject,
    paths: positionals,
    ...(values.format !== undefined ? { format: values.format as Format } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.origin !== undefined ? { origin: values.origin } : {}),
    allow: values.allow ?? [],
    include: values.include ?? [],
    exclude: values.exclude ?? [],
    ...(values['no-default-excludes'] ? { defaultExcludes: false } : {}),
    ...(values.mode !== undefined ? { mode: values.mode } : {}),
    env,
    ...(values['report-only'] ? { reportOnly: true } : {}),
    ...(values['base-policy'] !== undefined ? { basePolicy: values['base-policy'] } : {}),
    ...(values.config !== undefined ? { config: values.config } : {}),
    noConfig: values['no-config'] ?? false,
    noPrefilter: values['no-prefilter'] ?? false,
    noCache: values['no-cache'] ?? false,
    ...(maxMemory !== undefined ? { maxMemory } : {}),
    ...(values['cache-location'] !== undefined ? { cacheLocation: values['cache-location'] } : {}),
    ...(strategy !== undefined ? { cacheStrategy: strategy } : {}),
    ...(values.typed ? { typed: true } : {}),
    strict: values.strict ?? false,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // node:util's messages carry a hint to use "--" that makes no sense for this CLI.
  return message.split('\n')[0]?.replace(/\. To specify a positional argument.*$/, '') ?? message;
}

export const HELP = `csp-connect: derive the Content-Security-Policy connect-src a codebase needs, from its source

Usage:
  csp-connect [paths...] [options]               scan and print the directive
  csp-connect check <policy-file> [paths...]     fail (exit 1) when the committed policy misses a source the code needs
  csp-connect explain <source> [paths...]        show every call site that needs <source>, and where its value came from

Paths are files, directories or globs (default: the current directory). A single directory
becomes the scan root: its config file is used and paths are shown relative to it.

Options:
  -f, --format <format>    ${FORMATS.join(' | ')} (default: directive)
  -o, --out <file>         write the result to <file> (atomically) instead of stdout
      --origin <url>       the page's origin; absolute URLs to it become 'self'
      --allow <source>     add a source known only at run time (repeatable)
      --include <glob>     only scan files matching <glob> (repeatable)
      --exclude <glob>     skip files matching <glob> (repeatable)
      --no-default-excludes  also scan node_modules, build output and test files
      --typed              ask the TypeScript checker about values the fast path cannot resolve (slower)
      --no-prefilter       parse every file, also those with no sink word (slower; same report)
      --no-cache           analyse every file again; read and write no cache
      --cache-location <dir>  keep the cache in <dir> (default: <root>/node_modules/.cache/csp-connect)
      --cache-strategy <metadata|content>
                           tell an unchanged file by its size, times and inode, as git does
                           (metadata, the default), or only by reading and hashing it (content)
      --max-memory <MB>    stop analysing more files past this much heap, with an error (default: 90% of Node's heap limit)
  -m, --mode <mode>        build mode for env files and import.meta.env.DEV/PROD (default: production)
  -e, --env <NAME=value>   a build-time environment variable, over env files (repeatable)
      --report-only        name the header Content-Security-Policy-Report-Only
      --base-policy <policy|file>  merge into an existing policy, replacing only connect-src
  -c, --config <file>      use this config file
      --no-config          ignore config files
      --strict             scan: fail (exit 1) when a target is unresolved;
                           check: also fail on policy sources no code needs
  -q, --quiet              print no diagnostics on stderr
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 clean, 1 failed check or error-level diagnostics, 2 usage, config or internal error.
`;
