// Property: whatever a .vue or .svelte file holds (unclosed blocks, stray braces, quotes and tags
// in any order), parsing and analysing it never throws, and every location it reports is in the file.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { analyzeModule, isolatedModule } from '../../src/analyze/analyze.js';
import { parseModule } from '../../src/parse/parse.js';

const PIECES = [
  '<template>',
  '</template>',
  '<script setup lang="ts">',
  '<script>',
  '</script>',
  '<script module>',
  '<style>',
  '</style>',
  '<a ',
  '<Comp ',
  '</a>',
  'ping="/x https://p.example"',
  ':ping="u"',
  'ping={u}',
  'v-for="a in b"',
  '#item="{ p }"',
  'let:x',
  'onclick="fetch(1)"',
  "fetch('/a')",
  'const u = "https://u.example";',
  '{',
  '}',
  '{{',
  '}}',
  '{#each xs as x (x.id)}',
  '{/each}',
  '{#await p then v}',
  '{:then v}',
  '{:catch e}',
  '{/await}',
  '{#snippet f(a)}',
  '{/snippet}',
  '{@const y = 1}',
  '"',
  "'",
  '`',
  '${',
  '/',
  '>',
  '/>',
  '<',
  '=',
  '<!--',
  '-->',
  ' ',
  '\n',
  '\r\n',
];

it('never throws, and reports locations inside the file', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }),
      fc.constantFrom('vue' as const, 'svelte' as const),
      (pieces, language) => {
        const text = pieces.join('');
        const lineCount = text.split(/\r\n|\r|\n/).length;
        const file = { path: `Widget.${language}`, absPath: `/virtual/Widget.${language}`, language };
        const parsed = parseModule(file, text);
        const result = analyzeModule(isolatedModule(parsed.module), { origin: null, mode: 'production' });
        const locations = [
          ...parsed.diagnostics.map((d) => d.location),
          ...result.findings.map((f) => f.location),
          ...result.diagnostics.map((d) => d.location),
        ];
        for (const location of locations) {
          if (!location) continue;
          expect(location.line).toBeGreaterThanOrEqual(1);
          expect(location.line).toBeLessThanOrEqual(lineCount);
          expect(location.column).toBeGreaterThanOrEqual(1);
        }
      },
    ),
    { numRuns: 1000 },
  );
});
