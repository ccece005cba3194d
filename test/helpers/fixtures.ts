// The fixture convention, shared by the fixture runner and the tests that reuse its cases.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

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
