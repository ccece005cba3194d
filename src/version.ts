import { readFileSync } from 'node:fs';
import { PACKAGE_DIR } from './util/package-dir.js';
import { joinPath } from './util/paths.js';

/** The package version, read once from package.json (in the folder above both src/ and dist/). */
export const VERSION: string = (
  JSON.parse(readFileSync(joinPath(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
).version;
