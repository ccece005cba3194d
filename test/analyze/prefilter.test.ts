// Forms the benchmark found the first pre-filter missed: each must reach the parser.
import { describe, expect, it } from 'vitest';
import { mayHoldSink } from '../../src/analyze/prefilter.js';

describe('pre-filter', () => {
  for (const code of [
    "import f from 'unfetch'; f('https://a.example')",
    "import http from 'ky-universal'; http.get('https://b.example')",
    "req.open?.('POST', url)",
    "req['open']('GET', url)",
  ]) {
    it(`lets through ${code}`, () => expect(mayHoldSink(code)).toBe(true));
  }
  it('passes over a file with no sink word', () =>
    expect(mayHoldSink('export const mapping = prefetched + 1;')).toBe(false));
});
