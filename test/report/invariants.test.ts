// Properties every renderer keeps for any policy: one connect-src, one line, and either the
// exact policy comes back out of the snippet (decoded by each consumer's own rules, written
// here independently of the renderers) or the renderer refuses with a RenderError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS, type Format, render } from '../../src/report/index.js';
import { RenderError } from '../../src/report/render-error.js';
import type { Report } from '../../src/types.js';
import { directiveOnlyReport, withPolicy } from './sample-report.js';

const PLAIN = { reportOnly: false, color: false } as const;

/** What nginx's tokenizer does inside a double-quoted string, then add_header's variables. */
function nginxDelivers(out: string): string {
  const quoted = /^add_header Content-Security-Policy "((?:[^"\\]|\\.)*)" always;\n$/s.exec(out)?.[1];
  if (quoted === undefined) throw new Error(`not one add_header line: ${JSON.stringify(out)}`);
  const value = quoted.replace(/\\(.)/gs, (pair, ch: string) => {
    if (ch === '"' || ch === "'" || ch === '\\') return ch;
    if (ch === 't' || ch === 'n' || ch === 'r') return { t: '\t', n: '\n', r: '\r' }[ch];
    return pair;
  });
  if (value.includes('$')) throw new Error('nginx would expand a variable');
  return value;
}

/** Apache's config-line quoting, ${VAR} substitution, then mod_headers' % specifiers. */
function apacheDelivers(out: string): string {
  const quoted = /^Header always set Content-Security-Policy "((?:[^"\\]|\\.)*)"\n$/s.exec(out)?.[1];
  if (quoted === undefined) throw new Error(`not one Header line: ${JSON.stringify(out)}`);
  const unquoted = quoted.replace(/\\(["\\])/g, '$1');
  if (unquoted.includes('${')) throw new Error('apache would substitute a config variable');
  return unquoted.replace(/%(.?)/gs, (_pair, ch: string) => {
    if (ch === '%') return '%';
    throw new Error(`mod_headers would read %${ch} as a format specifier`);
  });
}

function metaDelivers(out: string): string {
  const content = /^<meta http-equiv="Content-Security-Policy" content="([^"]*)">\n$/s.exec(out)?.[1];
  if (content === undefined) throw new Error(`not one meta element: ${JSON.stringify(out)}`);
  if (/[<>]/.test(content)) throw new Error('raw markup in the attribute');
  const entities: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>' };
  return content.replace(/&(?:quot|amp|lt|gt);/g, (e) => entities[e] ?? e);
}

function headerDelivers(out: string): string {
  const value = /^Content-Security-Policy: (.*)\n$/s.exec(out)?.[1];
  if (value === undefined) throw new Error(`not one header line: ${JSON.stringify(out)}`);
  return value;
}

const DELIVERS: Partial<Record<Format, (out: string) => string>> = {
  header: headerDelivers,
  meta: metaDelivers,
  nginx: nginxDelivers,
  apache: apacheDelivers,
};

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const hostSource = fc
  .tuple(
    fc.constantFrom('https', 'http', 'wss', 'ws'),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([scheme, labels, wildcard]) => `${scheme}://${wildcard ? '*.' : ''}${labels.join('.')}.example`);
const sources = fc.uniqueArray(fc.oneof(fc.constant("'self'"), hostSource), { minLength: 1, maxLength: 6 });
const baseDirectives = fc.subarray([
  "default-src 'self'",
  "script-src 'self' 'nonce-r4nd0m'",
  "img-src 'self' data:",
  'report-uri /csp-report?team=web%20shop',
  'upgrade-insecure-requests',
]);

/** A report whose directive is `srcs` and whose policy merges it into `base` at position `at`. */
function reportFor(srcs: readonly string[], base: readonly string[], at: number): Report {
  const report = directiveOnlyReport(srcs);
  const parts = [...base];
  parts.splice(Math.min(at, parts.length), 0, report.directive.value);
  return withPolicy(report, parts.join('; '));
}

describe('renderer invariants', () => {
  it('every format writes exactly one connect-src and ends with exactly one newline', () => {
    fc.assert(
      fc.property(sources, baseDirectives, fc.nat(5), (srcs, base, at) => {
        const report = reportFor(srcs, base, at);
        for (const format of FORMATS) {
          if (format === 'json' || format === 'text') continue;
          const out = render(report, format, PLAIN);
          expect(out.endsWith('\n') && !out.endsWith('\n\n')).toBe(true);
          const name = format === 'helmet' ? '"connectSrc"' : 'connect-src';
          expect(out.split(name).length - 1).toBe(1);
        }
        const text = render(report, 'text', PLAIN);
        expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
        expect(JSON.parse(render(report, 'json', PLAIN))).toEqual(report);
      }),
    );
  });

  it('one-line formats deliver exactly the policy, on one line', () => {
    fc.assert(
      fc.property(sources, baseDirectives, fc.nat(5), (srcs, base, at) => {
        const report = reportFor(srcs, base, at);
        for (const [format, delivers] of Object.entries(DELIVERS)) {
          const out = render(report, format as Format, PLAIN);
          expect(out.indexOf('\n')).toBe(out.length - 1);
          expect(delivers(out)).toBe(report.policy);
        }
        expect(render(report, 'directive', PLAIN)).toBe(`${report.directive.value}\n`);
        const helmet = JSON.parse(render(report, 'helmet', PLAIN)) as Record<string, string[]>;
        expect(helmet.connectSrc).toEqual(srcs);
      }),
    );
  });

  it('a policy with hostile characters is delivered exactly or refused, never bent', () => {
    const hostile = fc.string({
      unit: fc.constantFrom(
        '"',
        '\\',
        '$',
        '{',
        '}',
        '%',
        ';',
        "'",
        '<',
        '>',
        '&',
        '#',
        '\n',
        '\r',
        '\t',
        '\u0000',
        '\u00e9',
        'a',
        ' ',
      ),
      maxLength: 12,
    });
    fc.assert(
      fc.property(hostile, (tail) => {
        const report = withPolicy(
          directiveOnlyReport(),
          `connect-src 'self' https://api.example.com/${tail}`,
        );
        for (const [format, delivers] of Object.entries(DELIVERS)) {
          let out: string;
          try {
            out = render(report, format as Format, PLAIN);
          } catch (error) {
            expect(error).toBeInstanceOf(RenderError);
            continue;
          }
          expect(out.indexOf('\n')).toBe(out.length - 1);
          expect(delivers(out)).toBe(report.policy);
        }
      }),
      { numRuns: 500 },
    );
  });
});
