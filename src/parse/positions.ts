/** A place in a file: 1-based line, 0-based column (as Babel counts), and the offset. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
  readonly index: number;
}

/**
 * Offset -> line and column, with the line breaks code frames use (CRLF, CR, LF), so a location
 * computed here points at the same line a frame shows.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // Without a CR every break is an LF: indexOf finds them far faster than a loop over chars.
    if (!text.includes('\r')) {
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) {
        this.starts.push(i + 2);
        i++;
      } else if (c === 10 || c === 13) {
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): TextPosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] ?? 0), index: offset };
  }
}
