import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDirective } from '../../src/csp/directive.js';
import { type Engine, sourceListAllows } from '../../src/csp/match.js';
import {
  connectSources,
  findPolicies,
  mergeIntoBase,
  parsePolicy,
  serializePolicy,
} from '../../src/csp/policy.js';
import type { Directive } from '../../src/types.js';

describe('parsePolicy', () => {
  it('splits on ; and ASCII whitespace, lowercases names, keeps values as written', () => {
    expect(
      parsePolicy("Default-Src 'SELF';\tconnect-src  https://API.example.com\fwss://x ;").directives,
    ).toEqual([
      { name: 'default-src', value: ["'SELF'"] },
      { name: 'connect-src', value: ['https://API.example.com', 'wss://x'] },
    ]);
  });

  it('keeps the first of duplicate directives (rule 4)', () => {
    expect(parsePolicy("connect-src 'self'; CONNECT-SRC *").directives).toEqual([
      { name: 'connect-src', value: ["'self'"] },
    ]);
  });

  it('drops a directive holding a non-ASCII character, and only that one (rule 6)', () => {
    expect(
      parsePolicy("default-src 'none'; connect-src 'self' http://bücher.example; img-src *").directives,
    ).toEqual([
      { name: 'default-src', value: ["'none'"] },
      { name: 'img-src', value: ['*'] },
    ]);
  });

  it('reads an empty value and skips empty tokens', () => {
    expect(parsePolicy(' ;; connect-src ;').directives).toEqual([{ name: 'connect-src', value: [] }]);
    expect(parsePolicy('').directives).toEqual([]);
  });

  it('reads back what serializePolicy writes', () => {
    const token = fc.stringMatching(/^[!-+\--:<-~]{1,8}$/); // printable ASCII but ';' and ','
    const policy = fc.array(
      fc.record({ name: fc.stringMatching(/^[a-z-]{1,12}$/), value: fc.array(token, { maxLength: 4 }) }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(policy, (directives) => {
        const parsed = parsePolicy(serializePolicy({ directives }));
        expect(parsePolicy(serializePolicy(parsed))).toEqual(parsed);
        const names = directives.map((d) => d.name);
        expect(parsed.directives.map((d) => d.name)).toEqual(names.filter((n, i) => names.indexOf(n) === i));
      }),
    );
  });
});

describe('serializePolicy', () => {
  it('writes "name value; name"', () => {
    const policy = {
      directives: [
        { name: 'connect-src', value: ["'self'", 'https://api.example.com'] },
        { name: 'upgrade-insecure-requests', value: [] },
      ],
    };
    expect(serializePolicy(policy)).toBe(
      "connect-src 'self' https://api.example.com; upgrade-insecure-requests",
    );
  });
});

describe('connectSources', () => {
  it('prefers connect-src, falls back to default-src, else reports none', () => {
    expect(connectSources(parsePolicy("default-src 'none'; connect-src https://a.example"))).toEqual({
      directive: 'connect-src',
      sources: ['https://a.example'],
    });
    expect(connectSources(parsePolicy("default-src 'self' https://a.example; img-src *"))).toEqual({
      directive: 'default-src',
      sources: ["'self'", 'https://a.example'],
    });
    expect(connectSources(parsePolicy("script-src 'self'"))).toEqual({ directive: null, sources: [] });
  });
});

/** Whether a committed file's policies let `url` through: every enforced policy must allow it. */
function fileAllows(text: string, url: string, page: string, engine: Engine): boolean {
  return findPolicies(text)
    .filter((p) => !p.reportOnly)
    .every((p) => {
      const { directive, sources } = connectSources(parsePolicy(p.policy));
      return directive === null || sourceListAllows(sources, url, page, engine);
    });
}

const P = 'http://app.example:8080';
const PAGE = 'http://app.test:8080';
const API = 'http://api.test:9090/x';

/** The policy-level rows of csp-semantics.md (#n) and csp-chromium-matrix.md (ids). */
const POLICY_VECTORS: readonly (readonly [string, string, string, string, boolean])[] = [
  [
    '#55 non-ASCII drops the directive',
    "connect-src 'self' http://bücher.example:8080",
    P,
    'http://evil.example:8080/a',
    true,
  ],
  ['#79 default-src fallback', "default-src 'self'", P, 'http://api.example:8080/a', false],
  [
    '#80 connect-src overrides default-src',
    "default-src 'none'; connect-src http://api.example:8080",
    P,
    'http://api.example:8080/a',
    true,
  ],
  ['#81 script-src alone does not restrict', "script-src 'self'", P, 'http://api.example:8080/a', true],
  [
    '#82 two policies in one header',
    "Content-Security-Policy: connect-src *, connect-src 'self'",
    P,
    'http://api.example:8080/a',
    false,
  ],
  ['#84 empty connect-src', 'connect-src;', P, 'http://api.example:8080/a', false],
  ['#85 duplicate directive', "connect-src 'self'; connect-src *", P, 'http://api.example:8080/a', false],
  ['#88 ping under default-src', "default-src 'self'", P, 'http://api.example:8080/p', false],
  ['default-src-fallback', "default-src 'self'", PAGE, API, false],
  [
    'connect-src-overrides-default',
    "default-src 'none'; script-src 'self'; connect-src http://api.test:9090",
    PAGE,
    API,
    true,
  ],
  ['default-src-allows', "default-src 'self' http://api.test:9090", PAGE, API, true],
  ['script-src-only', "script-src 'self'", PAGE, API, true],
  ['two-policies-one-header', "Content-Security-Policy: connect-src *, connect-src 'self'", PAGE, API, false],
  [
    'two-policy-headers',
    "content-security-policy: connect-src http://api.test:9090\ncontent-security-policy: connect-src 'self'",
    PAGE,
    API,
    false,
  ],
  ['report-only', "content-security-policy-report-only: connect-src 'self'", PAGE, API, true],
  ['empty-directive', 'connect-src; script-src *', PAGE, API, false],
  ['duplicate-directive', "connect-src 'self'; connect-src *", PAGE, API, false],
  [
    'meta-delivery',
    `<head><meta http-equiv="Content-Security-Policy" content="connect-src 'self'"></head>`,
    PAGE,
    API,
    false,
  ],
  ['directive-name-case', "CONNECT-SRC 'SELF'", PAGE, API, false],
  ['unicode-source-drops-directive', "connect-src 'self' http://bücher.test:9090", PAGE, API, true],
  ['api-ping-default-src', "default-src 'self'", PAGE, 'http://api.test:9090/ping', false],
  [
    'api-ping-img-src-irrelevant',
    "img-src http://api.test:9090; connect-src 'self'",
    PAGE,
    'http://api.test:9090/ping',
    false,
  ],
];

describe('policy-level vectors (findPolicies + parsePolicy + connectSources + sourceListAllows)', () => {
  it.each(POLICY_VECTORS)('%s', (name, text, page, url, allowed) => {
    expect(fileAllows(text, url, page, 'spec'), 'spec').toBe(allowed);
    expect(fileAllows(text, url, page, 'chromium'), 'chromium').toBe(allowed);
    // csp-semantics.md's portable column agrees with the spec on all of its policy-level rows.
    if (name.startsWith('#')) {
      for (const engine of ['gecko', 'webkit'] as const)
        expect(fileAllows(text, url, page, engine), engine).toBe(allowed);
    }
  });
});

describe('findPolicies', () => {
  const policy = "default-src 'self'; connect-src 'self' https://api.example.com wss://live.example.com";

  it('reads a header line, report-only too, and splits a comma list into policies', () => {
    const text = [
      'HTTP/1.1 200 OK',
      `Content-Security-Policy: ${policy}`,
      "content-security-policy-report-only:   connect-src 'none' ",
      "Content-Security-Policy: connect-src https://a.example, connect-src 'self'",
    ].join('\r\n');
    expect(findPolicies(text)).toEqual([
      { policy, format: 'header', line: 2, reportOnly: false },
      { policy: "connect-src 'none'", format: 'header', line: 3, reportOnly: true },
      { policy: 'connect-src https://a.example', format: 'header', line: 4, reportOnly: false },
      { policy: "connect-src 'self'", format: 'header', line: 4, reportOnly: false },
    ]);
  });

  it('reads an indented header line (Netlify _headers) and a YAML-quoted one', () => {
    const text = `/*\n  Content-Security-Policy: ${policy}\n`;
    expect(findPolicies(text)).toEqual([{ policy, format: 'header', line: 2, reportOnly: false }]);
    const yaml = `headers:\n  Content-Security-Policy: "${policy}"\n`;
    expect(findPolicies(yaml)[0]?.policy).toBe(policy);
  });

  it('reads a <meta> in <head>, decoding entities, in any attribute order', () => {
    const html = [
      '<!doctype html>',
      '<html>',
      '<head>',
      '  <meta charset="utf-8">',
      '  <meta content="default-src &#39;self&#39;; connect-src &apos;self&apos; https://api.example.com/a&amp;b/"',
      '        HTTP-EQUIV="content-security-policy">',
      '</head>',
      '<body><p>Content-Security-Policy is set above.</p></body>',
      '</html>',
    ].join('\n');
    expect(findPolicies(html)).toEqual([
      {
        policy: "default-src 'self'; connect-src 'self' https://api.example.com/a&b/",
        format: 'meta',
        line: 5,
        reportOnly: false,
      },
    ]);
  });

  it('ignores a <meta> outside <head>, a report-only <meta>, and one in a comment', () => {
    const html = [
      '<head>',
      '<meta http-equiv="Content-Security-Policy-Report-Only" content="connect-src \'none\'">',
      '<!-- <meta http-equiv="Content-Security-Policy" content="connect-src *"> -->',
      '</head>',
      '<body><div><meta http-equiv="Content-Security-Policy" content="connect-src \'self\'"></div></body>',
    ].join('\n');
    expect(findPolicies(html)).toEqual([]);
  });

  it('reads nginx add_header, with always, single quotes and escapes; skips comments and variables', () => {
    const conf = [
      'server {',
      '  listen 443 ssl;',
      `  add_header Content-Security-Policy "${policy}" always;`,
      "  add_header Content-Security-Policy-Report-Only 'connect-src \\'self\\'';",
      '  # add_header Content-Security-Policy "connect-src *";',
      '  add_header Content-Security-Policy $csp_header;',
      '  add_header X-Frame-Options DENY;',
      '  location /api/ { add_header "Content-Security-Policy" "connect-src',
      '      https://api.example.com"; }',
      '}',
    ].join('\n');
    expect(findPolicies(conf)).toEqual([
      { policy, format: 'nginx', line: 3, reportOnly: false },
      { policy: "connect-src 'self'", format: 'nginx', line: 4, reportOnly: true },
      { policy: 'connect-src https://api.example.com', format: 'nginx', line: 8, reportOnly: false },
    ]);
  });

  it('reads Apache Header directives, with always/set/add, single quotes, %% and continued lines', () => {
    const conf = [
      '<IfModule mod_headers.c>',
      `  Header always set Content-Security-Policy "${policy}"`,
      "  header add Content-Security-Policy-Report-Only 'connect-src https://api.example.com/100%%/'",
      '  Header set Content-Security-Policy "connect-src \\"self\\" \\',
      'https://b.example" env=!dev',
      '  Header unset Content-Security-Policy',
      '  #Header set Content-Security-Policy "connect-src *"',
      '</IfModule>',
    ].join('\n');
    expect(findPolicies(conf)).toEqual([
      { policy, format: 'apache', line: 2, reportOnly: false },
      { policy: 'connect-src https://api.example.com/100%/', format: 'apache', line: 3, reportOnly: true },
      { policy: 'connect-src "self" https://b.example', format: 'apache', line: 4, reportOnly: false },
    ]);
  });

  it('reads a bare directive or policy, one directive a line, with comments', () => {
    expect(findPolicies("connect-src 'self' https://api.example.com\n")).toEqual([
      { policy: "connect-src 'self' https://api.example.com", format: 'policy', line: 1, reportOnly: false },
    ]);
    const file = [
      '# production policy',
      '',
      "default-src 'self';",
      "connect-src 'self'",
      '    https://api.example.com;',
      'img-src * data:',
    ].join('\n');
    expect(findPolicies(file)).toEqual([
      {
        policy: "default-src 'self'; connect-src 'self' https://api.example.com; img-src * data:",
        format: 'policy',
        line: 3,
        reportOnly: false,
      },
    ]);
  });

  it('finds nothing in a file without a policy', () => {
    expect(findPolicies('')).toEqual([]);
    expect(findPolicies('server {\n  listen 80;\n}\n')).toEqual([]);
    expect(findPolicies('<html><head><title>shop</title></head></html>')).toEqual([]);
    expect(
      findPolicies('connect to the API at https://api.example.com\nconnect-src is set elsewhere'),
    ).toEqual([]);
  });
});

describe('mergeIntoBase', () => {
  const directive = (...sources: string[]): Directive =>
    buildDirective(
      sources.map((source) => ({ source })),
      null,
    ).directive;

  it('replaces connect-src in place, keeping the other directives as written and in order', () => {
    const base =
      "default-src 'self';  Script-Src 'self' 'nonce-r4nd0m' ; connect-src 'self'; img-src * data:;";
    const merged = mergeIntoBase(base, directive("'self'", 'https://api.example.com'));
    expect(merged.policy).toBe(
      "default-src 'self'; Script-Src 'self' 'nonce-r4nd0m'; connect-src 'self' https://api.example.com; img-src * data:",
    );
    expect(merged.notes).toEqual([]);
  });

  it('drops a later duplicate connect-src, which browsers ignore', () => {
    const merged = mergeIntoBase(
      'CONNECT-SRC *; img-src *; connect-src https://old.example',
      directive('https://new.example'),
    );
    expect(merged.policy).toBe('connect-src https://new.example; img-src *');
  });

  it('appends connect-src, noting a default-src it replaces for connections', () => {
    const merged = mergeIntoBase(
      "default-src 'self' https://cdn.example.com; frame-ancestors 'none'",
      directive("'self'"),
    );
    expect(merged.policy).toBe(
      "default-src 'self' https://cdn.example.com; frame-ancestors 'none'; connect-src 'self'",
    );
    expect(merged.notes).toEqual([
      { code: 'base-policy-default-src', args: { value: "'self' https://cdn.example.com" } },
    ]);
    expect(mergeIntoBase('default-src', directive("'self'")).notes).toEqual([
      { code: 'base-policy-default-src', args: { value: "'none'" } },
    ]);
    expect(mergeIntoBase('', directive("'self'"))).toEqual({ policy: "connect-src 'self'", notes: [] });
  });

  it.each([
    ["default-src 'self', connect-src *", /comma.*several policies/],
    ["default-src 'self'\r\nX-Injected: 1", /control character \(U\+000D\)/],
    ["default-src 'self'\nconnect-src *", /control character \(U\+000A\)/],
    ["default-src\t'self'", /control character \(U\+0009\)/],
    ["default-src 'self'\u0000", /control character \(U\+0000\)/],
    ["default-src 'self'\u007f", /control character \(U\+007F\)/],
    ["default-src 'self' https://bücher.example", /non-ASCII character \("ü"\)/],
    ["default-src 'self'\u2028connect-src *", /non-ASCII character/],
  ])('rejects a hostile base policy: %j', (base, message) => {
    expect(() => mergeIntoBase(base, directive("'self'"))).toThrow(message);
  });

  it('refuses a directive csp-connect would not emit', () => {
    const forged: Directive = { name: 'connect-src', sources: ['*'], value: 'connect-src *' };
    expect(() => mergeIntoBase("default-src 'self'", forged)).toThrow(/would not emit/);
    const injected: Directive = {
      name: 'connect-src',
      sources: ["'self'"],
      value: "connect-src 'self'; script-src 'unsafe-inline'",
    };
    expect(() => mergeIntoBase('', injected)).toThrow(/would not emit/);
  });
});
