// fast-check generators shared by the covers and directive property tests: source expressions,
// widenings of a source (so that covering pairs actually occur), and URLs a source may allow.

import fc from 'fast-check';
import { type ParsedSource, parseSourceExpression } from '../../src/csp/grammar.js';

export const PAGES = [
  'http://app.example:8080',
  'http://app.example',
  'https://app.example',
  'https://api.example',
  'http://x.api.example:8443',
];

const HOSTS = ['api.example', 'x.api.example', 'app.example', 'other.test', '127.0.0.1', 'api.example.'];
const WILD_HOSTS = ['*.api.example', '*.example', '*'];
const PORTS = [null, '80', '443', '8080', '8443', '9090', '*'];
const PATHS = [null, '/', '/v1/', '/v1', '/v1/items', '/a%20b/', '/v1/x/'];
const WEB = ['http', 'https', 'ws', 'wss'];

export function parse(token: string): ParsedSource {
  const source = parseSourceExpression(token);
  if (!source) throw new Error(`generated an invalid source: ${token}`);
  return source;
}

const hostSource = fc
  .record({
    scheme: fc.constantFrom<string | null>(null, ...WEB),
    host: fc.constantFrom(...HOSTS, ...WILD_HOSTS),
    port: fc.constantFrom(...PORTS),
    path: fc.constantFrom(...PATHS),
  })
  .map(
    ({ scheme, host, port, path }) =>
      `${scheme ? `${scheme}://` : ''}${host}${port === null ? '' : `:${port}`}${path ?? ''}`,
  );

/** Any connect-src token csp-connect may meet in a policy. */
export const sourceToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: hostSource },
  { weight: 2, arbitrary: fc.constantFrom('http:', 'https:', 'ws:', 'wss:', 'data:', 'blob:') },
  { weight: 1, arbitrary: fc.constantFrom("'self'", "'none'", '*', "'unsafe-inline'") },
);

/** Tokens csp-connect itself emits (what buildDirective accepts). */
export const emittableToken: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        scheme: fc.constantFrom(...WEB),
        host: fc.constantFrom(...HOSTS, ...WILD_HOSTS),
        port: fc.constantFrom(...PORTS),
      })
      .map(({ scheme, host, port }) => `${scheme}://${host}${port === null ? '' : `:${port}`}`),
  },
  { weight: 2, arbitrary: fc.constantFrom('http:', 'https:', 'ws:', 'wss:', 'data:', 'blob:') },
  { weight: 1, arbitrary: fc.constantFrom("'self'", "'none'") },
);

const DOWNGRADE: Readonly<Record<string, string>> = { https: 'http', wss: 'ws' };

/** A token derived from `token` by loosening one or more parts, so it often covers it. */
export function widened(token: string): fc.Arbitrary<string> {
  const source = parse(token);
  if (source.type !== 'host') return fc.constantFrom(token, '*', "'self'");
  return fc
    .record({
      scheme: fc.constantFrom(source.scheme, DOWNGRADE[source.scheme ?? ''] ?? source.scheme, null),
      host: fc.constantFrom(source.host, wildcardOf(source.host), '*'),
      port: fc.constantFrom(source.port, null, '*'),
      path: fc.constantFrom(source.path, null, parentOf(source.path)),
      asScheme: fc.boolean(),
    })
    .map(({ scheme, host, port, path, asScheme }) =>
      asScheme && scheme !== null
        ? `${scheme}:`
        : `${scheme ? `${scheme}://` : ''}${host}${port === null ? '' : `:${port}`}${path ?? ''}`,
    );
}

function wildcardOf(host: string): string {
  if (host === '*') return '*';
  const rest = host.replace(/^\*\./, '');
  const dot = rest.indexOf('.');
  const parent = rest.slice(dot + 1);
  return dot === -1 || parent === '' || parent === '.' ? '*' : `*.${parent}`;
}

function parentOf(path: string | null): string | null {
  if (path === null) return null;
  const cut = path.endsWith('/') ? path.slice(0, -1) : path;
  return cut.slice(0, cut.lastIndexOf('/') + 1) || '/';
}

const LABELS = ['a', 'deep.b', 'api', 'x'];

/** URLs shaped after `token` (its scheme and upgrades, its host, port and path), plus strays. */
export function urlsNear(token: string, page: string): fc.Arbitrary<string> {
  const source = parse(token);
  const pageUrl = new URL(page);
  const schemes =
    source.type === 'host' && source.scheme !== null
      ? [source.scheme, ...upgrades(source.scheme)]
      : source.type === 'scheme'
        ? [source.scheme, ...upgrades(source.scheme)]
        : WEB;
  const hosts =
    source.type === 'host'
      ? source.host === '*'
        ? [...HOSTS, '[::1]']
        : source.host.startsWith('*.')
          ? LABELS.map((label) => `${label}${source.host.slice(1)}`).concat(source.host.slice(2))
          : [source.host]
      : [pageUrl.hostname, ...HOSTS, '[::1]'];
  const ports = source.type === 'host' && source.port !== null && source.port !== '*' ? [source.port] : [];
  const pathBase = source.type === 'host' && source.path !== null ? source.path : '/';
  const shaped = fc
    .record({
      scheme: fc.constantFrom(...schemes),
      host: fc.constantFrom(...hosts),
      port: fc.constantFrom<string | null>(null, pageUrl.port || null, '80', '443', '8443', ...ports),
      tail: fc.constantFrom('', 'items', 'v1/items', 'x?page=2'),
    })
    .map(({ scheme, host, port, tail }) => {
      const path = pathBase.endsWith('/') ? `${pathBase}${tail}` : pathBase;
      return `${scheme}://${host}${port === null ? '' : `:${port}`}${path}`;
    });
  const special = fc.constantFrom('data:text/plain,hi', `blob:${pageUrl.origin}/2d1f`);
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: special });
}

function upgrades(scheme: string): string[] {
  if (scheme === 'http') return ['https', 'ws', 'wss'];
  if (scheme === 'ws') return ['wss', 'http', 'https'];
  if (scheme === 'https') return ['wss'];
  if (scheme === 'wss') return ['https'];
  return [];
}
