// csp-connect benchmark: what a scan costs against reading, hashing and parsing the same files.
//
//   npm run bench                                     the npm corpus (installed once into bench/.corpus/)
//   BENCH_APPS=/path/app1:/path/app2 npm run bench    also application checkouts (skipped when unset)
//   npm run bench -- --generated 100000               a generated tree of small files: wall time, peak RSS
//
// Options:
//   --profile             also one cold run of the first corpus under --cpu-prof, summarised
//   --verify-prefilter    also a run with prefilter: false, to check the pre-filter loses nothing
//   --exclude <glob>      leave matching files out of every corpus (repeatable)
//   --no-corpus           application checkouts only
//   --keep-generated      leave bench/.generated/ in place after --generated
//   --edit-rounds <n>     rounds of (hash floor, run after an edit), interleaved, after the single
//                         runs (default 5; 0 to skip): min, median and max against the best floor
// Environment: BENCH_APPS (see above), BENCH_TIMEOUT (seconds per measured process, default 300).

//
// Every measurement runs in a fresh Node process (bench/worker.mjs), so JIT state and module
// caches are cold and its peak RSS is its own. The OS page cache is warm for all of them (the floor
// reads the files first): the figures compare CPU work, not disk reads. `npm run bench` builds
// dist/ first; this script measures dist/ as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const WORK = path.join(BENCH, '.cache');
const PROFILES = path.join(BENCH, '.profiles');
const GENERATED = path.join(BENCH, '.generated');
const MB = 1e6;
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT ?? 300);

/** The analyze() options that turn the scan cache on, in `dir`. */
function cacheOptions(dir) {
  return { cache: true, cacheLocation: dir };
}

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const values = (name) => argv.flatMap((arg, i) => (arg === name && argv[i + 1] ? [argv[i + 1]] : []));
const log = (line) => process.stderr.write(`${line}\n`);

if (flag('--help') || flag('-h')) {
  const source = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log(source.slice(0, source.indexOf('\nimport ')).replace(/^\/\/ ?/gm, ''));
  process.exit(0);
}

