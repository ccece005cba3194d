// The benchmark corpus: the packages of bench/corpus.json, installed once into bench/.corpus/ and
// reused until corpus.json or the lock changes.
//
//   npm run bench:corpus            install (or check) the corpus and print its size
//
// Versions are exact in corpus.json and every transitive version is fixed by
// bench/corpus-lock/package-lock.json (kept under that name so the repo's prettier ignore rule
// for lockfiles covers it). When corpus.json changes, the lock is made again with `npm install`
// and written back: commit it with the corpus.json change.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globby } from 'globby';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_JSON = path.join(BENCH, 'corpus.json');
const LOCK = path.join(BENCH, 'corpus-lock', 'package-lock.json');
export const CORPUS_DIR = path.join(BENCH, '.corpus');
/** The scan root: globs in corpus.json are relative to it. */
export const CORPUS_ROOT = path.join(CORPUS_DIR, 'node_modules');
const STAMP = path.join(CORPUS_DIR, '.installed');

export function readCorpus() {
  return JSON.parse(readFileSync(CORPUS_JSON, 'utf8'));
}

function manifest(corpus) {
  const dependencies = {};
  for (const pkg of corpus.packages) dependencies[pkg.name] = pkg.version;
  return { name: 'csp-connect-bench-corpus', private: true, dependencies };
}

function lockMatches(corpus) {
  if (!existsSync(LOCK)) return false;
  const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
  const root = lock.packages?.['']?.dependencies ?? {};
  const wanted = manifest(corpus).dependencies;
  const names = new Set([...Object.keys(root), ...Object.keys(wanted)]);
  return [...names].every((name) => root[name] === wanted[name]);
}

function npm(args, log) {
  log(`$ npm ${args.join(' ')}`);
  const result = spawnSync('npm', args, { cwd: CORPUS_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm ${args[0]} failed in ${CORPUS_DIR} (exit ${result.status})`);
}

/** Installs the corpus unless the installed one is current. Returns the scan root. */
export function ensureCorpus(log = (line) => process.stderr.write(`${line}\n`)) {
  const corpus = readCorpus();
  const locked = lockMatches(corpus);
  const stamp = createHash('sha1')
    .update(readFileSync(CORPUS_JSON))
    .update(locked ? readFileSync(LOCK) : '')
    .digest('hex');
  if (locked && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp && existsSync(CORPUS_ROOT)) {
    return CORPUS_ROOT;
  }
  log(`installing the benchmark corpus into ${path.relative(process.cwd(), CORPUS_DIR) || '.'} (once)`);
  rmSync(CORPUS_DIR, { recursive: true, force: true });
  mkdirSync(CORPUS_DIR, { recursive: true });
  writeFileSync(path.join(CORPUS_DIR, 'package.json'), `${JSON.stringify(manifest(corpus), null, 2)}\n`);
  const quiet = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  if (locked) {
    copyFileSync(LOCK, path.join(CORPUS_DIR, 'package-lock.json'));
    // npm ci refuses a lock that lacks optional platform packages the registry did not have when
    // it was made (@napi-rs/canvas-*, under pdfjs-dist); npm install against the same lock keeps
    // every locked version and only skips those.
    const ci = spawnSync('npm', ['ci', ...quiet], {
      cwd: CORPUS_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (ci.status !== 0) {
      log('npm ci refused the lock; installing the same locked versions with npm install');
      npm(['install', '--no-save', ...quiet], log);
    }
  } else {
    npm(['install', ...quiet], log);
    mkdirSync(path.dirname(LOCK), { recursive: true });
    copyFileSync(path.join(CORPUS_DIR, 'package-lock.json'), LOCK);
    log(`wrote ${path.relative(process.cwd(), LOCK)}: commit it with bench/corpus.json`);
  }
  const newStamp = createHash('sha1')
    .update(readFileSync(CORPUS_JSON))
    .update(readFileSync(LOCK))
    .digest('hex');
  writeFileSync(STAMP, newStamp);
  return CORPUS_ROOT;
}

/** The files the corpus globs pick, root-relative and sorted, with their sizes. */
export async function corpusFiles(corpus = readCorpus()) {
  const perPackage = [];
  const all = new Map();
  for (const pkg of corpus.packages) {
    const files = await globby(pkg.include, { cwd: CORPUS_ROOT, ignore: corpus.exclude, dot: false });
    let bytes = 0;
    for (const file of files) {
      const size = statSync(path.join(CORPUS_ROOT, file)).size;
      bytes += size;
      all.set(file, size);
    }
    perPackage.push({ name: pkg.name, version: pkg.version, files: files.length, bytes });
  }
  return { perPackage, files: [...all.keys()].sort(), bytes: [...all.values()].reduce((a, b) => a + b, 0) };
}

/**
 * The analyze() options that scan exactly the corpus files. The globs go in as paths, not as
 * include: bench/.corpus/ is git-ignored inside this repository's work tree, and discovery lists a
 * directory inside a work tree with git, which leaves ignored files out; explicit globs are walked.
 */
export function corpusScanOptions(corpus = readCorpus()) {
  return {
    root: CORPUS_ROOT,
    defaultExcludes: false,
    paths: corpus.packages.flatMap((pkg) => pkg.include),
    exclude: corpus.exclude,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureCorpus();
  const { perPackage, files, bytes } = await corpusFiles();
  for (const p of perPackage) {
    console.log(
      `${`${p.name}@${p.version}`.padEnd(46)} ${String(p.files).padStart(6)} files ${(p.bytes / 1e6).toFixed(2).padStart(7)} MB`,
    );
  }
  console.log(
    `${'corpus'.padEnd(46)} ${String(files.length).padStart(6)} files ${(bytes / 1e6).toFixed(2).padStart(7)} MB`,
  );
}
