import { randomUUID } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basenameOf, dirnameOf, joinPath } from './paths.js';

/**
 * Writes a file whole or not at all: a hidden temporary file beside the target, renamed over it,
 * so no reader (another run, a server reading a policy) ever sees half of it. The folder must
 * exist. On failure the temporary file is removed and the error thrown again.
 */
export function writeFileAtomic(target: string, data: string | NodeJS.ArrayBufferView): void {
  const temporary = joinPath(dirnameOf(target), `.${basenameOf(target)}.${randomUUID()}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written there
    }
    throw error;
  }
}