function machine() {
  const cpus = os.cpus();
  const version = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
  const npmCommand = process.env.npm_lifecycle_event
    ? `npm run ${process.env.npm_lifecycle_event}${argv.length ? ` -- ${argv.join(' ')}` : ''}`
    : null;
  return [
    `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
    `node ${process.version}, csp-connect ${version} (dist/)`,
    `command: ${npmCommand ?? `node bench/run.mjs ${argv.join(' ')}`.trim()}${process.env.BENCH_APPS ? `  (BENCH_APPS=${process.env.BENCH_APPS})` : ''}`,
  ];
}

/** Runs one task in a fresh process; returns its result, or { failed } with the reason. */
function runWorker(task, spec, label, nodeFlags = []) {
  mkdirSync(WORK, { recursive: true });
  const specPath = path.join(WORK, `${label}.${task}.spec.json`);
  const resultPath = path.join(WORK, `${label}.${task}.result.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  rmSync(resultPath, { force: true });
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    [...nodeFlags, path.join(BENCH, 'worker.mjs'), task, specPath, resultPath],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: TIMEOUT_S * 1000,
      killSignal: 'SIGKILL',
    },
  );
  const processMs = performance.now() - start;
  if (child.error?.code === 'ETIMEDOUT' || (child.signal === 'SIGKILL' && processMs >= TIMEOUT_S * 1000)) {
    return { failed: `did not finish in ${TIMEOUT_S} s`, processMs };
  }
  if (child.status !== 0 || !existsSync(resultPath)) {
    return { failed: child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`, processMs };
  }
  return { ...JSON.parse(readFileSync(resultPath, 'utf8')), processMs };
}

function bestOf(runs, task, spec, label) {
  let best = null;
  for (let i = 0; i < runs; i++) {
    const run = runWorker(task, spec, label);
    if (run.failed) return run;
    if (!best || run.ms < best.ms) best = run;
  }
  return { ...best, runs };
}

async function discoverFiles(options) {
  const { discover } = await import('../dist/discover/discover.js');
  const found = await discover({
    root: options.root,
    paths: options.paths ?? [],
    include: options.include ?? [],
    exclude: options.exclude ?? [],
    defaultExcludes: options.defaultExcludes ?? true,
  });
  let bytes = 0;
  const files = found.files.map((file) => {
    const size = statSync(file.absPath).size;
    bytes += size;
    return { path: file.path, absPath: file.absPath, language: file.language, size };
  });
  return { files, bytes };
}

function dirSize(dir) {
  if (!existsSync(dir)) return { files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return { files, bytes };
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const rate = (bytes, ms) => `${(bytes / MB / (ms / 1000)).toFixed(1)} MB/s`;
const ratio = (a, b) => (a?.ms && b?.ms && !a.failed && !b.failed ? `${(a.ms / b.ms).toFixed(1)}x` : 'n/a');
const slug = (name) => name.replace(/[^\w.-]+/g, '-');

/** Every measurement of one corpus. */
async function measure(name, options) {
  const label = slug(name);
  log(`\n== ${name}: discovering files`);
  const { files, bytes } = await discoverFiles(options);
  const fileSpec = { files: files.map(({ size: _size, ...file }) => file) };
  log(`   ${files.length} files, ${(bytes / MB).toFixed(2)} MB`);
  const result = { name, options, files: files.length, bytes };

  // The cheap measurements take the best of a few runs; scans run once each (cold is cold once).
  const parseRuns = bytes < 20 * MB ? 3 : 1;
  log('   floor: read + sink regex (best of 3)');
  result.floor = bestOf(3, 'floor', fileSpec, label);
  log(`   ${seconds(result.floor.ms)}; hash floor: read + sha1 (best of 3)`);
  result.hash = bestOf(3, 'hash', fileSpec, label);
  log(`   ${seconds(result.hash.ms)}; parse-only${parseRuns > 1 ? ` (best of ${parseRuns})` : ''}`);
  result.parse = bestOf(parseRuns, 'parse', fileSpec, label);
  log(`   ${seconds(result.parse.ms)}; csp-connect cold`);
  result.cold = runWorker('analyze', { options }, `${label}.cold`);
  log(`   ${result.cold.failed ?? seconds(result.cold.ms)}`);

  if (result.cold.failed) {
    result.warm = { failed: 'not run: the cold run did not finish' };
  } else {
    // The first run with the cache fills it; the second reads it with nothing changed; the third
    // after one file with findings was edited (a comment appended), as a commit would.
    const cacheDir = path.join(WORK, `${label}.scan-cache`);
    rmSync(cacheDir, { recursive: true, force: true });
    const withCache = { ...options, ...cacheOptions(cacheDir) };
    log('   csp-connect, filling the cache');
    result.fill = runWorker('analyze', { options: withCache }, `${label}.fill`);
    log(`   ${result.fill.failed ?? seconds(result.fill.ms)}`);
    const cache = dirSize(cacheDir);
    log('   csp-connect warm, nothing changed');
    result.warm = runWorker('analyze', { options: withCache }, `${label}.warm`);
    log(`   ${result.warm.failed ?? seconds(result.warm.ms)}`);
    // The same with every file read and hashed, as --cache-strategy content does.
    log('   csp-connect warm, nothing changed, cacheStrategy: content');
    result.warmContent = runWorker(
      'analyze',
      { options: { ...withCache, cacheStrategy: 'content' } },
      `${label}.warm-content`,
    );
    log(`   ${result.warmContent.failed ?? seconds(result.warmContent.ms)}`);
    const edited = editedFile(result.cold, options.root, files);
    if (edited) {
      const original = readFileSync(edited, 'utf8');
      writeFileSync(edited, `${original}\n// edited by the benchmark\n`);
      try {
        log(`   csp-connect warm, one file changed (${path.relative(options.root, edited)})`);
        result.warmEdit = runWorker('analyze', { options: withCache }, `${label}.warm-edit`);
        log(`   ${result.warmEdit.failed ?? seconds(result.warmEdit.ms)}`);
      } finally {
        writeFileSync(edited, original);
      }
      result.editedFile = path.relative(options.root, edited);
      result.editRounds = editRounds(edited, withCache, fileSpec, label, result.cold);
    }
    result.warmNote = `cache: ${cache.files} file(s), ${(cache.bytes / MB).toFixed(1)} MB; warm runs parsed ${result.warm.stats?.filesParsed ?? 'n/a'} file(s) with nothing changed, ${result.warmEdit?.stats?.filesParsed ?? 'n/a'} after editing ${result.editedFile ?? 'no file'}`;
    for (const run of [result.fill, result.warm, result.warmContent, result.warmEdit]) {
      if (
        run &&
        !run.failed &&
        (run.directive !== result.cold.directive ||
          JSON.stringify(run.findings) !== JSON.stringify(result.cold.findings))
      )
        result.warmNote += `\n  WARNING: a cached run's findings differ from the cold run's`;
    }
  }

  if (!result.cold.failed) {
    const { studyPrefilter } = await import('./prefilter.mjs');
    const texts = new Map(files.map((file) => [file.path, readFileSync(file.absPath, 'utf8')]));
    result.prefilter = await studyPrefilter(texts, result.cold.findings);
    if (flag('--verify-prefilter')) {
      log('   csp-connect with prefilter: false');
      result.unfiltered = runWorker(
        'analyze',
        { options: { ...options, prefilter: false } },
        `${label}.unfiltered`,
      );
      log(`   ${result.unfiltered.failed ?? seconds(result.unfiltered.ms)}`);
    }
  }
  return result;
}

