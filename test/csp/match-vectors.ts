// The matching vectors of ../shared/csp-semantics.md ("Test vectors" table) and every single
// source-list row of ../shared/csp-chromium-matrix.md, transcribed as data.

export type YN = 'Y' | 'N';

export interface SemanticsVector {
  /** The vector's number in csp-semantics.md. */
  readonly n: number;
  readonly sources: readonly string[];
  readonly page: string;
  readonly url: string;
  readonly spec: YN;
  readonly chromium: YN;
  /** `Y*`: all three engines allow it, the spec does not. */
  readonly portable: YN | 'Y*';
  /** Stated in the rules' prose for the engines read from source. */
  readonly gecko?: YN;
  readonly webkit?: YN;
}

const P = 'http://app.example:8080';
const P80 = 'http://app.example';
const PS = 'https://app.example';

const v = (
  n: number,
  sources: string | readonly string[],
  page: string,
  url: string,
  spec: YN,
  chromium: YN,
  portable: YN | 'Y*',
  engines: { gecko?: YN; webkit?: YN } = {},
): SemanticsVector => ({
  n,
  sources: typeof sources === 'string' ? [sources] : sources,
  page,
  url,
  spec,
  chromium,
  portable,
  ...engines,
});

/**
 * Left out as not single source-list matches: 55 (non-ASCII drops the directive), 79-82, 85 and
 * 88 (directive fallback, several policies, duplicates; all in policy.test.ts), 69-70 (redirects)
 * and 89-90 (workers follow their own policy).
 */
