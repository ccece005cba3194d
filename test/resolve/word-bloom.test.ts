// The Bloom filters that rule out set-aside texts for a wrapper's name (src/resolve/word-bloom.ts).
// A filter may say "maybe" for a word a text does not hold (that text is then checked), but never
// "no" for one it holds: that would be a wrapper call nobody looks at.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../src/analyze/prefilter.js';
import { mayHold, wholeWord, wordBloom, wordHash } from '../../src/resolve/word-bloom.js';

/** Pieces of code: ASCII words and punctuation, `$`, names past ASCII, joiners, pairs past U+FFFF. */
const piece = fc.constantFrom(
  'get',
  'fetch',
  '$api',
  '_x1',
  'получить',
  'é',
  '\u200d',
  '\u200c',
  '𝑥',
  '😀',
  '\ud835',
  '\udc65',
  '·',
  '٣',
  ' ',
  '.',
  '(',
  "'",
  '\n',
  '-',
  '€',
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

describe('wordBloom', () => {
  it('holds every word wordsOf finds, in texts with and without characters past ASCII', () => {
    fc.assert(
      fc.property(text, (t) => {
        const filter = wordBloom(t);
        for (const word of wordsOf(t)) expect(mayHold(filter, wordHash(word))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds every name the lookup would find in the text (wholeWord), not just what wordsOf splits', () => {
    // Project.filesWithWord asks the filter, then wholeWord: a name wholeWord matches must pass.
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
        const start = a % (t.length + 1);
        const name = t.slice(start, start + (b % 8) + 1);
        const words = wordsOf(name);
        if (words.size !== 1 || !words.has(name) || !wholeWord(name).test(t)) return;
        expect(mayHold(wordBloom(t), wordHash(name))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('holds the words of a real-sized text and rules out nearly every word it does not hold', () => {
    const held = Array.from({ length: 3000 }, (_, i) => `name${i}`);
    const t = held.map((word, i) => (i % 2 ? `${word}(x);` : `const ${word} = 1;`)).join('\n');
    const filter = wordBloom(t);
    for (const word of held) expect(mayHold(filter, wordHash(word))).toBe(true);
    const absent = Array.from({ length: 3000 }, (_, i) => `other${i}`);
    const maybes = absent.filter((word) => mayHold(filter, wordHash(word))).length;
    // Two bits per character of text and two bits per word: well under 5% pass.
    expect(maybes).toBeLessThan(150);
  });

  it('does not take a part of a word, or two words, for a word', () => {
    const filter = wordBloom('const getData = api.get_items; получитьДанные()');
    for (const word of ['getData', 'api', 'get_items', 'const', 'получитьДанные'])
      expect(mayHold(filter, wordHash(word))).toBe(true);
    // Parts of words: each is absent from so small a text unless two bits collide, which these do not.
    for (const word of ['get', 'Data', 'items', 'получить', 'apiget_items'])
      expect(mayHold(filter, wordHash(word))).toBe(false);
  });
});
