// Code frames: a few lines of context around a location, with a caret. Plain text (renderers add colour).

const CONTEXT = 1;
const MAX_WIDTH = 120;

export function codeFrame(text: string, line: number, column: number): string {
  return codeFrameOfLines(splitLines(text), line, column);
}

export function splitLines(text: string): readonly string[] {
  return text.split(/\r\n|\r|\n/);
}

/** For many frames from one file: split it once (a file with thousands of sinks stays linear). */
export function codeFrameOfLines(
  lines: readonly string[],
  line: number,
  column: number,
  context = CONTEXT,
): string {
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const gutter = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = lines[n - 1] ?? '';
    // Long (minified) lines are cut to a window around the column so a frame stays readable.
    const start = n === line ? Math.max(0, column - 1 - Math.floor(MAX_WIDTH / 2)) : 0;
    let shown = raw.slice(start, start + MAX_WIDTH);
    if (start > 0) shown = `…${shown}`;
    if (start + MAX_WIDTH < raw.length) shown = `${shown}…`;
    const visible = sanitize(shown);
    const marker = n === line ? '>' : ' ';
    out.push(`${marker} ${String(n).padStart(gutter)} | ${visible}`.trimEnd());
    if (n === line) {
      const offset = column - 1 - start + (start > 0 ? 1 : 0);
      const pad = sanitize(shown.slice(0, Math.max(0, offset))).replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(gutter)} | ${pad}^`);
    }
  }
  return out.join('\n');
}

/** Control characters from scanned code never reach a terminal or a report as-is. */
function sanitize(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '\ufffd');
}
