// Code assembled from pieces of a file plus a little glue, parsed once, with every position in the
// resulting AST moved back to the file. This is how a component's script blocks and the JavaScript
// in its markup become one module (so markup expressions see the script's constants), while every
// location and every label a finding shows still points into the original .vue or .svelte text.
import type { File } from '@babel/types';
import { parseScript, type ScriptLanguage } from './babel.js';
import type { LineIndex } from './positions.js';

/** A slice of the original text, or glue text that stands at one place in it (`at`). */
export type Piece =
  | { readonly t: 'original'; readonly start: number; readonly end: number }
  | { readonly t: 'glue'; readonly text: string; readonly at: number };

export function original(start: number, end: number): Piece {
  return { t: 'original', start, end };
}

export function glue(text: string, at: number): Piece {
  return { t: 'glue', text, at };
}

interface Span {
  readonly synth: number;
  readonly length: number;
  /** Original offset of the span's first character; for glue, the place every character maps to. */
  readonly orig: number;
  readonly glue: boolean;
}

export class SyntheticCode {
  private readonly chunks: string[] = [];
  private readonly spans: Span[] = [];
  private length = 0;

  constructor(private readonly source: string) {}

  add(...pieces: readonly Piece[]): this {
    for (const piece of pieces) {
      const text = piece.t === 'original' ? this.source.slice(piece.start, piece.end) : piece.text;
      if (text.length === 0) continue;
      this.chunks.push(text);
      this.spans.push({
        synth: this.length,
        length: text.length,
        orig: piece.t === 'original' ? piece.start : piece.at,
        glue: piece.t === 'glue',
      });
      this.length += text.length;
    }
    return this;
  }

  get code(): string {
    return this.chunks.join('');
  }

  /** The original offset of a synthetic one; `end` reads it as an exclusive end. */
  toOriginal(offset: number, end: boolean): number {
    if (this.spans.length === 0) return 0;
    const probe = end && offset > 0 ? offset - 1 : offset;
    const span = this.spanAt(probe);
    if (span.glue) return span.orig;
    const inside = Math.min(Math.max(probe - span.synth, 0), span.length - 1);
    return span.orig + inside + (end && offset > 0 ? 1 : 0);
  }

  private spanAt(offset: number): Span {
    let low = 0;
    let high = this.spans.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.spans[mid]?.synth ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return this.spans[low] as Span;
  }
}

export type SyntheticResult =
  | { readonly ok: true; readonly ast: File }
  | {
      readonly ok: false;
      readonly reason: string;
      /** In the original file: 1-based line and column. */
      readonly line: number;
      readonly column: number;
    };

/** Parses synthetic code as a module and maps the AST (or the error) back to the original file. */
export function parseSynthetic(
  synthetic: SyntheticCode,
  language: ScriptLanguage,
  lines: LineIndex,
): SyntheticResult {
  const result = parseScript(synthetic.code, language, undefined, 'module');
  if (!result.ok) {
    const at = lines.position(synthetic.toOriginal(result.index, false));
    return { ok: false, reason: result.reason, line: at.line, column: at.column + 1 };
  }
  remapPositions(result.ast, synthetic, lines);
  return { ok: true, ast: result.ast };
}

/**
 * Rewrites start, end and loc of every node (comments included) from synthetic to original
 * offsets. New loc objects are made rather than edited, since Babel may share Position objects
 * between a node and its first child.
 */
function remapPositions(ast: File, synthetic: SyntheticCode, lines: LineIndex): void {
  const seen = new WeakSet<object>();
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    const node = value as Record<string, unknown>;
    if (typeof node.type === 'string' && typeof node.start === 'number' && typeof node.end === 'number') {
      const start = synthetic.toOriginal(node.start, false);
      const end = Math.max(start, synthetic.toOriginal(node.end, true));
      const loc = node.loc as { filename?: string; identifierName?: string | null } | undefined;
      node.start = start;
      node.end = end;
      node.loc = {
        start: lines.position(start),
        end: lines.position(end),
        filename: loc?.filename,
        identifierName: loc?.identifierName,
      };
      const extra = node.extra as Record<string, unknown> | undefined;
      if (extra && typeof extra.parenStart === 'number') {
        extra.parenStart = synthetic.toOriginal(extra.parenStart, false);
      }
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'extra') continue;
      const child = node[key];
      if (child && typeof child === 'object') stack.push(child);
    }
  }
}