export const SEMANTICS_VECTORS: readonly SemanticsVector[] = [
  v(1, "'self'", P, 'http://app.example:8080/a', 'Y', 'Y', 'Y'),
  v(2, "'self'", P, 'ws://app.example:8080/ws', 'Y', 'Y', 'Y'),
  // new WebSocket('/ws') resolved against the page.
  v(3, "'self'", P, new URL('/ws', P.replace('http', 'ws')).href, 'Y', 'Y', 'Y'),
  v(4, "'self'", P, 'https://app.example:8080/a', 'Y', 'Y', 'Y'),
  v(5, "'self'", P, 'wss://app.example:8080/ws', 'Y', 'Y', 'Y'),
  v(6, "'self'", P, 'http://app.example:9090/a', 'N', 'N', 'N'),
  v(7, "'self'", P, 'http://sub.app.example:8080/a', 'N', 'N', 'N'),
  v(8, "'self'", P, 'https://app.example:8443/a', 'N', 'N', 'N'),
  v(9, "'self'", P80, 'https://app.example/a', 'Y', 'Y', 'Y'),
  v(10, "'self'", P80, 'wss://app.example/ws', 'Y', 'Y', 'Y'),
  v(11, "'self'", PS, 'wss://app.example/ws', 'Y', 'Y', 'Y'),
  v(12, "'self'", P, 'blob:http://app.example:8080/0c6e4ab4-7a2c-4d55-9a0e-4f3b7b8f2f10', 'Y', 'N', 'N'),
  v(13, "'self'", P, 'data:text/plain,hi', 'N', 'N', 'N'),
  v(14, 'http://app.example:8080', P, 'ws://app.example:8080/ws', 'Y', 'N', 'N', { gecko: 'N', webkit: 'N' }),
  v(15, 'http://app.example:8080', P, 'https://app.example:8080/a', 'Y', 'N', 'N', {
    gecko: 'Y',
    webkit: 'Y',
  }),
  v(16, 'http://api.example:8443', P, 'https://api.example:8443/a', 'Y', 'N', 'N', {
    gecko: 'Y',
    webkit: 'Y',
  }),
  v(17, 'http://api.example', P, 'https://api.example/a', 'Y', 'Y', 'Y'),
  v(18, 'http://api.example:80', P, 'https://api.example/a', 'N', 'Y', 'Y*'),
  v(19, 'http://api.example:*', P, 'https://api.example:8443/a', 'Y', 'Y', 'Y'),
  v(20, 'https://api.example', P, 'http://api.example/a', 'N', 'N', 'N'),
  v(21, 'ws://api.example', P, 'wss://api.example/ws', 'Y', 'Y', 'Y'),
  v(22, 'ws://app.example:8080', P, 'wss://app.example:8080/ws', 'Y', 'N', 'N'),
  v(23, 'http://api.example:8080', P, 'ws://api.example:8080/ws', 'Y', 'N', 'N', { gecko: 'N', webkit: 'N' }),
  v(24, 'https://api.example:8443', P, 'wss://api.example:8443/ws', 'Y', 'N', 'N', {
    gecko: 'N',
    webkit: 'N',
  }),
  v(25, 'ws://api.example:8080', P, 'http://api.example:8080/a', 'Y', 'N', 'N', { gecko: 'N', webkit: 'Y' }),
  v(26, 'wss://api.example:8443', P, 'https://api.example:8443/a', 'Y', 'N', 'N', {
    gecko: 'N',
    webkit: 'Y',
  }),
  v(27, 'wss:', P, 'https://api.example:8443/a', 'Y', 'N', 'N', { gecko: 'N', webkit: 'Y' }),
  v(28, 'ws:', P, 'wss://api.example:8443/ws', 'Y', 'Y', 'Y'),
  v(29, 'ws:', P, 'http://api.example:8080/a', 'Y', 'N', 'N', { gecko: 'N', webkit: 'Y' }),
  v(30, 'http:', P, 'https://api.example:8443/a', 'Y', 'Y', 'Y'),
  v(31, 'http:', P, 'ws://api.example:8080/ws', 'Y', 'N', 'N', { gecko: 'N', webkit: 'N' }),
  v(32, 'https:', P, 'wss://api.example:8443/ws', 'Y', 'N', 'N', { gecko: 'N', webkit: 'N' }),
  v(33, 'wss:', P, 'ws://api.example:8080/ws', 'N', 'N', 'N'),
  v(34, 'api.example:8080', P, 'http://api.example:8080/a', 'Y', 'Y', 'Y'),
  v(35, 'api.example:8443', P, 'https://api.example:8443/a', 'Y', 'N', 'N'),
  v(36, 'api.example:8080', P, 'ws://api.example:8080/ws', 'Y', 'N', 'N', { gecko: 'N', webkit: 'N' }),
  v(37, 'api.example', P, 'http://api.example:8080/a', 'N', 'N', 'N'),
  v(38, 'api.example', P, 'http://api.example/a', 'Y', 'Y', 'Y'),
  v(39, 'http://api.example:*', P, 'http://api.example:8080/a', 'Y', 'Y', 'Y'),
  v(40, 'http://api.example:80', P, 'http://api.example/a', 'Y', 'Y', 'Y'),
  v(41, 'http://api.example', P, 'http://api.example:80/a', 'Y', 'Y', 'Y'),
  v(42, 'https://api.example:443', P, 'https://api.example/a', 'Y', 'Y', 'Y'),
  v(43, 'http://api.example:8080', P, 'http://api.example:9090/a', 'N', 'N', 'N'),
  v(44, 'http://*.api.example:*', P, 'http://sub.api.example:8080/a', 'Y', 'Y', 'Y'),
  v(45, 'http://*.api.example:*', P, 'http://a.b.api.example:8080/a', 'Y', 'Y', 'Y'),
  v(46, 'http://*.api.example:*', P, 'http://api.example:8080/a', 'N', 'N', 'N'),
  v(47, 'http://*.example:*', P, 'http://api.example:8080/a', 'Y', 'Y', 'Y'),
  v(48, 'http://*:*', P, 'http://api.example:8080/a', 'Y', 'Y', 'Y'),
  v(49, 'HTTP://API.EXAMPLE:8080', P, 'http://api.example:8080/a', 'Y', 'Y', 'Y'),
  v(50, 'http://api.example:8080', P, 'http://API.Example:8080/a', 'Y', 'Y', 'Y'),
  v(51, 'http://api.example:8080', P, 'http://api.example.:8080/a', 'N', 'N', 'N'),
  v(52, 'http://api.example.:8080', P, 'http://api.example:8080/a', 'N', 'N', 'N'),
  v(53, 'http://api.example.:8080', P, 'http://api.example.:8080/a', 'Y', 'Y', 'Y'),
  v(54, 'http://xn--bcher-kva.example:8080', P, 'http://bücher.example:8080/a', 'Y', 'Y', 'Y'),
  v(56, 'http://127.0.0.1:8080', P, 'http://127.0.0.1:8080/a', 'N', 'Y', 'Y*', { gecko: 'Y', webkit: 'Y' }),
  v(57, 'http://[::1]:8080', P, 'http://[::1]:8080/a', 'N', 'N', 'N'),
  v(58, 'http:', P, 'http://[::1]:8080/a', 'Y', 'Y', 'Y'),
  v(59, '*', P, 'http://[::1]:8080/a', 'Y', 'Y', 'Y'),
  v(60, 'http://localhost:8080', P, 'http://localhost:8080/a', 'Y', 'Y', 'Y'),
  v(61, 'http://api.example:8080', P, 'http://user:pw@api.example:8080/a', 'Y', 'Y', 'Y'),
  v(62, 'http://api.example:8080/v1/', P, 'http://api.example:8080/v1/items', 'Y', 'Y', 'Y'),
  v(63, 'http://api.example:8080/v1/', P, 'http://api.example:8080/v1', 'N', 'N', 'N'),
  v(64, 'http://api.example:8080/v1/', P, 'http://api.example:8080/v2/items', 'N', 'N', 'N'),
  v(65, 'http://api.example:8080/v1/items', P, 'http://api.example:8080/v1/items?page=2', 'Y', 'Y', 'Y'),
  v(66, 'http://api.example:8080/v1', P, 'http://api.example:8080/v1/', 'N', 'N', 'N'),
  v(67, 'http://api.example:8080/a%20b/', P, 'http://api.example:8080/a b/c', 'Y', 'Y', 'Y'),
  v(68, 'http://api.example:8080/V1/', P, 'http://api.example:8080/v1/items', 'N', 'N', 'N'),
  v(71, 'ws://app.example:8080/sock/', P, 'ws://app.example:8080/sock/a', 'Y', 'Y', 'Y'),
  v(72, 'ws://app.example:8080/sock/', P, 'ws://app.example:8080/other', 'N', 'N', 'N'),
  v(73, '*', P, 'http://api.example:8080/a', 'Y', 'Y', 'Y'),
  v(74, '*', P, 'ws://api.example:8080/ws', 'Y', 'Y', 'Y'),
  v(75, '*', P, 'data:text/plain,hi', 'N', 'N', 'N'),
  v(76, '*', P, 'blob:http://app.example:8080/0c6e4ab4-7a2c-4d55-9a0e-4f3b7b8f2f10', 'N', 'N', 'N'),
  v(77, 'data:', P, 'data:text/plain,hi', 'Y', 'Y', 'Y'),
  v(78, 'blob:', P, 'blob:http://app.example:8080/0c6e4ab4-7a2c-4d55-9a0e-4f3b7b8f2f10', 'Y', 'Y', 'Y'),
  v(83, ["'none'", 'http://api.example:8080'], P, 'http://api.example:8080/a', 'Y', 'Y', 'Y'),
  v(84, [], P, 'http://api.example:8080/a', 'N', 'N', 'N'),
  v(86, "'self'", P, 'http://api.example:8080/p', 'N', 'N', 'N'),
  v(87, 'http://api.example:8080', P, 'http://api.example:8080/p', 'Y', 'Y', 'Y'),
];

