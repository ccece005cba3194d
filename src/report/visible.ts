// Scanned code, file names and values reach the terminal through the text format. Control
// characters (ANSI escapes, carriage returns) and bidi controls ("Trojan Source") in them
// could repaint the screen or hide text, so they are shown as \u{…} escapes instead.

const BIDI_AND_SEPARATORS = new Set([0x061c, 0x200e, 0x200f, 0x2028, 0x2029]);

function isUnsafe(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    BIDI_AND_SEPARATORS.has(code)
  );
}

function escapeUnsafe(text: string, keep: ReadonlySet<string>): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += isUnsafe(code) && !keep.has(ch) ? `\\u{${code.toString(16)}}` : ch;
  }
  return out;
}

const NOTHING: ReadonlySet<string> = new Set();
const TAB_AND_LINE_FEED: ReadonlySet<string> = new Set(['\t', '\n']);

/** For one-line fields: every control character, line breaks included, is escaped. */
export function visibleLine(text: string): string {
  return escapeUnsafe(text, NOTHING);
}

/** For multi-line blocks such as code frames: tabs and line feeds stay. */
export function visibleBlock(text: string): string {
  return escapeUnsafe(text, TAB_AND_LINE_FEED);
}
