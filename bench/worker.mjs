// One measurement in a fresh Node process, so that its JIT state, module caches and peak RSS are
// its own. Run by bench/run.mjs:
//
//   node bench/worker.mjs <task> <spec.json> <result.json>
//
// Tasks: floor (read + the sink regex), hash (read + sha1), parse (@babel/parser through
// parseScript, as the pipeline calls it), analyze (the public analyze()). The spec holds the file
// list (floor, hash, parse) or the analyze() options. The result is written as JSON.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [task, specPath, resultPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

function peakRssMb() {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

async function floor() {
  const { FLOOR_REGEX } = await import('./prefilter.mjs');
  const start = performance.now();
  let matches = 0;
  for (const file of spec.files) {
    const text = readFileSync(file.absPath, 'utf8');
    FLOOR_REGEX.lastIndex = 0;
    while (FLOOR_REGEX.exec(text) !== null) matches++;
  }
  return { ms: performance.now() - start, matches };
}

async function hash() {
  const start = performance.now();
  let digest = createHash('sha1');
  for (const file of spec.files) {
    const bytes = readFileSync(file.absPath);
    digest = digest.update(createHash('sha1').update(bytes).digest());
  }
  return { ms: performance.now() - start, digest: digest.digest('hex') };
}

async function parse() {
  const { parseScript } = await import('../dist/parse/babel.js');
  const { parseModule } = await import('../dist/parse/parse.js');
  const start = performance.now();
  let failed = 0;
  for (const file of spec.files) {
    const text = readFileSync(file.absPath, 'utf8');
    if (file.language === 'html' || file.language === 'vue' || file.language === 'svelte') {
      // Markup files: their scripts are extracted first, then parsed by parseScript.
      if (parseModule(file, text).diagnostics.some((d) => d.code === 'parse-error')) failed++;
    } else if (!parseScript(text, file.language).ok) {
      failed++;
    }
  }
  return { ms: performance.now() - start, failed };
}

async function analyzeTask() {
  const importStart = performance.now();
  const { analyze } = await import('../dist/index.js');
  const importMs = performance.now() - importStart;
  const start = performance.now();
  const report = await analyze(spec.options);
  const ms = performance.now() - start;
  const byCode = {};
  for (const d of report.diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
  return {
    ms,
    importMs,
    stats: report.stats,
    directive: report.directive.value,
    sources: report.sources.length,
    diagnostics: byCode,
    findings: report.findings.map((f) => ({
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
      sink: f.sink,
      source: f.source,
      trace: f.trace.map((t) => ({
        file: t.location.file,
        line: t.location.line,
        column: t.location.column,
        note: t.note,
      })),
    })),
  };
}

const TASKS = { floor, hash, parse, analyze: analyzeTask };
const run = TASKS[task];
if (!run) {
  process.stderr.write(`unknown task ${task}\n`);
  process.exit(2);
}
const result = await run();
writeFileSync(resultPath, JSON.stringify({ ...result, peakRssMb: peakRssMb() }));
