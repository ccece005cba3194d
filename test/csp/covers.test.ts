import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covers } from '../../src/csp/covers.js';
import { allowsPortably } from '../../src/csp/match.js';
import { PAGES, parse, sourceToken, urlsNear, widened } from './source-arbitraries.js';

const PS = 'https://app.example';
const P = 'http://app.example:8080';

/** [a, b, origin, expected covers(a, b)] */
type Case = readonly [string, string, string | null, boolean];

const CASES: readonly Case[] = [
  // identical, and canonically equal spellings
  ['https://api.example', 'https://api.example', null, true],
  ['HTTPS://API.EXAMPLE', 'https://api.example', null, true],
  ['https://api.example', 'https://api.example:443', null, true],
  ['https://api.example:443', 'https://api.example', null, true],
  // `*`: web schemes and scheme-less hosts, never data:/blob: or other schemes
  ['*', 'https://api.example', null, true],
  ['*', 'http://api.example:8080/v1/', null, true],
  ['*', 'ws://api.example', null, true],
  ['*', 'wss://api.example:8443', null, true],
  ['*', 'api.example:8080', null, true],
  ['*', 'https:', null, true],
  ['*', 'data:', null, false],
  ['*', 'blob:', null, false],
  ['*', 'ftp://files.example', null, false],
  ['https://api.example', '*', null, false],
  // scheme-sources
  ['http:', 'http://api.example', null, true],
  ['http:', 'https://api.example:8443', null, true],
  ['http:', 'https:', null, true],
  ['http:', 'ws://api.example', null, false],
  ['https:', 'https://api.example', null, true],
  ['https:', 'http://api.example', null, false],
  ['https:', 'wss://api.example', null, false],
  ['https:', 'http:', null, false],
  ['ws:', 'ws://api.example:8080', null, true],
  ['ws:', 'wss://api.example', null, true],
  ['ws:', 'wss:', null, true],
  ['ws:', 'http://api.example', null, false],
  ['wss:', 'wss://api.example', null, true],
  ['wss:', 'ws://api.example', null, false],
  ['wss:', 'https://api.example', null, false],
  ['data:', 'data:', null, true],
  ['data:', 'blob:', null, false],
  ['blob:', 'data:', null, false],
  ['https://api.example', 'https:', null, false],
  ['https://*', 'https:', null, false],
  // host-sources: scheme upgrades only without an explicit port (vector 17, rule 15)
  ['http://api.example', 'https://api.example', null, true],
  ['http://api.example:8443', 'https://api.example:8443', null, false],
  ['http://api.example:*', 'https://api.example:8443', null, true],
  ['ws://app.example', 'wss://app.example', null, true],
  ['ws://app.example:8080', 'wss://app.example:8080', null, false],
  ['https://api.example', 'http://api.example', null, false],
  ['http://api.example', 'ws://api.example', null, false],
  // 80 is 443 only in the engines (rule 16), so `:80` is narrower than no port
  ['http://api.example:80', 'https://api.example', null, false],
  ['http://api.example:80', 'http://api.example', null, false],
  ['http://api.example', 'http://api.example:80', null, true],
  // hosts: wildcards cover deeper names, never their apex
  ['https://*.example.com', 'https://api.example.com', null, true],
  ['https://*.example.com', 'https://a.b.example.com', null, true],
  ['https://*.example.com', 'https://*.api.example.com', null, true],
  ['https://*.example.com', 'https://example.com', null, false],
  ['https://*.api.example.com', 'https://*.example.com', null, false],
  ['https://*', 'https://api.example.com', null, true],
  ['https://*', 'https://*.example.com', null, true],
  ['https://api.example.com', 'https://api.example.com.', null, false],
  // ports
  ['https://api.example:*', 'https://api.example:8443', null, true],
  ['https://api.example:*', 'https://api.example', null, true],
  ['https://api.example:8443', 'https://api.example:*', null, false],
  ['https://api.example', 'https://api.example:8443', null, false],
  ['http://127.0.0.1:8080', 'http://127.0.0.1:9090', null, false],
  // paths
  ['https://api.example', 'https://api.example/v1/', null, true],
  ['https://api.example/', 'https://api.example/v1/items', null, true],
  ['https://api.example/v1/', 'https://api.example/v1/items', null, true],
  ['https://api.example/v1/', 'https://api.example/v1/x/', null, true],
  ['https://api.example/v1/', 'https://api.example/v1', null, false],
  ['https://api.example/v1', 'https://api.example/v1/', null, false],
  ['https://api.example/v1/', 'https://api.example', null, false],
  ['https://api.example/a%20b/', 'https://api.example/a b/c'.replace(' ', '%20'), null, true],
  // 'self' against explicit sources, with a known origin
  ["'self'", 'https://app.example', PS, true],
  ["'self'", 'wss://app.example', PS, true],
  ["'self'", 'https://app.example/v1/', PS, true],
  ["'self'", 'ws://app.example', PS, false],
  ["'self'", 'http://app.example', PS, false],
  ["'self'", 'http://app.example:8080', P, true],
  ["'self'", 'ws://app.example:8080', P, true],
  ["'self'", 'https://app.example:8080', P, true],
  ["'self'", 'https://app.example:8443', P, false],
  ["'self'", 'https://app.example', null, false],
  ["'self'", 'https://api.example', PS, false],
  // Only what 'self' portably allows counts, and that includes wss: (rule 14)
  ['https://app.example', "'self'", PS, false],
  ['https:', "'self'", PS, false],
  ['*', "'self'", PS, true],
  ['*', "'self'", null, true],
  ["'self'", '*', PS, false],
  // keywords
  ['https://api.example', "'none'", null, true],
  ["'none'", 'https://api.example', null, false],
  ["'unsafe-inline'", 'https://api.example', null, false],
  ['*', "'unsafe-inline'", null, false],
];

