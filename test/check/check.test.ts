import { describe, expect, it } from 'vitest';
import { type CheckInput, type CheckResult, checkPolicy } from '../../src/check/check.js';
import { buildDirective } from '../../src/csp/directive.js';

// What a scan of a small shop front-end needs: same-origin API calls, the REST API, a live
// order-status socket and the error reporter.
const ORIGIN = 'https://shop.example';
const NEEDED: CheckInput['needed'] = [
  { source: "'self'", findings: [0, 4] },
  { source: 'https://api.shop.example', findings: [1, 5] },
  { source: 'wss://live.shop.example', findings: [2] },
  { source: 'https://o4504.ingest.sentry.io', findings: [3] },
];
const GENERATED = buildDirective(
  NEEDED.map((n) => ({ source: n.source })),
  ORIGIN,
).directive.value;

function check(policyText: string, origin: string | null = ORIGIN, needed = NEEDED): CheckResult {
  return checkPolicy({ needed, policyText, origin });
}

function checked(result: CheckResult): Extract<CheckResult, { reason: 'checked' }> {
  if (result.reason !== 'checked') throw new Error('expected a checked result');
  return result;
}

describe('checkPolicy', () => {
  it('passes the exact generated policy, delivered as a header line', () => {
    expect(GENERATED).toBe(
      "connect-src 'self' https://api.shop.example https://o4504.ingest.sentry.io wss://live.shop.example",
    );
    const result = check(
      `Content-Security-Policy: default-src 'self'; ${GENERATED}; frame-ancestors 'none'\n`,
    );
    expect(result).toEqual({
      ok: true,
      reason: 'checked',
      directive: 'connect-src',
      policies: 1,
      missing: [],
      reportOnlyMissing: [],
      unused: [],
    });
  });

  it('reports the one origin an nginx snippet forgot, with the findings that need it', () => {
    const conf = `server {
  server_name shop.example;
  add_header Content-Security-Policy "default-src 'self'; connect-src 'self' https://api.shop.example https://o4504.ingest.sentry.io; img-src 'self' data:" always;
}
`;
    const result = checked(check(conf));
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual([{ source: 'wss://live.shop.example', findings: [2] }]);
    expect(result.unused).toEqual([]);
  });

  it('lets a wildcard host source cover the API (Apache snippet)', () => {
    const conf = `<IfModule mod_headers.c>
  Header always set Content-Security-Policy "default-src 'self'; connect-src 'self' https://*.shop.example wss://live.shop.example https://*.ingest.sentry.io"
</IfModule>
`;
    expect(checked(check(conf))).toMatchObject({ ok: true, missing: [], unused: [] });
  });

  it('lets https: cover https origins but not a wss socket (bare directive)', () => {
    const result = checked(check("connect-src 'self' https:\n"));
    expect(result.missing).toEqual([{ source: 'wss://live.shop.example', findings: [2] }]);
    expect(result.unused).toEqual([]);
  });

  it('falls back to default-src when there is no connect-src (meta tag)', () => {
    const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy"
        content="default-src 'self' https://api.shop.example wss://live.shop.example https://o4504.ingest.sentry.io; img-src * data:">
  <title>Shop</title>
</head>
<body><div id="app"></div></body>
</html>
`;
    const result = checked(check(html));
    expect(result).toMatchObject({ ok: true, directive: 'default-src', missing: [], unused: [] });
    const narrower = checked(check(html.replace(' wss://live.shop.example', '')));
    expect(narrower.missing.map((m) => m.source)).toEqual(['wss://live.shop.example']);
    // default-src serves images and scripts too, so none of its sources is called unused.
    expect(checked(check(html, ORIGIN, [{ source: "'self'", findings: [0] }])).unused).toEqual([]);
  });

  it("blocks everything under 'none', and does not call 'none' unused", () => {
    const result = checked(check("Content-Security-Policy: default-src 'none'; connect-src 'none'"));
    expect(result.missing.map((m) => m.source)).toEqual(NEEDED.map((n) => n.source));
    const nothingNeeded = checked(check("connect-src 'none'", ORIGIN, []));
    expect(nothingNeeded).toMatchObject({ ok: true, missing: [], unused: [] });
  });

  it('lists a source no needed source relies on as unused without failing', () => {
    const result = checked(check(`${GENERATED} https://legacy-api.shop.example data:`));
    expect(result.ok).toBe(true);
    expect(result.unused).toEqual(['https://legacy-api.shop.example', 'data:']);
  });

  it('finds connections unrestricted without connect-src or default-src', () => {
    expect(checked(check("Content-Security-Policy: script-src 'self'; object-src 'none'"))).toMatchObject({
      ok: true,
      directive: null,
      missing: [],
      unused: [],
    });
  });

  it('needs every enforced policy to allow a source; report-only gaps are listed apart', () => {
    const headers = [
      `Content-Security-Policy: ${GENERATED}`,
      "Content-Security-Policy: connect-src 'self' https://api.shop.example https://o4504.ingest.sentry.io",
      "Content-Security-Policy-Report-Only: connect-src 'self'",
    ].join('\n');
    const result = checked(check(headers));
    expect(result.policies).toBe(3);
    expect(result.missing).toEqual([{ source: 'wss://live.shop.example', findings: [2] }]);
    expect(result.reportOnlyMissing.map((m) => m.source)).toEqual([
      'https://api.shop.example',
      'wss://live.shop.example',
      'https://o4504.ingest.sentry.io',
    ]);
    const reportOnlyOnly = checked(check(`${headers.split('\n')[0]}\n${headers.split('\n')[2]}`));
    expect(reportOnlyOnly.ok).toBe(true);
    expect(reportOnlyOnly.reportOnlyMissing).toHaveLength(3);
  });

  it("accepts the origin spelled out for 'self' only when its page and socket URLs are both allowed", () => {
    const spelled =
      'connect-src https://shop.example wss://shop.example https://api.shop.example wss://live.shop.example https://o4504.ingest.sentry.io';
    expect(checked(check(spelled)).missing).toEqual([]);
    const noSocket = spelled.replace(' wss://shop.example', '');
    expect(checked(check(noSocket)).missing).toEqual([{ source: "'self'", findings: [0, 4] }]);
    // Without an origin, nothing but 'self' (or *) can stand for 'self'.
    expect(checked(check(spelled, null)).missing.map((m) => m.source)).toEqual(["'self'"]);
    expect(checked(check(`connect-src * wss:`, null)).missing).toEqual([]);
  });

  it('counts the sources that spell out the origin as used', () => {
    const spelled = `connect-src https://shop.example wss://shop.example https://api.shop.example wss://live.shop.example https://o4504.ingest.sentry.io https://old.shop.example`;
    expect(checked(check(spelled)).unused).toEqual(['https://old.shop.example']);
  });

  it('reports a file without a recognisable policy', () => {
    expect(check('# TODO: add a CSP\n')).toEqual({ ok: false, reason: 'no-policy' });
    expect(check('<html><head><title>Shop</title></head></html>')).toEqual({
      ok: false,
      reason: 'no-policy',
    });
  });
});
