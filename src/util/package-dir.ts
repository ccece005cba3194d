import { fileURLToPath } from 'node:url';
import { basenameOf, dirnameOf } from './paths.js';

/**
 * The folder the tool's code runs from: `dist` (its compiled modules, or dist/cli.bundle.js, the
 * command line in one file) or `src` (under the tests). Found by name from this module's own
 * location, so it is the same whether this code sits in dist/util/ or is bundled into dist/.
 */
export const OWN_DIR: string = ownDir(dirnameOf(fileURLToPath(import.meta.url)));

/** The tool's package folder: its package.json, and node_modules/.cache for what it derives. */
export const PACKAGE_DIR: string = dirnameOf(OWN_DIR);

/**
 * The file this code runs from: `cli.bundle.js` in the bundle, `package-dir.js` among dist's
 * modules, `package-dir.ts` under the tests. Part of the tool fingerprint, so the bundle and the
 * modules never share cached results: after `tsc` alone the two are different code.
 */
export const RUNNING_FILE: string = basenameOf(fileURLToPath(import.meta.url));

/** The nearest folder named dist or src at or above `start` (`start`'s parent if there is none). */
export function ownDir(start: string): string {
  for (let dir = start; ; dir = dirnameOf(dir)) {
    const name = basenameOf(dir);
    if (name === 'dist' || name === 'src') return dir;
    if (dirnameOf(dir) === dir) return start;
  }
}
