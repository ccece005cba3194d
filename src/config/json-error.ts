// JSON.parse says what went wrong but, on Node 20, often not where (a trailing comma gives
// `Unexpected token ']', ..."le.com",]\n}" is not valid JSON`). After it fails, this small
// scanner walks the text by the JSON grammar (RFC 8259) to find the first bad character, so
// the message can say `file:line:col` and name the usual mistakes.

import { describe } from './describe.js';

interface Located {
  readonly offset: number;
  readonly reason: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING_CHAR = /[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The first offset where `text` stops being JSON, with a reason; null if it parses. */
export function locateJsonError(text: string): Located | null {
  let i = 0;

  const unexpected = (): Stop => {
    if (i >= text.length) return new Stop(i, 'unexpected end of file');
    const rest = text.slice(i);
    if (rest.startsWith('//') || rest.startsWith('/*'))
      return new Stop(i, 'comments are not allowed in JSON');
    if (rest.startsWith("'")) return new Stop(i, 'strings must use double quotes');
    const ch = String.fromCodePoint(rest.codePointAt(0) ?? 0);
    // Printable ASCII in single quotes, because the usual culprit is a double quote (and `'` was
    // handled above); anything else JSON-escaped, so the message stays on one line.
    return new Stop(i, `unexpected ${/^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : describe(ch)}`);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const expect = (ch: string): void => {
    if (text[i] !== ch) throw unexpected();
    i++;
  };
  const string = (): void => {
    expect('"');
    while (text[i] !== '"') {
      STRING_CHAR.lastIndex = i;
      if (!STRING_CHAR.test(text))
        throw i >= text.length ? unexpected() : new Stop(i, 'invalid character in string');
      i = STRING_CHAR.lastIndex;
    }
    i++;
  };
  const list = (close: string, item: () => void): void => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text[i] === close) {
        i++;
        return;
      }
      const comma = i;
      if (text[i] !== ',') {
        const stop = unexpected();
        throw new Stop(stop.offset, `${stop.reason}; expected ',' or '${close}'`);
      }
      i++;
      skipSpace();
      if (text[i] === close) throw new Stop(comma, 'a trailing comma is not allowed in JSON');
    }
  };
  const value = (): void => {
    skipSpace();
    const ch = text[i];
    if (ch === '{') {
      list('}', () => {
        if (text[i] !== '"' && /[A-Za-z_$]/.test(text[i] ?? ''))
          throw new Stop(i, 'property names must be double-quoted');
        string();
        skipSpace();
        expect(':');
        value();
      });
    } else if (ch === '[') {
      list(']', value);
    } else if (ch === '"') {
      string();
    } else {
      for (const word of ['true', 'false', 'null']) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return;
        }
      }
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) throw unexpected();
      i = NUMBER.lastIndex;
    }
  };

  try {
    value();
    skipSpace();
    if (i < text.length) throw unexpected();
    return null;
  } catch (error) {
    // A RangeError (absurd nesting) has no position to offer.
    if (error instanceof Stop) return { offset: error.offset, reason: error.reason };
    return null;
  }
}

/** `file:line:col: invalid JSON: reason`, or without a position when none can be found. */
export function jsonErrorMessage(text: string, shown: string, error: unknown): string {
  const located = locateJsonError(text);
  if (located === null) {
    const raw = error instanceof Error ? error.message : String(error);
    return `${shown}: invalid JSON: ${raw.split('\n')[0] ?? raw}`;
  }
  const before = text.slice(0, located.offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `${shown}:${line}:${column}: invalid JSON: ${located.reason}`;
}
