import { expect, it } from 'vitest';
import { analyzeModule, isolatedModule } from '../../src/analyze/analyze.js';
import { parseModule } from '../../src/parse/parse.js';
import type { Diagnostic, Finding, Language } from '../../src/types.js';

const EXTENSIONS: Record<Language, string> = {
  js: 'js',
  jsx: 'jsx',
  ts: 'ts',
  tsx: 'tsx',
  html: 'html',
  vue: 'vue',
  svelte: 'svelte',
};

/** Runs parse + analyze on one in-memory file. */
export function analyzeSnippet(
  code: string,
  language: Language = 'ts',
  origin: string | null = null,
): { findings: readonly Finding[]; diagnostics: readonly Diagnostic[] } {
  const file = {
    path: `snippet.${EXTENSIONS[language]}`,
    absPath: `/virtual/snippet.${EXTENSIONS[language]}`,
    language,
  };
  const parsed = parseModule(file, code);
  const result = analyzeModule(isolatedModule(parsed.module), { origin, mode: 'production' });
  return { findings: result.findings, diagnostics: [...parsed.diagnostics, ...result.diagnostics] };
}

/** `sink source` per finding, e.g. `fetch https://api.example.com`; UNRESOLVED when none. */
export function summary(code: string, language: Language = 'ts', origin: string | null = null): string[] {
  return analyzeSnippet(code, language, origin).findings.map((f) => `${f.sink} ${f.source ?? 'UNRESOLVED'}`);
}

/** One case of a detector case list: a snippet and the connections it must produce, in order. */
export interface SnippetCase {
  readonly name: string;
  readonly code: string;
  readonly expected: readonly string[];
  readonly language?: Language;
}

/** One test per case (inside the caller's describe), ESLint RuleTester style. */
export function testCases(cases: readonly SnippetCase[]): void {
  for (const c of cases) {
    it(c.name, () => {
      expect(summary(c.code, c.language ?? 'ts')).toEqual(c.expected);
    });
  }
}