/**
 * The file to edit for the warm run: of the files with findings in the cold run, the one of
 * median size (the first by path on a tie), a typical edit of network code rather than the
 * largest generated bundle.
 */
const EDIT_ROUNDS = Number(values('--edit-rounds').at(-1) ?? 5);

/**
 * The run after an edit is short and this machine is noisy: so many rounds of a hash floor run,
 * then a run after an edit (a different comment appended each round, the file put back after),
 * each in a fresh process. Ratios are against the best floor of the rounds. Null when skipped or
 * when a run failed; a run whose findings differ from the cold run's is a WARNING.
 */
function editRounds(edited, withCache, fileSpec, label, cold) {
  if (!Number.isInteger(EDIT_ROUNDS) || EDIT_ROUNDS <= 0) return null;
  log(`   ${EDIT_ROUNDS} rounds: hash floor, then a run after an edit`);
  const original = readFileSync(edited, 'utf8');
  const floors = [];
  const edits = [];
  try {
    for (let round = 1; round <= EDIT_ROUNDS; round++) {
      const floor = runWorker('hash', fileSpec, `${label}.round-hash`);
      writeFileSync(edited, `${original}\n// edited by the benchmark, round ${round}\n`);
      const run = runWorker('analyze', { options: withCache }, `${label}.round-edit`);
      writeFileSync(edited, original);
      if (floor.failed || run.failed) return null;
      if (JSON.stringify(run.findings) !== JSON.stringify(cold.findings)) {
        log(`   WARNING: round ${round} after an edit did not give the cold run's findings`);
      }
      floors.push(floor.ms);
      edits.push(run.ms);
    }
  } finally {
    writeFileSync(edited, original);
  }
  const best = Math.min(...floors);
  const ratios = edits.map((ms) => ms / best);
  log(`   median ${(median(edits) / 1000).toFixed(3)} s, ${median(ratios).toFixed(2)}x the best floor`);
  return { floors, edits, best, ratios };
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `min-max (median m)` of a list, in ms or as ratios. */
function spread(list, format) {
  return `${format(Math.min(...list))}-${format(Math.max(...list))} (median ${format(median(list))})`;
}

function editedFile(cold, root, files) {
  const withFindings = new Set((cold.findings ?? []).map((f) => f.file));
  const sized = files
    .filter((f) => withFindings.has(f.path))
    .sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
  const median = sized[Math.floor((sized.length - 1) / 2)];
  return median ? path.join(root, median.path) : null;
}

function timing(m, bytes, withRss) {
  if (!m) return 'not run';
  if (m.failed) return m.failed;
  return `${seconds(m.ms)} ${rate(bytes, m.ms).padStart(10)}${withRss ? ` ${String(Math.round(m.peakRssMb)).padStart(5)} MB RSS` : ''}`;
}

function table(results) {
  const rows = [
    ['', ...results.map((r) => r.name)],
    ['files', ...results.map((r) => r.files.toLocaleString('en-US'))],
    ['MB (10^6 bytes)', ...results.map((r) => (r.bytes / MB).toFixed(2))],
    ['floor: read + sink regex', ...results.map((r) => timing(r.floor, r.bytes, false))],
    ['hash floor: read + sha1', ...results.map((r) => timing(r.hash, r.bytes, false))],
    ['parse-only: @babel/parser', ...results.map((r) => timing(r.parse, r.bytes, true))],
    ['csp-connect cold', ...results.map((r) => timing(r.cold, r.bytes, true))],
    ['csp-connect, filling cache', ...results.map((r) => timing(r.fill, r.bytes, true))],
    ['csp-connect warm, no change', ...results.map((r) => timing(r.warm, r.bytes, true))],
    ['csp-connect warm, no change, content', ...results.map((r) => timing(r.warmContent, r.bytes, true))],
    ['csp-connect warm, 1 file edited', ...results.map((r) => timing(r.warmEdit, r.bytes, true))],
    ['cold / parse-only', ...results.map((r) => ratio(r.cold, r.parse))],
    ['cold / floor', ...results.map((r) => ratio(r.cold, r.floor))],
    ['warm / hash floor', ...results.map((r) => ratio(r.warm, r.hash))],
    ['warm content / hash floor', ...results.map((r) => ratio(r.warmContent, r.hash))],
    ['warm 1 edited / hash floor', ...results.map((r) => ratio(r.warmEdit, r.hash))],
    [
      'the same, rounds (median)',
      ...results.map((r) =>
        r.editRounds
          ? `${median(r.editRounds.ratios).toFixed(1)}x of ${r.editRounds.ratios.length}`
          : 'not run',
      ),
    ],
    [
      'files parsed by the scan',
      ...results.map((r) => (r.cold.failed ? 'n/a' : `${r.cold.stats.filesParsed}`)),
    ],
    [
      'findings, sources',
      ...results.map((r) => (r.cold.failed ? 'n/a' : `${r.cold.findings.length}, ${r.cold.sources}`)),
    ],
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col]))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

