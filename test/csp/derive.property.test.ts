import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Derivation, deriveSource } from '../../src/csp/derive.js';
import { isEmittableSource } from '../../src/csp/grammar.js';
import type { SinkKind, UrlPiece } from '../../src/types.js';

const RUNS = { numRuns: 3000 };

const text = (value: string): UrlPiece => ({ t: 'text', value });
const hole = (label: string): UrlPiece => ({ t: 'hole', label, reason: 'not a constant' });

function derive(pieces: readonly UrlPiece[], sink: SinkKind, origin: string | null = null): Derivation {
  return deriveSource({ pieces, sink }, origin);
}

function parse(input: string): URL | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

// --- URLs built from parts, so that every part the parser normalises is exercised ----------

const asciiLabel = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/)
  .filter((label) => !label.startsWith('xn--'));
const idnLabel = fc.constantFrom(
  'bücher',
  '例え',
  'münchen',
  'ελληνικά',
  'straße',
  'café',
  'пример',
  'ｆｕｌｌ',
);
const topLabel = fc.oneof(fc.stringMatching(/^[a-z]{2,6}$/), fc.constantFrom('рф', 'みんな'));
const domainHost = fc
  .tuple(fc.array(fc.oneof(asciiLabel, idnLabel), { minLength: 1, maxLength: 3 }), topLabel, fc.boolean())
  .chain(([labels, top, trailingDot]) =>
    fc.mixedCase(fc.constant(`${[...labels, top].join('.')}${trailingDot ? '.' : ''}`)),
  );
const ipv4Host = fc.oneof(fc.ipV4(), fc.ipV4Extended());
const ipv6Host = fc.ipV6().map((address) => `[${address}]`);

const webScheme = fc.mixedCase(fc.constantFrom('http', 'https', 'ws', 'wss'));
const httpScheme = fc.mixedCase(fc.constantFrom('http', 'https'));

function portFor(scheme: string): fc.Arbitrary<string> {
  const defaultPort = /^(?:http|ws)$/i.test(scheme) ? '80' : '443';
  return fc.oneof(
    fc.constant(''),
    fc.constant(':'),
    fc.constant(`:${defaultPort}`),
    fc.constant(`:0${defaultPort}`),
    fc.integer({ min: 0, max: 65535 }).map((port) => `:${port}`),
  );
}

const userinfo = fc.oneof(
  fc.constant(''),
  fc
    .tuple(fc.webSegment(), fc.option(fc.webSegment()))
    .map(([user, pass]) => `${user}${pass === null ? '' : `:${pass}`}@`),
);
const pathQueryFragment = fc
  .tuple(fc.webPath(), fc.option(fc.webQueryParameters()), fc.option(fc.webFragments()))
  .map(
    ([path, query, fragment]) =>
      `${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`,
  );

function absoluteUrl(scheme: fc.Arbitrary<string>, host: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return scheme.chain((s) =>
    fc
      .tuple(userinfo, host, portFor(s), pathQueryFragment)
      .map(([user, h, port, rest]) => `${s}://${user}${h}${port}${rest}`),
  );
}

const fetchLikeSink = fc.constantFrom<SinkKind>('fetch', 'xhr', 'event-source', 'beacon', 'ping');
const anySink = fc.constantFrom<SinkKind>('fetch', 'xhr', 'websocket', 'event-source', 'beacon', 'ping');
const anyOrigin = fc.constantFrom(
  null,
  'http://app.example:8080',
  'https://app.example',
  'http://localhost:5173',
);

/** The scheme CSP sees for a socket: the WebSocket constructor's http->ws rewrite. */
function socketScheme(protocol: string): string {
  return protocol === 'http:' || protocol === 'ws:' ? 'ws:' : 'wss:';
}

function firstCode(result: Derivation): string | undefined {
  return result.notes[0]?.code;
}

// --- Hostile material ------------------------------------------------------------------------

