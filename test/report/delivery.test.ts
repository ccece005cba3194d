import { describe, expect, it } from 'vitest';
import { quoteApache } from '../../src/report/apache.js';
import { type Format, render } from '../../src/report/index.js';
import { escapeHtmlAttribute } from '../../src/report/meta.js';
import { quoteNginx } from '../../src/report/nginx.js';
import { RenderError } from '../../src/report/render-error.js';
import {
  DIRECTIVE_VALUE,
  directiveOnlyReport,
  MERGED_POLICY,
  mergedReport,
  withPolicy,
} from './sample-report.js';

const PLAIN = { reportOnly: false, color: false } as const;
const REPORT_ONLY = { reportOnly: true, color: false } as const;

describe('render', () => {
  it('refuses a format name it does not know (a JS caller may pass any string)', () => {
    expect(() => render(mergedReport(), 'caddy' as Format, PLAIN)).toThrow(
      /unknown format "caddy"; use one of directive,/,
    );
  });
});

describe('directive', () => {
  it('is the connect-src directive alone, even when the policy was merged into a base', () => {
    expect(render(mergedReport(), 'directive', PLAIN)).toBe(`${DIRECTIVE_VALUE}\n`);
  });

  it('ignores report-only: the mode belongs to the header, not the directive', () => {
    expect(render(mergedReport(), 'directive', REPORT_ONLY)).toBe(`${DIRECTIVE_VALUE}\n`);
  });
});

describe('header', () => {
  it('writes the full policy under the enforcing header name', () => {
    expect(render(mergedReport(), 'header', PLAIN)).toBe(`Content-Security-Policy: ${MERGED_POLICY}\n`);
  });

  it('switches the header name in report-only mode', () => {
    expect(render(mergedReport(), 'header', REPORT_ONLY)).toBe(
      `Content-Security-Policy-Report-Only: ${MERGED_POLICY}\n`,
    );
  });

  it('refuses a policy with a line break, which would start a second header', () => {
    const report = withPolicy(directiveOnlyReport(), "connect-src 'self'\r\nSet-Cookie: session=stolen");
    expect(() => render(report, 'header', PLAIN)).toThrow(RenderError);
    expect(() => render(report, 'header', PLAIN)).toThrow(/U\+000D at offset 18/);
  });
});

describe('meta', () => {
  it('writes an http-equiv meta element whose content is the policy', () => {
    const out = render(mergedReport(), 'meta', PLAIN);
    expect(out).toBe(`<meta http-equiv="Content-Security-Policy" content="${MERGED_POLICY}">\n`);
  });

  it('escapes the characters that could end the attribute or start markup', () => {
    expect(escapeHtmlAttribute('a"b&c<d>e\'f')).toBe("a&quot;b&amp;c&lt;d&gt;e'f");
    const report = withPolicy(
      directiveOnlyReport(),
      'connect-src https://api.example.com/q?a=1&b="x"><script>',
    );
    const out = render(report, 'meta', PLAIN);
    const content = /content="([^"]*)">\n$/.exec(out)?.[1];
    expect(content).toBe('connect-src https://api.example.com/q?a=1&amp;b=&quot;x&quot;&gt;&lt;script&gt;');
    expect(out).not.toContain('<script>');
  });

  it('refuses report-only mode, which browsers ignore in a meta element', () => {
    expect(() => render(mergedReport(), 'meta', REPORT_ONLY)).toThrow(RenderError);
    expect(() => render(mergedReport(), 'meta', REPORT_ONLY)).toThrow(/report-only.*<meta>/);
  });
});

describe('nginx', () => {
  it('writes one add_header line with `always`', () => {
    expect(render(mergedReport(), 'nginx', PLAIN)).toBe(
      `add_header Content-Security-Policy "${MERGED_POLICY}" always;\n`,
    );
    expect(render(mergedReport(), 'nginx', REPORT_ONLY)).toMatch(
      /^add_header Content-Security-Policy-Report-Only "/,
    );
  });

  it('backslash-escapes the double quote and the backslash', () => {
    expect(quoteNginx('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteNginx("connect-src 'self' https://a.example.com/%7E;")).toBe(
      `"connect-src 'self' https://a.example.com/%7E;"`,
    );
  });

  it('refuses "$", which nginx reads as a variable and cannot escape', () => {
    const report = withPolicy(directiveOnlyReport(), 'connect-src https://api.example.com/$request_uri');
    expect(() => render(report, 'nginx', PLAIN)).toThrow(RenderError);
    expect(() => render(report, 'nginx', PLAIN)).toThrow(/"\$" at offset 36/);
  });

  it('refuses control characters, which would break the config line', () => {
    const report = withPolicy(directiveOnlyReport(), "connect-src 'self';\n} server { listen 80;");
    expect(() => render(report, 'nginx', PLAIN)).toThrow(RenderError);
  });
});

describe('apache', () => {
  it('writes one `Header always set` line', () => {
    expect(render(mergedReport(), 'apache', PLAIN)).toBe(
      `Header always set Content-Security-Policy "${MERGED_POLICY}"\n`,
    );
    expect(render(mergedReport(), 'apache', REPORT_ONLY)).toMatch(
      /^Header always set Content-Security-Policy-Report-Only "/,
    );
  });

  it('doubles "%", which mod_headers reads as a format specifier', () => {
    expect(quoteApache('connect-src https://api.example.com/caf%C3%A9/')).toBe(
      '"connect-src https://api.example.com/caf%%C3%%A9/"',
    );
  });

  it.each([
    ['a double quote', 'connect-src https://api.example.com/"x', '"\\"" at offset 36'],
    ['a backslash', 'connect-src https://api.example.com/\\x', '"\\\\" at offset 36'],
    ['a ${NAME} config variable', 'connect-src https://api.example.com/${HOME}', '"${" at offset 36'],
  ])('refuses %s', (_what, policy, where) => {
    const report = withPolicy(directiveOnlyReport(), policy);
    expect(() => render(report, 'apache', PLAIN)).toThrow(RenderError);
    expect(() => render(report, 'apache', PLAIN)).toThrow(where);
  });

  it('refuses control characters', () => {
    const report = withPolicy(directiveOnlyReport(), "connect-src 'self'\tdata:\u0000");
    expect(() => render(report, 'apache', PLAIN)).toThrow(/U\+0009/);
  });

  it('leaves a lone "$" alone: only ${...} is a config variable', () => {
    const report = withPolicy(directiveOnlyReport(), 'connect-src https://api.example.com/$x');
    expect(render(report, 'apache', PLAIN)).toBe(
      'Header always set Content-Security-Policy "connect-src https://api.example.com/$x"\n',
    );
  });
});
