// The fixture convention, shared by the fixture runner and the tests that reuse its cases.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGE_BY_EXTENSION } from '../../src/discover/languages.js';
import type { Language } from '../../src/types.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** Every fixtures/<area>/<case>/ folder with an expected/ folder, in path order. */
export function findCases(dir: string = FIXTURES): string[] {
  if (existsSync(path.join(dir, 'expected'))) return [dir];
  return readdirSync(dir)
    .filter((name) => name !== 'node_modules' && lstatSync(path.join(dir, name)).isDirectory())
    .sort()
    .flatMap((name) => findCases(path.join(dir, name)));
}

export interface FixtureConfig {
  readonly args?: string[];
  /** Extra runs of the same project: name -> CLI args; expectations in expected/<name>/. */
  readonly variants?: Record<string, string[]>;
}

/** A case's fixture.json, or no extra arguments. */
export function fixtureConfig(caseDir: string): FixtureConfig {
  const file = path.join(caseDir, 'fixture.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FixtureConfig) : {};
}

/**
 * Runs `count` on every source file below fixtures/ (by discovery's extension table) and sums
 * what it returns. A file nested too deeply to walk (`count` throws a RangeError) is skipped: it
 * has no indexed calls in a scan either.
 */
export function tallyFixtureScripts(
  count: (text: string, language: Language, file: string) => number,
): number {
  let total = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      const language = LANGUAGE_BY_EXTENSION[path.extname(entry.name)];
      if (!entry.isFile() || !language) continue;
      try {
        total += count(readFileSync(full, 'utf8'), language, full);
      } catch (error) {
        if (error instanceof RangeError) continue;
        throw error;
      }
    }
  };
  walk(FIXTURES);
  return total;
}
