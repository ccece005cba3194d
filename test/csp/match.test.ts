import { describe, expect, it } from 'vitest';
import { parseSourceExpression } from '../../src/csp/grammar.js';
import { allowsPortably, ENGINES, matchesSource, sourceListAllows } from '../../src/csp/match.js';
import { MATRIX_ROWS, SEMANTICS_VECTORS } from './match-vectors.js';

const yes = (flag: string): boolean => flag === 'Y' || flag === 'allow';

function parsed(token: string) {
  const source = parseSourceExpression(token);
  if (!source) throw new Error(`test source does not parse: ${token}`);
  return source;
}

describe('csp-semantics.md test vectors', () => {
  describe.each(SEMANTICS_VECTORS)('#$n $sources · $page · $url', (vector) => {
    it(`spec: ${vector.spec}`, () => {
      expect(sourceListAllows(vector.sources, vector.url, vector.page, 'spec')).toBe(yes(vector.spec));
    });
    it(`Chromium 156: ${vector.chromium}`, () => {
      expect(sourceListAllows(vector.sources, vector.url, vector.page, 'chromium')).toBe(
        yes(vector.chromium),
      );
    });
    it(`portable: ${vector.portable}`, () => {
      expect(allowsPortably(vector.sources, vector.url, vector.page)).toBe(vector.portable === 'Y');
      if (vector.portable === 'Y*') {
        for (const engine of ['chromium', 'gecko', 'webkit'] as const) {
          expect(sourceListAllows(vector.sources, vector.url, vector.page, engine), engine).toBe(true);
        }
      }
    });
    if (vector.gecko !== undefined || vector.webkit !== undefined) {
      it(`Gecko ${vector.gecko ?? '-'}, WebKit ${vector.webkit ?? '-'} (from the rules' prose)`, () => {
        if (vector.gecko !== undefined) {
          expect(sourceListAllows(vector.sources, vector.url, vector.page, 'gecko')).toBe(yes(vector.gecko));
        }
        if (vector.webkit !== undefined) {
          expect(sourceListAllows(vector.sources, vector.url, vector.page, 'webkit')).toBe(
            yes(vector.webkit),
          );
        }
      });
    }
  });
});

describe('csp-chromium-matrix.md rows', () => {
  it.each(MATRIX_ROWS)('$id: spec $spec, Chromium $chromium', (row) => {
    expect(sourceListAllows(row.sources, row.url, row.page, 'spec'), 'spec').toBe(yes(row.spec));
    expect(sourceListAllows(row.sources, row.url, row.page, 'chromium'), 'chromium').toBe(yes(row.chromium));
  });
});

describe('matchesSource', () => {
  const page = 'https://app.example';

  it('never matches a URL with keyword, nonce or hash sources', () => {
    const tokens = ["'none'", "'unsafe-inline'", "'strict-dynamic'", "'nonce-abc123'", "'sha256-YWJj'"];
    for (const token of tokens) {
      for (const engine of ENGINES) {
        expect(
          matchesSource(parsed(token), 'https://app.example/a', page, engine),
          `${token} ${engine}`,
        ).toBe(false);
      }
    }
  });

  it('matches nothing for an unparsable URL', () => {
    for (const engine of ENGINES) expect(matchesSource(parsed('*'), 'not a url', page, engine)).toBe(false);
  });

  it("treats an unparsable page as an opaque origin: no 'self', no scheme-less sources", () => {
    for (const engine of ENGINES) {
      expect(matchesSource(parsed("'self'"), 'https://app.example/', 'nonsense', engine), engine).toBe(false);
      expect(matchesSource(parsed('app.example'), 'https://app.example/', 'nonsense', engine), engine).toBe(
        false,
      );
      expect(matchesSource(parsed('https:'), 'https://app.example/', 'nonsense', engine), engine).toBe(true);
    }
  });

  it('refuses IP hosts for every host-source in the spec, even a wildcard host, but not in engines', () => {
    const url = 'http://192.168.0.7:8080/a';
    expect(matchesSource(parsed('http://*:*'), url, page, 'spec')).toBe(false);
    expect(matchesSource(parsed('http://*:*'), url, page, 'chromium')).toBe(true);
    expect(matchesSource(parsed('http://*:*'), 'http://[::1]:8080/', page, 'spec')).toBe(false);
    // The URL parser canonicalises IPv4 spellings before the engines compare strings.
    expect(matchesSource(parsed('http://127.0.0.1:8080'), 'http://0x7f.1:8080/', page, 'webkit')).toBe(true);
  });

  it('upgrades 80 to 443 only together with http to https in Chromium (rule 16)', () => {
    expect(matchesSource(parsed('https://api.example:80'), 'https://api.example/', page, 'chromium')).toBe(
      false,
    );
    expect(matchesSource(parsed('https://api.example:80'), 'https://api.example/', page, 'gecko')).toBe(true);
    expect(matchesSource(parsed('https://api.example:80'), 'https://api.example/', page, 'spec')).toBe(false);
  });

  it('keeps path segments apart in the spec, but decodes before comparing in engines', () => {
    const source = parsed('https://api.example/a/');
    const url = 'https://api.example/a%2Fb';
    expect(matchesSource(source, url, page, 'spec')).toBe(false);
    expect(matchesSource(source, url, page, 'chromium')).toBe(true);
  });

  it("lets 'self' reach the page's blob: URLs only in the spec (rule 11)", () => {
    const blob = 'blob:https://app.example/5f0e';
    expect(matchesSource(parsed("'self'"), blob, page, 'spec')).toBe(true);
    for (const engine of ['chromium', 'gecko', 'webkit'] as const) {
      expect(matchesSource(parsed("'self'"), blob, page, engine), engine).toBe(false);
    }
  });

  it("keeps 'self' on an https page away from ws: everywhere", () => {
    for (const engine of ENGINES) {
      expect(matchesSource(parsed("'self'"), 'ws://app.example/ws', page, engine), engine).toBe(false);
    }
  });
});

describe('sourceListAllows', () => {
  const page = 'http://app.example:8080';

  it("ignores unparsable tokens and a 'none' beside other sources", () => {
    const url = 'https://api.example/v1';
    expect(sourceListAllows(['api.*.example', 'https://api.example'], url, page, 'spec')).toBe(true);
    expect(sourceListAllows(["'none'", 'https://api.example'], url, page, 'chromium')).toBe(true);
    expect(sourceListAllows(["'none'"], url, page, 'spec')).toBe(false);
    expect(sourceListAllows(['api.*.example'], url, page, 'spec')).toBe(false);
  });

  it('lists the four models', () => {
    expect([...ENGINES]).toEqual(['spec', 'chromium', 'gecko', 'webkit']);
  });
});