function printPrefilter(result) {
  const p = result.prefilter;
  if (!p) return;
  const share = (part) =>
    `${part.files} of ${p.total.files} files (${((100 * part.files) / p.total.files).toFixed(1)}%), ` +
    `${(part.bytes / MB).toFixed(2)} of ${(p.total.bytes / MB).toFixed(2)} MB (${((100 * part.bytes) / p.total.bytes).toFixed(1)}%)`;
  console.log(`\npre-filter, ${result.name}:`);
  console.log(`  minimal word set (bench/prefilter.mjs) lets through ${share(p.minimal)}`);
  if (p.pipeline) {
    console.log(`  the pipeline's mayHoldSink lets through ${share(p.pipeline)}`);
    if (p.onlyMinimal.length > 0) {
      console.log(
        `  files with a sink word that mayHoldSink skips: ${p.onlyMinimal.length} (${p.onlyMinimal.slice(0, 4).join(', ')}${p.onlyMinimal.length > 4 ? ', …' : ''})`,
      );
    }
  }
  const used = p.perWord.filter((w) => w.files > 0);
  console.log(
    `  files per word (only: no other sink word in the file): ${used.map((w) => `${w.word} ${w.files}${w.only ? ` (only ${w.only})` : ''}`).join(', ')}`,
  );
  console.log(
    `  the cold run's findings: ${p.findings} in ${p.findingFiles} files; in files without a sink word: ${p.outside.length}`,
  );
  if (p.outside.length > 0) {
    console.log(`  their wrapper names: ${p.wrappers.join(', ') || '(none)'}`);
    console.log(
      `  files without a sink word that name one of them: ${p.pass2.files} (${(p.pass2.bytes / MB).toFixed(2)} MB); findings in neither set: ${p.outsideBoth.length}`,
    );
    for (const f of p.outsideBoth.slice(0, 5))
      console.log(`    ${f.file}:${f.line}:${f.column} ${f.sink} -> ${f.source ?? '(unresolved)'}`);
  }
  const check = result.unfiltered;
  if (check) {
    if (check.failed) {
      console.log(`  prefilter: false run: ${check.failed}`);
      return;
    }
    const key = (f) => `${f.file}:${f.line}:${f.column}:${f.sink}:${f.source}`;
    const filtered = new Set(result.cold.findings.map(key));
    const missing = check.findings.filter((f) => !filtered.has(key(f)));
    const sources = (directive) => new Set(directive.split(' ').slice(1));
    const kept = sources(result.cold.directive);
    const lost = [...sources(check.directive)].filter((s) => !kept.has(s));
    console.log(
      `  prefilter: false took ${seconds(check.ms)} (${check.stats.filesParsed} files parsed, ${Math.round(check.peakRssMb)} MB RSS): ` +
        `findings the pre-filter lost: ${missing.length}; sources lost: ${lost.length ? lost.join(' ') : 'none'}`,
    );
    for (const f of missing.slice(0, 5))
      console.log(`    ${f.file}:${f.line}:${f.column} ${f.sink} -> ${f.source ?? '(unresolved)'}`);
  }
}

