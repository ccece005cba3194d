import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { contentHash } from './hash.js';
import { basenameOf, dirnameOf, joinPath } from './paths.js';
import { PACKAGE_DIR } from './package-dir.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * The folder where the tool keeps what it derives from its own code (compiled code, the hashes of
 * its modules): node_modules/.cache/csp-connect-code below its package, never a scan's cache
 * location, since it is as trusted as the code beside it.
 */
export const TOOL_CACHE_DIR = joinPath(PACKAGE_DIR, 'node_modules', '.cache', 'csp-connect-code');

/** A CommonJS module loaded by requireWithCodeCache. */
export interface CodeCached<T> {
  readonly exports: T;
  /** Whether V8 took the module's compiled code from the cache file (rather than compiling it). */
  readonly fromCache: boolean;
  /**
   * Writes the module's compiled code, with every function compiled so far, for the next process;
   * call it once the module has done typical work. Does nothing when the code came from the cache,
   * when there is no folder for it, or after the first call; a folder that cannot be written is no
   * error.
   */
  save(): void;
}

/** The start of the cache file's name: the module's file name, then a hash of its path and of the Node that compiles it. */
function cachePrefix(file: string): string {
  const where = contentHash([file, process.version, process.arch].join('\0')).slice(0, 12);
  return `${basenameOf(file)}-${where}-`;
}

/**
 * Loads a CommonJS module (one with no dependencies of its own to load first) the way Node's
 * require does, with V8's code cache: the bytecode of its functions, compiled in an earlier process,
 * is read from `cacheDir` instead of compiled again. Node 22 offers this as module.enableCompileCache;
 * Node 20 does not, and @babel/parser costs a warm run 12 ms to load and 25 ms for its first parse
 * without it (5 and 13 with it).
 *
 * The cache file is named by the module's path, the Node version and architecture, and a hash of
 * the very text compiled (read once, so a module replaced while it is loaded cannot leave code
 * compiled from one text under the name of another): V8 itself checks only the text's length, and
 * refuses data from another V8 or other flags. Hashing the parser's 1 MB costs about 2 ms. `cacheDir`
 * must be as trusted as the module's own code: compiled code is code.
 */
export function requireWithCodeCache<T>(file: string, cacheDir: string | null): CodeCached<T> {
  // The wrapper Node puts around a CommonJS module, on one line: positions in the module stay the same.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'utf8')}\n})`;
  const cacheFile =
    cacheDir === null ? null : joinPath(cacheDir, `${cachePrefix(file)}${contentHash(wrapped)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile !== null) cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const script = new Script(wrapped, cachedData ? { filename: file, cachedData } : { filename: file });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  const module: { exports: unknown } = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirnameOf(file));
  let saved = fromCache || cacheFile === null;
  return {
    exports: module.exports as T,
    fromCache,
    save(): void {
      if (saved || cacheFile === null) return;
      saved = true;
      try {
        mkdirSync(dirnameOf(cacheFile), { recursive: true });
        writeFileAtomic(cacheFile, script.createCachedData());
        // The caches of this module's earlier builds are of no more use (another Node's are kept).
        const prefix = cachePrefix(file);
        for (const other of readdirSync(dirnameOf(cacheFile))) {
          if (other.startsWith(prefix) && other.endsWith('.bin') && other !== basenameOf(cacheFile)) {
            rmSync(joinPath(dirnameOf(cacheFile), other), { force: true });
          }
        }
      } catch {
        // A folder that cannot be written: the next process compiles the module again.
      }
    },
  };
}
