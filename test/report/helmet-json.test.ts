import { describe, expect, it } from 'vitest';
import { render } from '../../src/report/index.js';
import type { Report } from '../../src/types.js';
import { directiveOnlyReport, mergedReport, SOURCES, withPolicy } from './sample-report.js';

const PLAIN = { reportOnly: false, color: false } as const;

describe('helmet', () => {
  it('writes only connectSrc when the policy is the directive alone', () => {
    const out = render(directiveOnlyReport(["'self'", 'https://api.example.com']), 'helmet', PLAIN);
    expect(JSON.parse(out)).toEqual({ connectSrc: ["'self'", 'https://api.example.com'] });
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('writes every directive of a merged policy, camelCased, valueless ones as []', () => {
    const parsed: unknown = JSON.parse(render(mergedReport(), 'helmet', PLAIN));
    expect(parsed).toEqual({
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: SOURCES.map((s) => s.expression),
      upgradeInsecureRequests: [],
    });
    expect(Object.keys(parsed as object)).toEqual([
      'defaultSrc',
      'imgSrc',
      'connectSrc',
      'upgradeInsecureRequests',
    ]);
  });

  it('reads the policy as browsers do: any ASCII whitespace, case-insensitive names, first duplicate wins', () => {
    const report = withPolicy(
      directiveOnlyReport(),
      " Connect-Src  'self'\thttps://a.example.com ;; connect-src https://b.example.com; report-uri /csp ",
    );
    expect(JSON.parse(render(report, 'helmet', PLAIN))).toEqual({
      connectSrc: ["'self'", 'https://a.example.com'],
      reportUri: ['/csp'],
    });
  });

  it('refuses a character helmet could not send in a header', () => {
    const report = withPolicy(directiveOnlyReport(), "connect-src 'self' https://caf\u00e9.example.com");
    expect(() => render(report, 'helmet', PLAIN)).toThrow(/U\+00E9 at offset 30/);
  });

  it('in report-only mode writes the contentSecurityPolicy options, with reportOnly beside directives', () => {
    const out = render(directiveOnlyReport(["'self'"]), 'helmet', { reportOnly: true, color: false });
    expect(JSON.parse(out)).toEqual({ directives: { connectSrc: ["'self'"] }, reportOnly: true });
  });

  it('keeps a hostile directive name as plain data', () => {
    const out = render(withPolicy(directiveOnlyReport(), "__proto__ x; connect-src 'self'"), 'helmet', PLAIN);
    const parsed = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'connectSrc']);
  });
});

describe('json', () => {
  it('is the whole report, readable back to an equal object, with one trailing newline', () => {
    const report = mergedReport();
    const out = render(report, 'json', PLAIN);
    expect(JSON.parse(out)).toEqual(report);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.endsWith('\n\n')).toBe(false);
  });

  it('puts top-level keys in the documented order whatever order the report was built in', () => {
    const report = mergedReport();
    const reversed = Object.fromEntries(Object.entries(report).reverse()) as unknown as Report;
    const out = render(reversed, 'json', PLAIN);
    expect(out).toBe(render(report, 'json', PLAIN));
    expect(Object.keys(JSON.parse(out) as object)).toEqual([
      'schemaVersion',
      'tool',
      'root',
      'origin',
      'directive',
      'policy',
      'sources',
      'findings',
      'diagnostics',
      'stats',
    ]);
  });

  it('is never coloured', () => {
    expect(render(mergedReport(), 'json', { reportOnly: false, color: true })).not.toMatch(/\u001b\[/);
  });
});
