// House rule 2: every diagnostic code has a README row and a fixture that produces it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS } from '../../src/diagnostics/registry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function expectedDiagnosticFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = entry.name;
    const full = path.join(dir, name);
    if (name === 'node_modules' || !entry.isDirectory()) continue;
    if (name === 'expected') out.push(path.join(full, 'diagnostics.txt'));
    else out.push(...expectedDiagnosticFiles(full));
  }
  return out;
}

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const fixtureCodes = new Set(
  expectedDiagnosticFiles(path.join(ROOT, 'fixtures')).flatMap((file) => {
    try {
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ')[1]);
    } catch {
      return [];
    }
  }),
);

describe('diagnostic codes', () => {
  for (const [code, spec] of Object.entries(DIAGNOSTICS)) {
    it(`${code} has a README row with its severity`, () => {
      expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\| ${spec.severity} \\|`, 'm'));
    });
    it(`${code} is produced by a fixture`, () => {
      expect(fixtureCodes.has(code)).toBe(true);
    });
  }
});
