// What typed mode costs on a real TypeScript app, against a bare ts-morph project with the type checker.
//
//   npx tsc -p tsconfig.json --noCheck --outDir node_modules/.cache/csp-connect-bench
//   node node_modules/.cache/csp-connect-bench/bench/typed.js <app-root> [--queries 20] [--runs 1] [--only full-check,full-query,typed,typed-prepared,typed-compiler]
//
// Each scenario runs in a fresh Node process, so its wall time and peak RSS are its own:
//   full-check      new Project({ tsConfigFilePath }) with every file of the app's tsconfig, then
//                   getPreEmitDiagnostics(): the whole app parsed, bound and type-checked
//   full-query      the same bare project with its type checker answering the queries (the
//                   reference answers: the checker sees the whole program)
//   typed           TypedResolver (on-demand imports) answering the queries
//   typed-prepared  the same, told the queried files first with prepare()
//   typed-compiler  TypedResolver letting the compiler load every import of the queried files
// The queries are real sink arguments of the app: the URL argument of fetch(), new WebSocket(),
// new EventSource(), navigator.sendBeacon() and xhr.open(method, url), and the holes of those that
// are template literals, taken in path order across files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ts } from 'ts-morph';
import { TypedResolver } from '../src/resolve/typed.js';
import { findExpression } from '../src/resolve/typed-node.js';
import { readLiteralValues } from '../src/resolve/typed-values.js';

type TsMorph = typeof import('ts-morph');

