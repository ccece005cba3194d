import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { RACY_MS } from '../discover/read.js';
import { contentHash } from '../util/hash.js';
import { compareStrings } from '../util/ordering.js';
import { dirnameOf, joinPath } from '../util/paths.js';
import { TOOL_CACHE_DIR } from '../util/code-cache.js';
import { writeFileAtomic } from '../util/write-atomic.js';

/** [module path below the tool's folder, size, mtime ms, ctime ms, inode, content hash] */
type ModuleRow = readonly [string, number, number, number, number, string];

/**
 * The content hash of each of the tool's own modules below `own` (its `dist` or `src` folder),
 * sorted by path: what the cache key names as the tool's build (see cacheKey). Reading and hashing
 * the 120 modules of `dist` took 7-9 ms of every run; their hashes are kept in `memoFile` with the
 * stamp each module had, and a module whose stamp is the same is not read again. A stamp is kept
 * only once it is older than the run by RACY_MS, as for scanned files. The memo file sits with the
 * tool's own files (see toolMemoFile), never in a scan's cache location.
 */
export function moduleHashes(own: string, memoFile: string, now = Date.now()): [string, string][] {
  const held = readMemo(memoFile);
  const rows: ModuleRow[] = [];
  const hashes: [string, string][] = [];
  let write = false;
  for (const file of ownModules(own, '')) {
    const absPath = joinPath(own, file);
    const st = statSync(absPath);
    const row = held.get(file);
    const same =
      row !== undefined &&
      row[1] === st.size &&
      row[2] === st.mtimeMs &&
      row[3] === st.ctimeMs &&
      row[4] === st.ino;
    const hash = same ? row[5] : contentHash(readFileSync(absPath));
    hashes.push([file, hash]);
    if (now - Math.max(st.mtimeMs, st.ctimeMs) >= RACY_MS) {
      rows.push([file, st.size, st.mtimeMs, st.ctimeMs, st.ino, hash]);
      if (!same) write = true;
    }
  }
  if (write || rows.length !== held.size) {
    try {
      mkdirSync(dirnameOf(memoFile), { recursive: true });
      writeFileAtomic(memoFile, `${JSON.stringify(rows)}\n`);
    } catch {
      // A folder that cannot be written: the next run hashes the modules again.
    }
  }
  return hashes;
}

/** Where the hashes of the modules below `own` are kept: with the tool's compiled code. */
export function toolMemoFile(own: string): string {
  return joinPath(TOOL_CACHE_DIR, `modules-${contentHash(own).slice(0, 16)}.json`);
}

function readMemo(memoFile: string): Map<string, ModuleRow> {
  const rows = new Map<string, ModuleRow>();
  try {
    const stored: unknown = JSON.parse(readFileSync(memoFile, 'utf8'));
    if (!Array.isArray(stored)) return rows;
    for (const row of stored as unknown[]) {
      if (
        Array.isArray(row) &&
        row.length === 6 &&
        typeof row[0] === 'string' &&
        row.slice(1, 5).every((v) => typeof v === 'number') &&
        typeof row[5] === 'string'
      ) {
        rows.set(row[0], row as unknown as ModuleRow);
      }
    }
  } catch {
    // No memo yet, or one that cannot be read: every module is hashed.
  }
  return rows;
}

/** The tool's modules below `dir` (.js, .ts less .d.ts), sorted: a walk of its own, 4 ms less than readdir's recursive mode. */
function ownModules(root: string, dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(joinPath(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...ownModules(root, rel));
    else if (/\.(?:js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(rel);
  }
  return found.sort(compareStrings);
}
