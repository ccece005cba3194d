// A small lexical walk over JavaScript inside markup: enough to find where a `{ ... }` expression
// ends, or where a keyword splits a block header, without being fooled by braces in strings,
// template literals, comments or regular expressions. It does not parse; Babel does that later.

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
// After these words a `/` starts a regular expression, not a division.
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
const REGEX_AFTER_CHAR = /[(,=:[!&|?{};+\-*%<>~^]/;
const WORD_CHAR = /[\w$\u0080-\uffff]/;

/**
 * Walks code from `start` to `end`, calling `visit` at every character that is code (not inside a
 * string, template text, comment or regular expression) with the bracket depth before it.
 * Returns the index at which `visit` returned true, or -1.
 */
export function scanCode(
  text: string,
  start: number,
  end: number,
  visit: (index: number, depth: number) => boolean,
): number {
  let depth = 0;
  let prevChar = '';
  let prevWord = '';
  let i = start;
  while (i < end) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      i = lineEnd(text, i, end);
      continue;
    }
    if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 || close + 2 > end ? end : close + 2;
      continue;
    }
    if (visit(i, depth)) return i;
    if (c === '"' || c === "'") {
      i = skipString(text, i, end);
      prevChar = c;
      prevWord = '';
      continue;
    }
    if (c === '`') {
      i = skipTemplate(text, i + 1, end);
      prevChar = c;
      prevWord = '';
      continue;
    }
    if (c === '/' && (prevChar === '' || REGEX_AFTER_CHAR.test(prevChar) || REGEX_AFTER_WORD.has(prevWord))) {
      const after = skipRegex(text, i, end);
      if (after !== -1) {
        i = after;
        prevChar = ')';
        prevWord = '';
        continue;
      }
    }
    if (WORD_CHAR.test(c)) {
      let j = i + 1;
      while (j < end && WORD_CHAR.test(text[j] ?? '')) j++;
      prevWord = text.slice(i, j);
      prevChar = 'a';
      i = j;
      continue;
    }
    if (OPENERS.has(c)) depth++;
    else if (CLOSERS.has(c)) depth = Math.max(0, depth - 1);
    prevChar = c;
    prevWord = '';
    i++;
  }
  return -1;
}

/** The index of the `closer` that ends an expression starting at `start`, or -1. */
export function findClosing(text: string, start: number, closer: string, end = text.length): number {
  return scanCode(text, start, end, (i, depth) => depth === 0 && text[i] === closer);
}

/** The first place in [start, end) where `word` stands alone as code at bracket depth 0, or -1. */
export function findTopLevelWord(text: string, start: number, end: number, word: string): number {
  return scanCode(
    text,
    start,
    end,
    (i, depth) =>
      depth === 0 &&
      text.startsWith(word, i) &&
      !WORD_CHAR.test(text[i - 1] ?? '') &&
      text[i - 1] !== '.' &&
      !WORD_CHAR.test(text[i + word.length] ?? ''),
  );
}

/** The first top-level `char` (depth 0, code) in [start, end), or -1. */
export function findTopLevelChar(text: string, start: number, end: number, char: string): number {
  return scanCode(text, start, end, (i, depth) => depth === 0 && text[i] === char);
}

function lineEnd(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && text[j] !== '\n' && text[j] !== '\r') j++;
  return j;
}

function skipString(text: string, i: number, end: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < end) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === quote) return j + 1;
    else if (c === '\n') return j;
    else j++;
  }
  return end;
}

/** From just after an opening backtick to just after its closing one, nested `${}` included. */
function skipTemplate(text: string, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
    } else if (c === '`') {
      return j + 1;
    } else if (c === '$' && text[j + 1] === '{') {
      const close = findClosing(text, j + 2, '}', end);
      if (close === -1) return end;
      j = close + 1;
    } else {
      j++;
    }
  }
  return end;
}

/** Just after a regular expression literal starting at `i`, or -1 when it is not one (no end on its line). */
function skipRegex(text: string, i: number, end: number): number {
  let j = i + 1;
  let inClass = false;
  while (j < end) {
    const c = text[j];
    if (c === '\n' || c === '\r') return -1;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      j++;
      while (j < end && /[a-z]/i.test(text[j] ?? '')) j++;
      return j;
    }
    j++;
  }
  return -1;
}