interface Query {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface Measurement {
  readonly scenario: string;
  readonly wallMs: number;
  readonly createMs: number;
  readonly workMs: number;
  readonly files: number;
  readonly roots: number;
  readonly programs: number;
  readonly queries: number;
  readonly answered: number;
  readonly diagnostics: number;
  readonly peakRssMb: number;
  readonly answers?: readonly { readonly query: string; readonly values: readonly string[] | null }[];
}

const SCENARIOS = ['full-check', 'full-query', 'typed', 'typed-prepared', 'typed-compiler'] as const;
type Scenario = (typeof SCENARIOS)[number];

const SKIPPED_DIRS = new Set(['node_modules', 'build', 'dist', 'coverage', 'out', '.next']);
const SINK_HINT = /\bfetch\(|new (?:WebSocket|EventSource)\(|sendBeacon\(|\.open\(/;

function loadMorph(): TsMorph {
  return createRequire(import.meta.url)('ts-morph') as TsMorph;
}

function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (
      /\.(?:ts|tsx|mts|cts)$/.test(entry.name) &&
      !/\.d\.[mc]?ts$|\.(?:test|spec)\./.test(entry.name)
    ) {
      out.push(full);
    }
  }
  return out;
}

function isGlobal(tsApi: typeof ts, callee: ts.Expression, name: string): boolean {
  if (tsApi.isIdentifier(callee)) return callee.text === name;
  return (
    tsApi.isPropertyAccessExpression(callee) &&
    callee.name.text === name &&
    tsApi.isIdentifier(callee.expression) &&
    ['window', 'self', 'globalThis', 'navigator'].includes(callee.expression.text)
  );
}

/** The URL argument of each connection sink in a file, and the holes of those that are templates. */
function sinkArguments(tsApi: typeof ts, file: string, text: string): Query[] {
  const source = tsApi.createSourceFile(file, text, tsApi.ScriptTarget.Latest, true);
  const found: Query[] = [];
  const add = (node: ts.Node): void => {
    found.push({ file, start: node.getStart(source), end: node.end, text: node.getText(source) });
    if (tsApi.isTemplateExpression(node)) for (const span of node.templateSpans) add(span.expression);
  };
  const visit = (node: ts.Node): void => {
    if (tsApi.isCallExpression(node)) {
      const [first, second] = node.arguments;
      if (
        (isGlobal(tsApi, node.expression, 'fetch') || isGlobal(tsApi, node.expression, 'sendBeacon')) &&
        first
      )
        add(first);
      else if (
        tsApi.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'open' &&
        first &&
        tsApi.isStringLiteral(first) &&
        /^(?:GET|POST|PUT|PATCH|DELETE|HEAD)$/i.test(first.text) &&
        second
      )
        add(second);
    } else if (tsApi.isNewExpression(node)) {
      const first = node.arguments?.[0];
      if (
        first &&
        (isGlobal(tsApi, node.expression, 'WebSocket') || isGlobal(tsApi, node.expression, 'EventSource'))
      )
        add(first);
    }
    tsApi.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function discoverQueries(appRoot: string, limit: number): Query[] {
  const tsApi = loadMorph().ts;
  const queries: Query[] = [];
  for (const file of sourceFiles(appRoot)) {
    const text = readFileSync(file, 'utf8');
    if (!SINK_HINT.test(text)) continue;
    queries.push(...sinkArguments(tsApi, file, text));
    if (queries.length >= limit) break;
  }
  return queries.slice(0, limit);
}

function label(appRoot: string, query: Query): string {
  return `${path.relative(appRoot, query.file)}:${query.start} ${query.text}`;
}

function runFull(appRoot: string, queries: readonly Query[], scenario: Scenario): Measurement {
  const began = performance.now();
  const { Project, ts: tsApi } = loadMorph();
  const project = new Project({ tsConfigFilePath: path.join(appRoot, 'tsconfig.json') });
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const created = performance.now();
  let diagnostics = 0;
  const answers: { query: string; values: readonly string[] | null }[] = [];
  if (scenario === 'full-check') {
    diagnostics = project.getPreEmitDiagnostics().length;
  } else {
    for (const query of queries) {
      const source = program.getSourceFile(query.file);
      const node = source ? findExpression(tsApi, source, query.start, query.end) : null;
      const values = node ? readLiteralValues(tsApi, checker, node).values : null;
      answers.push({ query: label(appRoot, query), values });
    }
  }
  const ended = performance.now();
  return {
    scenario,
    wallMs: Math.round(ended - began),
    createMs: Math.round(created - began),
    workMs: Math.round(ended - created),
    files: program.getSourceFiles().length,
    roots: program.getRootFileNames().length,
    programs: 1,
    queries: answers.length,
    answered: answers.filter((answer) => answer.values !== null).length,
    diagnostics,
    peakRssMb: peakRssMb(),
    answers,
  };
}

function runTyped(appRoot: string, queries: readonly Query[], scenario: Scenario): Measurement {
  const began = performance.now();
  const resolver = new TypedResolver(appRoot, {
    dependencies: scenario === 'typed-compiler' ? 'compiler' : 'on-demand',
  });
  if (scenario === 'typed-prepared') resolver.prepare(queries.map((query) => query.file));
  const answers = queries.map((query) => ({
    query: label(appRoot, query),
    values: resolver.literalValues(query.file, query.start, query.end),
  }));
  const ended = performance.now();
  const stats = resolver.stats;
  return {
    scenario,
    wallMs: Math.round(ended - began),
    createMs: Math.round(stats.createMs),
    workMs: Math.round(stats.queryMs),
    files: stats.files,
    roots: stats.roots,
    programs: stats.programs,
    queries: stats.queries,
    answered: answers.filter((answer) => answer.values !== null).length,
    diagnostics: stats.failures,
    peakRssMb: peakRssMb(),
    answers,
  };
}

function child(scenario: Scenario, appRoot: string, queriesFile: string): void {
  const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as Query[];
  const result = scenario.startsWith('full')
    ? runFull(appRoot, queries, scenario)
    : runTyped(appRoot, queries, scenario);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function main(args: readonly string[]): void {
  if (args[0] === '--child') {
    const [, scenario, appRoot, queriesFile] = args;
    if (!SCENARIOS.includes(scenario as Scenario) || !appRoot || !queriesFile)
      throw new Error('bad child args');
    child(scenario as Scenario, appRoot, queriesFile);
    return;
  }
  const appRoot = args[0] ? path.resolve(args[0]) : '';
  if (!appRoot || appRoot.startsWith('--')) {
    process.stderr.write(
      'usage: node node_modules/.cache/csp-connect-bench/bench/typed.js <app-root> [--queries 20] [--runs 1]\n',
    );
    process.exitCode = 2;
    return;
  }
  const limit = Number(option(args, '--queries', '20'));
  const runs = Number(option(args, '--runs', '1'));
  const only = option(args, '--only', SCENARIOS.join(',')).split(',') as Scenario[];
  const queries = discoverQueries(appRoot, limit);
  const queriesFile = path.join(mkdtempSync(path.join(tmpdir(), 'csp-connect-bench-')), 'queries.json');
  writeFileSync(queriesFile, JSON.stringify(queries));
  const files = new Set(queries.map((query) => query.file)).size;
  process.stdout.write(`${appRoot}: ${queries.length} queries in ${files} files; node ${process.version}\n`);

  const script = fileURLToPath(import.meta.url);
  const results = new Map<Scenario, Measurement[]>();
  for (let run = 0; run < runs; run++) {
    for (const scenario of only) {
      const outcome = spawnSync(process.execPath, [script, '--child', scenario, appRoot, queriesFile], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (outcome.status !== 0) throw new Error(`${scenario} failed: ${outcome.stderr}`);
      const measurement = JSON.parse(outcome.stdout) as Measurement;
      results.set(scenario, [...(results.get(scenario) ?? []), measurement]);
    }
  }

  const rows = [...results].map(([scenario, list]) => {
    const last = list[list.length - 1];
    return {
      scenario,
      wallMs: median(list.map((m) => m.wallMs)),
      createMs: median(list.map((m) => m.createMs)),
      workMs: median(list.map((m) => m.workMs)),
      peakRssMb: median(list.map((m) => m.peakRssMb)),
      files: last?.files ?? 0,
      roots: last?.roots ?? 0,
      programs: last?.programs ?? 0,
      answered: `${last?.answered ?? 0}/${last?.queries ?? 0}`,
      diagnosticsOrFailures: last?.diagnostics ?? 0,
    };
  });
  console.table(rows);
  for (const reference of ['full-query', 'full-check'] as const) {
    const base = rows.find((row) => row.scenario === reference);
    if (!base) continue;
    for (const row of rows) {
      if (!row.scenario.startsWith('typed')) continue;
      const time = (row.wallMs / base.wallMs).toFixed(2);
      const memory = (row.peakRssMb / base.peakRssMb).toFixed(2);
      process.stdout.write(
        `${row.scenario}: ${time}x the wall time, ${memory}x the peak RSS of ${reference}\n`,
      );
    }
  }
  // Each scenario's answers against those of the checker that sees the whole program.
  const reference = results.get('full-query')?.at(-1)?.answers;
  for (const [scenario, list] of results) {
    const answers = list.at(-1)?.answers;
    if (!reference || !answers || scenario === 'full-query' || answers.length === 0) continue;
    const same = answers.filter(
      (answer, i) => JSON.stringify(answer.values) === JSON.stringify(reference[i]?.values),
    ).length;
    process.stdout.write(`${scenario}: ${same}/${answers.length} answers as full-query gives them\n`);
  }
  const shown = results.get('typed')?.at(-1) ?? results.get('full-query')?.at(-1);
  for (const answer of shown?.answers ?? []) {
    process.stdout.write(
      `  ${answer.query.replace(/\s+/g, ' ').slice(0, 100)} -> ${JSON.stringify(answer.values)}\n`,
    );
  }
}

main(process.argv.slice(2));