async function corpusRuns() {
  const results = [];
  const extraExcludes = values('--exclude');
  const withExcludes = (options) =>
    extraExcludes.length ? { ...options, exclude: [...(options.exclude ?? []), ...extraExcludes] } : options;
  if (!flag('--no-corpus')) {
    const { ensureCorpus, corpusScanOptions, readCorpus } = await import('./corpus.mjs');
    ensureCorpus(log);
    const corpus = readCorpus();
    results.push(
      await measure(
        `npm corpus (${corpus.packages.length} packages)`,
        withExcludes(corpusScanOptions(corpus)),
      ),
    );
  }
  const apps = (process.env.BENCH_APPS ?? '').split(path.delimiter).filter(Boolean);
  const skipped = [];
  for (const app of apps) {
    const root = path.resolve(app);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      skipped.push(`${app} (not a directory)`);
      continue;
    }
    results.push(await measure(path.basename(root), withExcludes({ root })));
  }
  return { results, skipped, apps };
}

async function profileRun(results) {
  const first = results.find((r) => !r.cold.failed) ?? results[0];
  if (!first) return null;
  rmSync(PROFILES, { recursive: true, force: true });
  mkdirSync(PROFILES, { recursive: true });
  log(`\n== profile: one cold run of ${first.name} under --cpu-prof`);
  const run = runWorker('analyze', { options: first.options }, 'profile', [
    '--cpu-prof',
    '--cpu-prof-dir',
    PROFILES,
  ]);
  const file = readdirSync(PROFILES).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return { name: first.name, failed: run.failed ?? 'no profile written' };
  const { summariseProfile } = await import('./profile.mjs');
  return {
    name: first.name,
    file: path.join(PROFILES, file),
    summary: summariseProfile(path.join(PROFILES, file)),
  };
}

function printProfile(profile) {
  if (!profile) return;
  if (profile.failed) {
    console.log(`\nprofile of ${profile.name}: ${profile.failed}`);
    return;
  }
  const { summary } = profile;
  console.log(
    `\nprofile of one cold run, ${profile.name} (${path.relative(REPO, profile.file)}, ${seconds(summary.totalMs)} sampled)`,
  );
  console.log('  self time by script (regular expressions by pattern):');
  for (const f of summary.files.slice(0, 12))
    console.log(`    ${(f.share * 100).toFixed(1).padStart(5)}%  ${seconds(f.ms).padStart(9)}  ${f.key}`);
  console.log('  self time by function:');
  for (const f of summary.functions.slice(0, 20))
    console.log(`    ${(f.share * 100).toFixed(1).padStart(5)}%  ${seconds(f.ms).padStart(9)}  ${f.key}`);
}

