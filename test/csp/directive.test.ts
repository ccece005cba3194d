import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covers } from '../../src/csp/covers.js';
import { buildDirective, type DirectiveInput } from '../../src/csp/directive.js';
import { emittableToken, PAGES, parse } from './source-arbitraries.js';

const inputsOf = (...sources: string[]): DirectiveInput[] =>
  sources.map((source, finding) => ({ source, finding }));

describe('buildDirective', () => {
  it("emits 'none' when there is nothing to allow", () => {
    const built = buildDirective([], null);
    expect(built.directive).toEqual({
      name: 'connect-src',
      sources: ["'none'"],
      value: "connect-src 'none'",
    });
    expect(built.sources).toEqual([{ expression: "'none'", findings: [], allowed: false }]);
    expect(built.coveredBy).toEqual([]);
  });

  it("drops 'none' beside any other source", () => {
    const built = buildDirective(inputsOf("'none'", 'https://api.example.com'), null);
    expect(built.directive.sources).toEqual(['https://api.example.com']);
    expect(built.coveredBy).toEqual(['https://api.example.com', 'https://api.example.com']);
  });

  it('orders self, keywords, scheme-sources, host-sources, each by code units', () => {
    const built = buildDirective(
      inputsOf(
        'wss://b.example',
        'data:',
        'https://z.example',
        "'self'",
        'https://b.example',
        'blob:',
        'https://a-b.example',
        'https://a.example',
      ),
      null,
    );
    expect(built.directive.sources).toEqual([
      "'self'",
      'blob:',
      'data:',
      'https://a-b.example',
      'https://a.example',
      'https://b.example',
      'https://z.example',
      'wss://b.example',
    ]);
    expect(built.directive.value).toBe(`connect-src ${built.directive.sources.join(' ')}`);
  });

  it('dedupes and drops sources another emitted source covers, recording who covers whom', () => {
    const built = buildDirective(
      [
        { source: 'https://api.example.com', finding: 3 },
        { source: 'https://api.example.com', finding: 1 },
        { source: 'https://*.example.com', finding: 0 },
        { source: 'wss://live.example.com', finding: 2 },
        { source: 'wss:', allowed: true },
        { source: 'https://example.com', finding: 4 },
      ],
      null,
    );
    expect(built.directive.sources).toEqual(['wss:', 'https://*.example.com', 'https://example.com']);
    expect(built.coveredBy).toEqual([
      'https://*.example.com',
      'https://*.example.com',
      'https://*.example.com',
      'wss:',
      'wss:',
      'https://example.com',
    ]);
    expect(built.sources).toEqual([
      { expression: 'wss:', findings: [2], allowed: true },
      { expression: 'https://*.example.com', findings: [0, 1, 3], allowed: false },
      { expression: 'https://example.com', findings: [4], allowed: false },
    ]);
  });

  it("replaces the page's own origin by 'self' only when the origin is known", () => {
    const sources = inputsOf("'self'", 'https://app.example.com', 'wss://app.example.com');
    expect(buildDirective(sources, 'https://app.example.com').directive.sources).toEqual(["'self'"]);
    expect(buildDirective(sources, null).directive.sources).toEqual([
      "'self'",
      'https://app.example.com',
      'wss://app.example.com',
    ]);
  });

  it('keeps the https and wss forms apart from http and ws when a port is explicit (rule 15)', () => {
    const built = buildDirective(inputsOf('http://api.example:8443', 'https://api.example:8443'), null);
    expect(built.directive.sources).toEqual(['http://api.example:8443', 'https://api.example:8443']);
    const noPort = buildDirective(inputsOf('ws://api.example', 'wss://api.example'), null);
    expect(noPort.directive.sources).toEqual(['ws://api.example']);
  });

  it('keeps the shorter of two equivalent spellings', () => {
    expect(
      buildDirective(inputsOf('https://api.example:443', 'https://api.example'), null).directive.sources,
    ).toEqual(['https://api.example']);
  });

  it('throws on a token it must never emit', () => {
    for (const bad of [
      '*',
      "'unsafe-inline'",
      'api.example',
      'https://api.example/v1/',
      'HTTPS://API.EXAMPLE',
      'a b',
      'https://x;',
    ]) {
      expect(() => buildDirective([{ source: bad }], null), bad).toThrow(/not an emittable source/);
    }
  });
});

describe('buildDirective: properties', () => {
  const scenario = fc.record({
    tokens: fc.array(emittableToken, { maxLength: 12 }),
    origin: fc.option(fc.constantFrom(...PAGES), { nil: null }),
  });
  const toInputs = (tokens: readonly string[]): DirectiveInput[] =>
    tokens.map((source, finding) => ({ source, finding, allowed: finding % 3 === 0 }));

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.record({
            s: fc.constant(s),
            order: fc.shuffledSubarray(toInputs(s.tokens), { minLength: s.tokens.length }),
          }),
        ),
        ({ s, order }) => {
          const a = buildDirective(toInputs(s.tokens), s.origin);
          const b = buildDirective(order, s.origin);
          expect(b.directive).toEqual(a.directive);
          expect(b.sources).toEqual(a.sources);
          // Each input keeps its cover, wherever it sits.
          order.forEach((input, i) => {
            expect(b.coveredBy[i]).toBe(a.coveredBy[input.finding ?? -1]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(scenario, ({ tokens, origin }) => {
        const once = buildDirective(toInputs(tokens), origin).directive;
        const twice = buildDirective(
          once.sources.map((source) => ({ source })),
          origin,
        ).directive;
        expect(twice).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it('emits no source that another emitted source covers, and covers every input', () => {
    fc.assert(
      fc.property(scenario, ({ tokens, origin }) => {
        const built = buildDirective(toInputs(tokens), origin);
        const emitted = built.directive.sources;
        for (const x of emitted) {
          for (const y of emitted) {
            if (x !== y) expect(covers(parse(y), parse(x), origin), `${y} covers ${x}`).toBe(false);
          }
        }
        tokens.forEach((token, i) => {
          const cover = built.coveredBy[i];
          expect(cover !== undefined && emitted.includes(cover)).toBe(true);
          expect(covers(parse(cover ?? "'none'"), parse(token), origin), `${cover} covers ${token}`).toBe(
            true,
          );
        });
        expect(new Set(emitted).size).toBe(emitted.length);
      }),
      { numRuns: 300 },
    );
  });

  it('lists each finding under exactly the source that covers it', () => {
    fc.assert(
      fc.property(scenario, ({ tokens, origin }) => {
        const built = buildDirective(toInputs(tokens), origin);
        tokens.forEach((_, finding) => {
          const holders = built.sources.filter((entry) => entry.findings.includes(finding));
          expect(holders.map((h) => h.expression)).toEqual([built.coveredBy[finding]]);
        });
      }),
      { numRuns: 200 },
    );
  });
});