const hostileBits = fc.constantFrom(
  'https://',
  'http://',
  'wss://',
  '//',
  ':',
  '.',
  '@',
  '/',
  '\\',
  '?',
  '#',
  '[',
  ']',
  '%',
  '%2e',
  ';',
  ',',
  "'",
  '"',
  ' ',
  '\n',
  '\t',
  '\u0000',
  '\u007f',
  '\u00a0',
  '\u3002',
  '*',
  "'unsafe-inline'",
  "'self'",
  'script-src',
  'ü',
  'é',
  'a',
  'example',
  'com',
  '0x7f',
  '127',
  '8080',
  '_',
  '-',
);
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(hostileBits, { maxLength: 12 }).map((bits) => bits.join('')),
  fc
    .array(fc.oneof(hostileBits, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 10 })
    .map((bits) => bits.join('')),
);
/** Hosts made of what the URL parser lets through for special schemes but CSP forbids. */
const hostileHost = fc
  .array(
    fc.constantFrom(
      '*',
      ';',
      ',',
      "'",
      '"',
      '_',
      '!',
      '$',
      '&',
      '(',
      ')',
      '+',
      '=',
      '{',
      '}',
      '~',
      '`',
      'a',
      '.',
      'ü',
      '%2a',
      '%3b',
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((chars) => chars.join(''));
const anyPiece: fc.Arbitrary<UrlPiece> = fc.oneof(
  { weight: 4, arbitrary: hostileText.map(text) },
  { weight: 2, arbitrary: fc.constantFrom('path', 'tenant', 'port').map(hole) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<UrlPiece>(
      { t: 'page-origin' },
      { t: 'page-host' },
      { t: 'page-hostname' },
      { t: 'page-protocol' },
    ),
  },
);

/** The only `*` a source may hold is one the deriver wrote: a leading `*.` label or a `:*` port. */
function starsAreOurs(source: string): boolean {
  return !source.replace('://*.', '://').replace(/:\*$/, '').includes('*');
}

/** What every result must satisfy, whatever went in. */
function expectSafe(result: Derivation, sink: SinkKind): void {
  if (!result.ok) {
    expect(result.valueKind).toBe('unknown');
    expect(result.notes.length).toBeGreaterThan(0);
    return;
  }
  expect(isEmittableSource(result.source)).toBe(true);
  expect(result.source).toMatch(/^[\x21-\x7e]+$/);
  expect(result.valueKind === 'self').toBe(result.source === "'self'");
  if (result.source === "'self'") return;
  expect(result.source).not.toMatch(/[\s;,'"\\]/);
  expect(starsAreOurs(result.source)).toBe(true);
  expect(result.valueKind === 'wildcard').toBe(result.source.includes('*'));
  if (sink === 'websocket') expect(result.source).toMatch(/^wss?:/);
  else expect(result.source).toMatch(/^(?:https?:|data:$|blob:$)/);
}

describe('agreement with the WHATWG URL parser', () => {
  it('an absolute URL to a domain gives protocol//host, or the parser rejects it', () => {
    fc.assert(
      fc.property(absoluteUrl(webScheme, domainHost), fetchLikeSink, (input, sink) => {
        const url = parse(input);
        const result = derive([text(input)], sink);
        if (url === null) {
          expect(firstCode(result)).toBe('invalid-url');
        } else if (url.protocol === 'ws:' || url.protocol === 'wss:') {
          expect(firstCode(result)).toBe('unsupported-scheme');
        } else {
          expect(result).toMatchObject({
            ok: true,
            source: `${url.protocol}//${url.host}`,
            valueKind: 'exact',
          });
        }
      }),
      RUNS,
    );
  });

  it('a socket URL gives ws(s)://host, or invalid-url when the constructor would throw', () => {
    fc.assert(
      fc.property(absoluteUrl(webScheme, domainHost), (input) => {
        const url = parse(input);
        const result = derive([text(input)], 'websocket');
        if (url === null || url.href.includes('#')) {
          expect(firstCode(result)).toBe('invalid-url');
        } else {
          expect(result).toMatchObject({ ok: true, source: `${socketScheme(url.protocol)}//${url.host}` });
        }
      }),
      RUNS,
    );
  });

  it('an IPv4 host in any form the parser accepts comes out dotted-decimal with ip-literal', () => {
    fc.assert(
      fc.property(absoluteUrl(httpScheme, ipv4Host), (input) => {
        const url = parse(input);
        const result = derive([text(input)], 'fetch');
        if (url === null) {
          expect(firstCode(result)).toBe('invalid-url');
          return;
        }
        expect(url.hostname).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        expect(result).toMatchObject({ ok: true, source: `${url.protocol}//${url.host}` });
        expect(result.notes.map((note) => note.code)).toContain('ip-literal');
      }),
      RUNS,
    );
  });

  it('an IPv6 host gives the scheme-source with ipv6-literal', () => {
    fc.assert(
      fc.property(absoluteUrl(webScheme, ipv6Host), anySink, (input, sink) => {
        const url = parse(input);
        if (url === null || (sink === 'websocket' && url.href.includes('#'))) return fc.pre(false);
        const result = derive([text(input)], sink);
        const scheme = sink === 'websocket' ? socketScheme(url.protocol) : url.protocol;
        if (sink !== 'websocket' && (scheme === 'ws:' || scheme === 'wss:')) {
          expect(firstCode(result)).toBe('unsupported-scheme');
          return;
        }
        expect(result).toMatchObject({ ok: true, source: scheme });
        expect(result.notes[0]?.code).toBe('ipv6-literal');
      }),
      RUNS,
    );
  });

  it("is 'self' on the URL's own page and unchanged on another page", () => {
    fc.assert(
      fc.property(absoluteUrl(httpScheme, domainHost), (input) => {
        const url = parse(input);
        if (url === null) return fc.pre(false);
        expect(derive([text(input)], 'fetch', url.origin)).toMatchObject({ ok: true, source: "'self'" });
        expect(derive([text(input)], 'websocket', url.origin)).toMatchObject(
          url.href.includes('#') ? { ok: false } : { ok: true, source: "'self'" },
        );
        const elsewhere = derive([text(input)], 'fetch', 'https://page.invalid');
        expect(elsewhere).toMatchObject({ ok: true, source: `${url.protocol}//${url.host}` });
      }),
      RUNS,
    );
  });
});

describe('templates agree with their known part', () => {
  it('a complete authority then a hole gives the prefix source', () => {
    fc.assert(
      fc.property(
        httpScheme,
        domainHost,
        fc.constantFrom('', ':8443', ':80', ':443'),
        fc.constantFrom('', '/', '/api/', '?q=', '#'),
        fetchLikeSink,
        (scheme, host, port, terminator, sink) => {
          const known = `${scheme}://${host}${port}${terminator}`;
          const url = parse(`${scheme}://${host}${port}/`);
          if (url === null) return fc.pre(false);
          const result = derive([text(known), hole('path')], sink);
          if (port === '' && terminator === '' && host.endsWith('.')) {
            // `https://api.` + hole reads as a host that goes on in the hole, not as a path.
            expect(firstCode(result)).toBe('dynamic-origin');
            return;
          }
          expect(result).toMatchObject({
            ok: true,
            source: `${url.protocol}//${url.host}`,
            valueKind: 'prefix',
          });
        },
      ),
      RUNS,
    );
  });

  it('a hole for the first label gives *.suffix once at least two labels are known', () => {
    fc.assert(
      fc.property(webScheme, domainHost, fc.constantFrom('', '/x', ':8443/x'), (scheme, suffix, rest) => {
        const url = parse(`${scheme}://x.${suffix}${rest}`);
        if (!url?.hostname.startsWith('x.')) return fc.pre(false);
        const result = derive([text(`${scheme}://`), hole('tenant'), text(`.${suffix}${rest}`)], 'websocket');
        const known = url.hostname.slice(2);
        if (known.replace(/\.$/, '').split('.').length < 2) {
          expect(firstCode(result)).toBe('dynamic-origin');
          return;
        }
        const port = url.port === '' ? '' : `:${url.port}`;
        expect(result).toMatchObject({
          ok: true,
          source: `${socketScheme(url.protocol)}//*.${known}${port}`,
          valueKind: 'wildcard',
        });
        expect(result.notes[0]?.code).toBe('wildcard-host');
      }),
      RUNS,
    );
  });
});

describe('idempotence', () => {
  it('deriving from an emitted host-source or self gives it back', () => {
    const host = fc.oneof(domainHost, ipv4Host, ipv6Host);
    fc.assert(
      fc.property(absoluteUrl(webScheme, host), anySink, anyOrigin, (input, sink, origin) => {
        const first = derive([text(input)], sink, origin);
        // A scheme-source (for IPv6, data:, blob:) is not a URL, so it cannot be read back.
        fc.pre(first.ok && !first.source.endsWith(':'));
        if (!first.ok) return;
        const again = derive([text(first.source)], sink, origin);
        expect(again).toMatchObject({ ok: true, source: first.source });
      }),
      RUNS,
    );
  });
});

describe('no string from scanned code can taint the policy', () => {
  it('fully known text of any kind', () => {
    fc.assert(
      fc.property(hostileText, anySink, anyOrigin, (input, sink, origin) => {
        expectSafe(derive([text(input)], sink, origin), sink);
      }),
      { numRuns: 5000 },
    );
  });

  it('text, a hole, and more text', () => {
    fc.assert(
      fc.property(hostileText, hostileText, anySink, anyOrigin, (before, after, sink, origin) => {
        expectSafe(derive([text(before), hole('x'), text(after)], sink, origin), sink);
      }),
      { numRuns: 5000 },
    );
  });

  it('any sequence of pieces', () => {
    fc.assert(
      fc.property(fc.array(anyPiece, { maxLength: 6 }), anySink, anyOrigin, (pieces, sink, origin) => {
        expectSafe(derive(pieces, sink, origin), sink);
      }),
      { numRuns: 5000 },
    );
  });

  it('hosts full of characters CSP forbids, alone or around a hole', () => {
    fc.assert(
      fc.property(
        webScheme,
        hostileHost,
        hostileHost,
        anySink,
        anyOrigin,
        (scheme, host, suffix, sink, origin) => {
          expectSafe(derive([text(`${scheme}://${host}/x`)], sink, origin), sink);
          expectSafe(derive([text(`${scheme}://${host}`), hole('path')], sink, origin), sink);
          expectSafe(derive([text(`${scheme}://${host}:`), hole('port')], sink, origin), sink);
          expectSafe(derive([text(`${scheme}://`), hole('tenant'), text(`.${suffix}`)], sink, origin), sink);
        },
      ),
      RUNS,
    );
  });

  it('generated URLs of every shape', () => {
    const host = fc.oneof(domainHost, ipv4Host, ipv6Host);
    fc.assert(
      fc.property(absoluteUrl(webScheme, host), anySink, anyOrigin, (input, sink, origin) => {
        expectSafe(derive([text(input)], sink, origin), sink);
      }),
      RUNS,
    );
  });
});