async function generatedRun(count) {
  const { generateTree, GENERATED_SOURCES } = await import('./generate.mjs');
  log(`== generating ${count} files into ${path.relative(REPO, GENERATED)}`);
  const start = performance.now();
  const tree = generateTree(GENERATED, count);
  const generateMs = performance.now() - start;
  const cleanup = () => {
    // Cheap to make again; left behind, its files would be linted and type-checked with the repo's.
    if (!flag('--keep-generated')) rmSync(GENERATED, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    log(`   ${tree.files} files, ${(tree.bytes / MB).toFixed(2)} MB in ${seconds(generateMs)}`);
    // A glob, not a directory: bench/.generated/ is git-ignored, and discovery lists a directory
    // inside a work tree with git.
    const options = { root: GENERATED, paths: ['src/**/*.{ts,tsx,js}'] };
    const { files, bytes } = await discoverFiles(options);
    const fileSpec = { files: files.map(({ size: _size, ...file }) => file) };
    log('   floor');
    const floor = runWorker('floor', fileSpec, 'generated');
    log(`   ${seconds(floor.ms)}; parse-only`);
    const parse = runWorker('parse', fileSpec, 'generated');
    log(`   ${seconds(parse.ms)}; csp-connect cold`);
    const cold = runWorker('analyze', { options }, 'generated.cold');
    log(`   ${cold.failed ?? seconds(cold.ms)}`);
    let unfiltered = null;
    if (flag('--verify-prefilter')) {
      log('   csp-connect with prefilter: false');
      unfiltered = runWorker(
        'analyze',
        { options: { ...options, prefilter: false } },
        'generated.unfiltered',
      );
      log(`   ${unfiltered.failed ?? seconds(unfiltered.ms)}`);
    }
    const lines = [
      `generated tree (bench/generate.mjs): ${files.length.toLocaleString('en-US')} files, ${(bytes / MB).toFixed(2)} MB, written in ${seconds(generateMs)}`,
      `  floor: read + sink regex   ${timing(floor, bytes, true)}`,
      `  parse-only                 ${timing(parse, bytes, true)}`,
      `  csp-connect cold           ${timing(cold, bytes, true)}`,
    ];
    if (!cold.failed) {
      const found = cold.directive.split(' ').slice(1).sort();
      const expected = [...GENERATED_SOURCES].sort();
      const same = found.length === expected.length && found.every((s, i) => s === expected[i]);
      lines.push(
        `  files parsed by the scan: ${cold.stats.filesParsed}; findings: ${cold.findings.length}`,
        `  directive: ${cold.directive}${same ? ' (as generated)' : `\n  MISMATCH: expected connect-src ${expected.join(' ')}`}`,
        `  bounded memory (peak RSS under 600 MB): ${cold.peakRssMb < 600 ? 'yes' : 'NO'}`,
      );
    }
    if (unfiltered) {
      lines.push(
        `  prefilter: false            ${timing(unfiltered, bytes, true)}${unfiltered.failed ? '' : `  (${unfiltered.stats.filesParsed} files parsed, same directive: ${unfiltered.directive === cold.directive ? 'yes' : 'NO'})`}`,
      );
    }
    return lines;
  } finally {
    cleanup();
  }
}

const header = machine();
const generated = values('--generated')[0] ?? (flag('--generated') ? '' : null);
const total = performance.now();
if (generated !== null) {
  const count = Number(generated);
  if (!Number.isInteger(count) || count < 10) {
    log('--generated takes a file count, at least 10');
    process.exit(2);
  }
  const lines = await generatedRun(count);
  console.log(`\n${header.join('\n')}\n`);
  console.log(lines.join('\n'));
} else {
  const { results, skipped, apps } = await corpusRuns();
  const profile = flag('--profile') ? await profileRun(results) : null;
  console.log(`\n${header.join('\n')}`);
  if (apps.length === 0)
    console.log('application checkouts: skipped (set BENCH_APPS=/path/app1:/path/app2 to add them)');
  for (const s of skipped) console.log(`application checkout skipped: ${s}`);
  console.log(`\n${table(results)}\n`);
  console.log(
    'floor and hash floor: best of 3 runs; parse-only: best of 3 under 20 MB, else one run; each csp-connect row: one run.',
  );
  for (const r of results) {
    const notes = [r.warmNote];
    if (!r.cold.failed) {
      notes.push(
        `cold analyze() ${seconds(r.cold.ms)} after a ${seconds(r.cold.importMs)} import (process ${seconds(r.cold.processMs)})`,
        `diagnostics ${
          Object.entries(r.cold.diagnostics)
            .map(([code, n]) => `${code} ${n}`)
            .join(', ') || 'none'
        }`,
      );
    }
    console.log(`${r.name}: ${notes.filter(Boolean).join('; ')}`);
  }
  for (const r of results) {
    const e = r.editRounds;
    if (!e) continue;
    console.log(
      `${r.name}, run after an edit, ${e.edits.length} rounds interleaved with the hash floor: ` +
        `${spread(e.edits, (ms) => `${ms.toFixed(1)} ms`)} against floors ${spread(e.floors, (ms) => `${ms.toFixed(1)} ms`)}; ` +
        `${spread(e.ratios, (x) => `${x.toFixed(2)}x`)} the best floor (${e.best.toFixed(1)} ms); ` +
        `${e.ratios.filter((x) => x > 3).length} of ${e.ratios.length} above 3x`,
    );
  }
  for (const r of results) printPrefilter(r);
  printProfile(profile);
}
console.log(`\nbench wall time: ${seconds(performance.now() - total)}`);
