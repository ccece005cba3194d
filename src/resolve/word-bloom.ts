// A per-text Bloom filter of words, for wrapper lookups (see Project.filesWithWord).
//
// A lookup asks which set-aside texts hold a name as a whole word. A map from every word of every
// text to its files answers that, but building it allocates a string per word: 0.7-1 s on the
// npm corpus's 30 MB set aside. A Bloom filter per text is built from char codes alone, with no
// allocation per word, and answers "certainly not here" or "maybe": a maybe is then checked on
// the text itself, so a filter only saves work and never decides an answer.
//
// Words are split as wordsOf does (src/analyze/prefilter.ts): runs of identifier characters, `$`
// included; past ASCII, Unicode's ID_Continue and the two joiners. Every whole word of a text is
// in its filter: a word missing from it would be a wrapper call never looked at.

import { isWordCode } from '../analyze/prefilter.js';

/** Identifier characters past ASCII, tried at one position (sticky): one code point, 1 or 2 units. */
const ID_CONTINUE = /[\p{ID_Continue}$\u200c\u200d]/uy;

/** isWordCode as a table, for the per-character loop. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = isWordCode(c) ? 1 : 0;

/** Bits per char of text: a text of n chars has at most n/2 words, so at least 4 bits per word. */
const BITS_PER_CHAR = 2;
const MIN_BITS = 256;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The filter of a text's words: a bit array whose length is a power of two, at least 256 bits. */
export function wordBloom(text: string): Uint32Array {
  let bits = MIN_BITS;
  while (bits < text.length * BITS_PER_CHAR && bits < 1 << 30) bits *= 2;
  const filter = new Uint32Array(bits >>> 5);
  const mask = bits - 1;
  const length = text.length;
  let hash = FNV_OFFSET;
  let inWord = false;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    // How many units the character at i takes if it is a word character (2 for a pair past
    // U+FFFF, as the regex reads it), else 0.
    const width = c < 128 ? (ASCII_WORD[c] ?? 0) : wideWordWidth(text, i);
    if (width === 1 && c < 128) {
      hash = Math.imul(hash ^ c, FNV_PRIME);
      inWord = true;
      i++;
    } else if (width > 0) {
      for (const end = i + width; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
      inWord = true;
    } else {
      if (inWord) {
        add(filter, mask, hash);
        inWord = false;
      }
      hash = FNV_OFFSET;
      i += c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    }
  }
  if (inWord) add(filter, mask, hash);
  return filter;
}

/** The width of the word character at `at`, past ASCII: 1, 2 for a pair past U+FFFF, or 0. */
function wideWordWidth(text: string, at: number): number {
  ID_CONTINUE.lastIndex = at;
  return ID_CONTINUE.test(text) ? ID_CONTINUE.lastIndex - at : 0;
}

/** The hash a filter keeps a word by: ask mayHold with it (one hash for every text asked). */
export function wordHash(word: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** False when the word of `hash` (see wordHash) is certainly not a whole word of the filter's text. */
export function mayHold(filter: Uint32Array, hash: number): boolean {
  const mask = filter.length * 32 - 1;
  const a = hash & mask;
  const b = remix(hash) & mask;
  return ((filter[a >>> 5] ?? 0) & (1 << (a & 31))) !== 0 && ((filter[b >>> 5] ?? 0) & (1 << (b & 31))) !== 0;
}

/** Sets the word's two bits: one from its hash, one from a remix of it (so the two are independent). */
function add(filter: Uint32Array, mask: number, hash: number): void {
  const a = hash & mask;
  const b = remix(hash) & mask;
  filter[a >>> 5] = (filter[a >>> 5] ?? 0) | (1 << (a & 31));
  filter[b >>> 5] = (filter[b >>> 5] ?? 0) | (1 << (b & 31));
}

function remix(hash: number): number {
  return (Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) ^ (hash >>> 13)) >>> 0;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** `word` as a whole word by wordsOf's rules (identifier characters past ASCII included). */
export function wholeWord(word: string): RegExp {
  const escaped = word.replace(/[$]/g, '\\$&');
  return new RegExp(
    `(?<![\\p{ID_Continue}$\\u200c\\u200d])${escaped}(?![\\p{ID_Continue}$\\u200c\\u200d])`,
    'u',
  );
}