describe('covers', () => {
  it.each(CASES)('covers(%s, %s) with origin %s is %s', (a, b, origin, expected) => {
    expect(covers(parse(a), parse(b), origin)).toBe(expected);
  });
});

describe('covers: properties, with the matcher as the oracle', () => {
  const origin = fc.option(fc.constantFrom(...PAGES), { nil: null });

  /** A covering pair, with URLs near b on some page the claim is about. */
  const scenario = fc
    .record({ b: sourceToken, origin })
    .chain(({ b, origin }) =>
      fc.record({
        a: fc.oneof(widened(b), sourceToken),
        b: fc.constant(b),
        origin: fc.constant(origin),
        // With no origin, covers speaks for every page; probe several, hosts of the sources included.
        page: origin === null ? fc.constantFrom(...PAGES) : fc.constant(origin),
      }),
    )
    .chain((s) =>
      fc.record({
        s: fc.constant(s),
        urls: fc.array(urlsNear(s.b, s.page), { minLength: 20, maxLength: 20 }),
      }),
    );

  it('whenever a covers b, a allows every URL b allows, in all four models', () => {
    let covered = 0;
    fc.assert(
      fc.property(scenario, ({ s, urls }) => {
        if (!covers(parse(s.a), parse(s.b), s.origin)) return;
        covered++;
        for (const url of urls) {
          if (allowsPortably([s.b], url, s.page)) {
            expect(allowsPortably([s.a], url, s.page), `${s.a} ⊇ ${s.b} at ${url} on ${s.page}`).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
    // The generator must produce covering pairs often enough for this to mean something.
    expect(covered).toBeGreaterThan(300);
  });

  it('is reflexive', () => {
    fc.assert(
      fc.property(sourceToken, origin, (x, o) => {
        expect(covers(parse(x), parse(x), o)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is transitive', () => {
    const triple = sourceToken.chain((c) =>
      widened(c).chain((b) => fc.tuple(fc.oneof(widened(b), sourceToken), fc.constant(b), fc.constant(c))),
    );
    let chains = 0;
    fc.assert(
      fc.property(triple, origin, ([a, b, c], o) => {
        const [pa, pb, pc] = [parse(a), parse(b), parse(c)];
        if (covers(pa, pb, o) && covers(pb, pc, o)) {
          chains++;
          expect(covers(pa, pc, o), `${a} ⊇ ${b} ⊇ ${c}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(chains).toBeGreaterThan(300);
  });
});
