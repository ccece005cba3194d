// Builds the connect-src directive from the sources the findings need: dedupe, drop every source
// another one covers, sort. Pure, and independent of the order of its inputs.

import type { Directive, SourceEntry } from '../types.js';
import { compareStrings } from '../util/ordering.js';
import { covers } from './covers.js';
import { isEmittableSource, type ParsedSource, parseSourceExpression } from './grammar.js';

export interface DirectiveInput {
  readonly source: string;
  /** Index into Report.findings of the finding that needs this source. */
  readonly finding?: number;
  /** True when an `allow` entry (config or flag) asked for it. */
  readonly allowed?: boolean;
}

export interface BuiltDirective {
  readonly directive: Directive;
  readonly sources: readonly SourceEntry[];
  /** per input index: the emitted source that covers it */
  readonly coveredBy: readonly string[];
}

const NONE = "'none'";

/**
 * The smallest connect-src that portably allows every input source (see `covers`).
 *
 * Every input must already pass `isEmittableSource`; anything else throws, because callers
 * validate first and a bad token here is a bug, not user input. `'self'` comes first, then other
 * keywords, scheme-sources and host-sources, each group in code-unit order. With no inputs (or
 * only `'none'`) the directive is `connect-src 'none'`. Each input maps to the first emitted
 * source (in directive order) that covers it, and each SourceEntry lists the findings of the
 * inputs mapped to it.
 */
export function buildDirective(inputs: readonly DirectiveInput[], origin: string | null): BuiltDirective {
  const parsed = new Map<string, ParsedSource>();
  for (const input of inputs) {
    const source = parseSourceExpression(input.source);
    if (source === null || !isEmittableSource(input.source)) {
      throw new Error(
        `buildDirective: ${JSON.stringify(input.source)} is not an emittable source expression`,
      );
    }
    parsed.set(input.source, source);
  }
  if (parsed.size === 0) parsed.set(NONE, { type: 'keyword', keyword: NONE });

  const candidates = [...parsed.keys()];
  const emitted = candidates.filter((x) => !candidates.some((y) => y !== x && beats(y, x, parsed, origin)));
  emitted.sort(compareEmitted);

  const coverOf = (token: string): string => {
    const source = parsed.get(token);
    const cover = source && emitted.find((e) => e === token || covers(must(parsed, e), source, origin));
    if (cover === undefined) throw new Error(`buildDirective: nothing emitted covers ${token}`);
    return cover;
  };
  const coveredBy = inputs.map((input) => coverOf(input.source));

  const sources: SourceEntry[] = emitted.map((expression) => {
    const findings = new Set<number>();
    let allowed = false;
    inputs.forEach((input, i) => {
      if (coveredBy[i] !== expression) return;
      if (input.finding !== undefined) findings.add(input.finding);
      if (input.allowed === true) allowed = true;
    });
    return { expression, findings: [...findings].sort((a, b) => a - b), allowed };
  });

  return {
    directive: { name: 'connect-src', sources: emitted, value: `connect-src ${emitted.join(' ')}` },
    sources,
    coveredBy,
  };
}

/**
 * y makes x redundant: y covers x, and x does not cover y back (or, when the two are
 * equivalent, y is the shorter spelling, then the smaller in code-unit order). This is a strict
 * order, so exactly the unbeaten sources are emitted whatever the input order.
 */
function beats(
  y: string,
  x: string,
  parsed: ReadonlyMap<string, ParsedSource>,
  origin: string | null,
): boolean {
  const py = must(parsed, y);
  const px = must(parsed, x);
  if (!covers(py, px, origin)) return false;
  if (!covers(px, py, origin)) return true;
  return y.length !== x.length ? y.length < x.length : compareStrings(y, x) < 0;
}

function must(parsed: ReadonlyMap<string, ParsedSource>, token: string): ParsedSource {
  const source = parsed.get(token);
  if (source === undefined) throw new Error(`buildDirective: unknown source ${token}`);
  return source;
}

function group(token: string): number {
  if (token === "'self'") return 0;
  if (token.startsWith("'")) return 1;
  return token.endsWith(':') ? 2 : 3;
}

function compareEmitted(a: string, b: string): number {
  return group(a) - group(b) || compareStrings(a, b);
}