// csp-chromium-matrix.md's placeholder ports, made concrete.
const ALT = 8080;
const API = 9090;
const APIS = 9443;
const V6 = 9696;
const DUAL = 7070;

export interface MatrixRow {
  readonly id: string;
  readonly sources: readonly string[];
  readonly page: string;
  readonly url: string;
  readonly spec: 'allow' | 'block';
  readonly chromium: 'allow' | 'block';
}

const PAGE = `http://app.test:${ALT}`;
const BLOB = `blob:http://app.test:${ALT}/9b2d6c1e-3f4a-4e8b-8c7d-1a2b3c4d5e6f`;

const m = (
  id: string,
  directive: string,
  page: string,
  url: string,
  spec: 'allow' | 'block',
  chromium: 'allow' | 'block' = spec,
): MatrixRow => ({ id, sources: directive.split(' ').filter((t) => t !== ''), page, url, spec, chromium });

/**
 * Every row whose policy is one connect-src source list. Left out here (policy-level, tested in
 * policy.test.ts): default-src-fallback, connect-src-overrides-default, default-src-allows,
 * script-src-only, two-policies-one-header, two-policy-headers, report-only, empty-directive,
 * duplicate-directive, meta-delivery, directive-name-case, unicode-source-drops-directive,
 * api-ping-default-src, api-ping-img-src-irrelevant. Not modelled at all: the redirect rows
 * (path-ignored-after-redirect, redirect-to-unlisted-origin, redirect-self-to-unlisted) and the
 * worker rows (worker-script-without-csp, worker-script-with-csp, blob-worker-inherits,
 * blob-worker-control).
 */
