// Throwaway projects under os.tmpdir(), for tests that need a tree of files of their own.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A throwaway project under os.tmpdir(): `files` maps posix relative paths to contents. */
export function makeProject(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-connect-project-'));
  made.push(dir);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, ...relative.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** An empty throwaway directory under os.tmpdir(). */
export function makeTempDir(): string {
  return makeProject({});
}

/** For afterAll or afterEach: removes every directory makeProject created. */
export function removeProjects(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
