// Do worker threads pay for parsing? The issue measured @babel/parser slower in workers on two
// cores; this measures it here, on the files a cold scan of the npm corpus parses first (those with
// a sink word), three ways, each in a fresh process (this script re-runs itself per mode):
//   main      one thread parses every file
//   workers   N worker threads each parse a share and send back only a count
//   asts      the same, each AST sent back to the main thread (what the pipeline would need: its
//             analysis of a file reads other modules' ASTs, so it cannot move to a worker alone)
//
//   npm run bench:threads                 (after `npm run bench` has installed the corpus)
//   npm run bench:threads -- --workers 4
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const SPEC = path.join(BENCH, '.cache', 'npm-corpus-32-packages-.parse.spec.json');

async function parseAll(files, sendAsts) {
  const { parseScript } = await import('../dist/parse/babel.js');
  let parsed = 0;
  for (const file of files) {
    const result = parseScript(readFileSync(file.absPath, 'utf8'), file.language);
    if (!result.ok) continue;
    parsed++;
    if (sendAsts) parentPort?.postMessage({ ast: result.ast });
  }
  return parsed;
}

if (!isMainThread) {
  const parsed = await parseAll(workerData.files, workerData.sendAsts);
  parentPort?.postMessage({ done: parsed });
} else {
  const argv = process.argv.slice(2);
  const mode = argv[argv.indexOf('--mode') + 1];
  const workers = Number(argv.includes('--workers') ? argv[argv.indexOf('--workers') + 1] : 2);
  let spec;
  try {
    spec = JSON.parse(readFileSync(SPEC, 'utf8'));
  } catch {
    console.error(`no ${path.relative(process.cwd(), SPEC)}: run \`npm run bench\` once first`);
    process.exit(2);
  }
  const { mayHoldSink } = await import('../dist/analyze/prefilter.js');
  const files = spec.files
    .filter((f) => f.language === 'js' || f.language === 'ts' || f.language === 'jsx' || f.language === 'tsx')
    .map((f) => ({
      ...f,
      size: readFileSync(f.absPath).length,
      sink: mayHoldSink(readFileSync(f.absPath, 'utf8'), f.language),
    }))
    .filter((f) => f.sink);
  if (argv.includes('--mode')) {
    const start = performance.now();
    let parsed;
    if (mode === 'main') parsed = await parseAll(files, false);
    else {
      // Shares of about equal bytes: largest first, each to the lightest share so far.
      const shares = Array.from({ length: workers }, () => ({ bytes: 0, files: [] }));
      for (const f of [...files].sort((a, b) => b.size - a.size)) {
        const lightest = shares.reduce((a, b) => (b.bytes < a.bytes ? b : a));
        lightest.bytes += f.size;
        lightest.files.push(f);
      }
      let received = 0;
      const counts = await Promise.all(
        shares.map(
          (share) =>
            new Promise((resolve, reject) => {
              const worker = new Worker(fileURLToPath(import.meta.url), {
                workerData: { files: share.files, sendAsts: mode === 'asts' },
              });
              worker.on('message', (m) => {
                if (m.ast) received++;
                else if (m.done !== undefined) {
                  resolve(m.done);
                  void worker.terminate();
                }
              });
              worker.on('error', reject);
            }),
        ),
      );
      parsed = counts.reduce((a, b) => a + b, 0);
      if (mode === 'asts' && received !== parsed) throw new Error(`${received} ASTs for ${parsed} files`);
    }
    console.log(JSON.stringify({ ms: performance.now() - start, parsed }));
  } else {
    const mb = files.reduce((a, f) => a + f.size, 0) / 1e6;
    console.log(
      `${files.length} files with a sink word, ${mb.toFixed(2)} MB; ${os.cpus().length} cores; ${workers} workers`,
    );
    const runs = { main: [], workers: [], asts: [] };
    for (let round = 0; round < 3; round++) {
      for (const m of Object.keys(runs)) {
        const run = spawnSync(
          process.execPath,
          [fileURLToPath(import.meta.url), '--mode', m, '--workers', String(workers)],
          {
            encoding: 'utf8',
          },
        );
        if (run.status !== 0) throw new Error(run.stderr);
        runs[m].push(JSON.parse(run.stdout).ms);
      }
    }
    const best = (xs) => Math.min(...xs);
    for (const [m, xs] of Object.entries(runs)) {
      const ratio = best(xs) / best(runs.main);
      console.log(
        `${m.padEnd(8)} best of 3: ${(best(xs) / 1000).toFixed(2)} s  (${ratio.toFixed(2)}x one thread)`,
      );
    }
  }
}