export const MATRIX_ROWS: readonly MatrixRow[] = [
  m('self-fetch-same-origin', "'self'", PAGE, `http://app.test:${ALT}/x`, 'allow'),
  m('self-ws-same-host-port', "'self'", PAGE, `ws://app.test:${ALT}/ws`, 'allow'),
  m('self-ws-relative-url', "'self'", PAGE, `ws://app.test:${ALT}/ws-relative`, 'allow'),
  m('self-ws-http-url', "'self'", PAGE, `ws://app.test:${ALT}/ws-http-scheme`, 'allow'),
  m('self-other-port', "'self'", PAGE, `http://app.test:${API}/x`, 'block'),
  m('self-subdomain', "'self'", PAGE, `http://sub.app.test:${ALT}/x`, 'block'),
  m('self-https-other-port', "'self'", PAGE, `https://app.test:${APIS}/x`, 'block'),
  m(
    'self-https-same-nondefault-port',
    "'self'",
    `http://app.test:${DUAL}`,
    `https://app.test:${DUAL}/x`,
    'allow',
  ),
  m(
    'self-wss-same-nondefault-port',
    "'self'",
    `http://app.test:${DUAL}`,
    `wss://app.test:${DUAL}/ws`,
    'allow',
  ),
  m('self-https-upgrade-default-ports', "'self'", 'http://app.test', 'https://app.test/x', 'allow'),
  m('self-ws-default-port', "'self'", 'http://app.test', 'ws://app.test/ws', 'allow'),
  m('self-wss-default-ports', "'self'", 'http://app.test', 'wss://app.test/ws', 'allow'),
  m('self-https-page-wss', "'self'", 'https://app.test', 'wss://app.test/ws', 'allow'),
  // Mixed content blocks this one, but CSP allows it.
  m('self-https-page-http-downgrade', "'self' http:", 'https://app.test', 'http://app.test/x', 'allow'),
  m('self-blob', "'self'", PAGE, BLOB, 'allow', 'block'),
  m('self-data', "'self'", PAGE, 'data:text/plain,hi', 'block'),
  m(
    'http-src-https-url-same-explicit-port',
    `http://api.test:${APIS}`,
    PAGE,
    `https://api.test:${APIS}/x`,
    'allow',
    'block',
  ),
  m(
    'explicit-origin-https-same-port',
    `http://app.test:${DUAL}`,
    `http://app.test:${DUAL}`,
    `https://app.test:${DUAL}/x`,
    'allow',
    'block',
  ),
  m(
    'explicit-ws-src-wss-same-port',
    `ws://app.test:${DUAL}`,
    `http://app.test:${DUAL}`,
    `wss://app.test:${DUAL}/ws`,
    'allow',
    'block',
  ),
  m(
    'explicit-origin-ws-same-port',
    `http://app.test:${ALT}`,
    PAGE,
    `ws://app.test:${ALT}/ws`,
    'allow',
    'block',
  ),
  m('http-src-https-url-default-ports', 'http://api.test', PAGE, 'https://api.test/x', 'allow'),
  m('http80-src-https-url', 'http://api.test:80', PAGE, 'https://api.test/x', 'block', 'allow'),
  m('http-anyport-src-https-url', 'http://api.test:*', PAGE, `https://api.test:${APIS}/x`, 'allow'),
  m('https-src-http-url', 'https://api.test', PAGE, 'http://api.test/x', 'block'),
  m('ws-src-wss-url', 'ws://api.test', PAGE, 'wss://api.test/ws', 'allow'),
  m('http-src-ws-url', `http://api.test:${API}`, PAGE, `ws://api.test:${API}/ws`, 'allow', 'block'),
  m('https-src-wss-url', `https://api.test:${APIS}`, PAGE, `wss://api.test:${APIS}/ws`, 'allow', 'block'),
  m('ws-src-http-fetch', `ws://api.test:${API}`, PAGE, `http://api.test:${API}/x`, 'allow', 'block'),
  m('wss-src-https-fetch', `wss://api.test:${APIS}`, PAGE, `https://api.test:${APIS}/x`, 'allow', 'block'),
  m('wss-scheme-src-https-fetch', 'wss:', PAGE, `https://api.test:${APIS}/x`, 'allow', 'block'),
  m('ws-scheme-src-wss', 'ws:', PAGE, `wss://api.test:${APIS}/ws`, 'allow'),
  m('ws-scheme-src-http-fetch', 'ws:', PAGE, `http://api.test:${API}/x`, 'allow', 'block'),
  m('http-scheme-src-https', 'http:', PAGE, `https://api.test:${APIS}/x`, 'allow'),
  m('http-scheme-src-ws', 'http:', PAGE, `ws://api.test:${API}/ws`, 'allow', 'block'),
  m('https-scheme-src-wss', 'https:', PAGE, `wss://api.test:${APIS}/ws`, 'allow', 'block'),
  m('wss-scheme-src-ws-url', 'wss:', PAGE, `ws://api.test:${API}/ws`, 'block'),
  m('schemeless-same-scheme', `api.test:${API}`, PAGE, `http://api.test:${API}/x`, 'allow'),
  m('schemeless-https-url', `api.test:${APIS}`, PAGE, `https://api.test:${APIS}/x`, 'allow', 'block'),
  m('schemeless-ws-url', `api.test:${API}`, PAGE, `ws://api.test:${API}/ws`, 'allow', 'block'),
  m('schemeless-no-port-nondefault-url', 'api.test', PAGE, `http://api.test:${API}/x`, 'block'),
  m('schemeless-no-port-default-url', 'api.test', PAGE, 'http://api.test/x', 'allow'),
  m('port-wildcard', 'http://api.test:*', PAGE, `http://api.test:${API}/x`, 'allow'),
  m('port-explicit-80-src', 'http://api.test:80', PAGE, 'http://api.test/x', 'allow'),
  m('port-explicit-80-url', 'http://api.test', PAGE, 'http://api.test:80/x', 'allow'),
  m('port-mismatch', `http://api.test:${API}`, PAGE, `http://api.test:${ALT}/x`, 'block'),
  m('port-443-src', 'https://api.test:443', PAGE, 'https://api.test/x', 'allow'),
  m('wildcard-subdomain', 'http://*.api.test:*', PAGE, `http://sub.api.test:${API}/x`, 'allow'),
  m('wildcard-deep-subdomain', 'http://*.api.test:*', PAGE, `http://a.b.api.test:${API}/x`, 'allow'),
  m('wildcard-not-apex', 'http://*.api.test:*', PAGE, `http://api.test:${API}/x`, 'block'),
  m('wildcard-tld', 'http://*.test:*', PAGE, `http://api.test:${API}/x`, 'allow'),
  m('star-host-with-scheme', 'http://*:*', PAGE, `http://api.test:${API}/x`, 'allow'),
  m('uppercase-source', `HTTP://API.TEST:${API}`, PAGE, `http://api.test:${API}/x`, 'allow'),
  m('uppercase-url-host', `http://api.test:${API}`, PAGE, `http://API.Test:${API}/x`, 'allow'),
  m('trailing-dot-url', `http://api.test:${API}`, PAGE, `http://api.test.:${API}/x`, 'block'),
  m('trailing-dot-source', `http://api.test.:${API}`, PAGE, `http://api.test:${API}/x`, 'block'),
  m('trailing-dot-both', `http://api.test.:${API}`, PAGE, `http://api.test.:${API}/x`, 'allow'),
  m(
    'punycode-source-idn-url',
    `http://xn--bcher-kva.test:${API}`,
    PAGE,
    `http://bücher.test:${API}/x`,
    'allow',
  ),
  m('ipv4-source', `http://127.0.0.1:${API}`, PAGE, `http://127.0.0.1:${API}/x`, 'block', 'allow'),
  m('ipv6-source', `http://[::1]:${V6}`, PAGE, `http://[::1]:${V6}/x`, 'block'),
  m('ipv6-via-scheme-source', 'http:', PAGE, `http://[::1]:${V6}/x`, 'allow'),
  m('ipv6-via-star', '*', PAGE, `http://[::1]:${V6}/x`, 'allow'),
  m('localhost-source', `http://localhost:${API}`, PAGE, `http://localhost:${API}/x`, 'allow'),
  m('userinfo-allowed', `http://api.test:${API}`, PAGE, `http://user:pw@api.test:${API}/x`, 'allow'),
  m('userinfo-blocked-report', "'self'", PAGE, `http://user:pw@api.test:${API}/x`, 'block'),
  m('path-dir-match', `http://api.test:${API}/v1/`, PAGE, `http://api.test:${API}/v1/items`, 'allow'),
  m('path-dir-without-slash', `http://api.test:${API}/v1/`, PAGE, `http://api.test:${API}/v1`, 'block'),
  m('path-dir-other', `http://api.test:${API}/v1/`, PAGE, `http://api.test:${API}/v2/items`, 'block'),
  m(
    'path-exact-with-query',
    `http://api.test:${API}/v1/items`,
    PAGE,
    `http://api.test:${API}/v1/items?page=2`,
    'allow',
  ),
  m('path-exact-vs-dir', `http://api.test:${API}/v1`, PAGE, `http://api.test:${API}/v1/`, 'block'),
  m(
    'path-percent-encoding',
    `http://api.test:${API}/a%20b/`,
    PAGE,
    `http://api.test:${API}/a%20b/c`,
    'allow',
  ),
  m('path-case', `http://api.test:${API}/V1/`, PAGE, `http://api.test:${API}/v1/items`, 'block'),
  m('ws-path-dir-match', `ws://app.test:${ALT}/sock/`, PAGE, `ws://app.test:${ALT}/sock/a`, 'allow'),
  m('ws-path-dir-other', `ws://app.test:${ALT}/sock/`, PAGE, `ws://app.test:${ALT}/other`, 'block'),
  m('star-http', '*', PAGE, `http://api.test:${API}/x`, 'allow'),
  m('star-https', '*', PAGE, `https://api.test:${APIS}/x`, 'allow'),
  m('star-ws', '*', PAGE, `ws://api.test:${API}/ws`, 'allow'),
  m('star-wss', '*', PAGE, `wss://api.test:${APIS}/ws`, 'allow'),
  m('star-data', '*', PAGE, 'data:text/plain,hi', 'block'),
  m('star-blob', '*', PAGE, BLOB, 'block'),
  m('data-scheme-src', 'data:', PAGE, 'data:text/plain,hi', 'allow'),
  m('blob-scheme-src', 'blob:', PAGE, BLOB, 'allow'),
  m('none-with-other-sources', `'none' http://api.test:${API}`, PAGE, `http://api.test:${API}/x`, 'allow'),
  m('api-fetch-blocked', "'self'", PAGE, `http://api.test:${API}/x`, 'block'),
  m('api-xhr-blocked', "'self'", PAGE, `http://api.test:${API}/x`, 'block'),
  m('api-xhr-sync-blocked', "'self'", PAGE, `http://api.test:${API}/x`, 'block'),
  m('api-websocket-blocked', "'self'", PAGE, `ws://api.test:${API}/ws`, 'block'),
  m('api-eventsource-blocked', "'self'", PAGE, `http://api.test:${API}/sse`, 'block'),
  m('api-beacon-blocked', "'self'", PAGE, `http://api.test:${API}/beacon`, 'block'),
  m('api-ping-blocked', "'self'", PAGE, `http://api.test:${API}/ping`, 'block'),
  m('api-websocket-allowed', `ws://api.test:${API}`, PAGE, `ws://api.test:${API}/ws`, 'allow'),
  m('api-eventsource-allowed', `http://api.test:${API}`, PAGE, `http://api.test:${API}/sse`, 'allow'),
  m('api-beacon-allowed', `http://api.test:${API}`, PAGE, `http://api.test:${API}/beacon`, 'allow'),
  m('api-ping-allowed', `http://api.test:${API}`, PAGE, `http://api.test:${API}/ping`, 'allow'),
];
