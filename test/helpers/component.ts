// The harness of the component parser tests (test/parse/vue.test.ts, svelte.test.ts): one file's
// code parsed and analyzed on its own, as the CLI would for that one file.
import { analyzeModule, isolatedModule } from '../../src/analyze/analyze.js';
import { parseModule } from '../../src/parse/parse.js';
import type { Diagnostic, Finding, SourceFile } from '../../src/types.js';

export interface ComponentHarness {
  /** The findings, and the diagnostics of parsing then of analysis. */
  scan(code: string): { findings: readonly Finding[]; diagnostics: readonly Diagnostic[] };
  /** `line:column sink source` per finding, in file order (markup pings come last from the analyzer). */
  found(code: string): string[];
  /** `line:column code` per diagnostic. */
  codes(code: string): string[];
}

/** Scans code as the text of the component at `path` (src/Panel.vue), found at /virtual/<path>. */
export function componentHarness(path: string, language: 'vue' | 'svelte'): ComponentHarness {
  const file: SourceFile = { path, absPath: `/virtual/${path}`, language };
  const scan: ComponentHarness['scan'] = (code) => {
    const parsed = parseModule(file, code);
    const result = analyzeModule(isolatedModule(parsed.module), { origin: null, mode: 'production' });
    return { findings: result.findings, diagnostics: [...parsed.diagnostics, ...result.diagnostics] };
  };
  return {
    scan,
    found: (code) =>
      [...scan(code).findings]
        .sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column)
        .map((f) => `${f.location.line}:${f.location.column} ${f.sink} ${f.source ?? 'UNRESOLVED'}`),
    codes: (code) => scan(code).diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code}`),
  };
}
