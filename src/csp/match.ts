// Which URLs a connect-src source expression lets through, per the CSP Level 3 algorithm and per
// the three browser engines where they differ from it (csp-semantics.md, rules 9-29).

import { chromiumMatches } from './engines/chromium.js';
import { geckoMatches } from './engines/gecko.js';
import { specMatches } from './engines/spec.js';
import { webkitMatches } from './engines/webkit.js';
import { type ParsedSource, parseSourceExpression } from './grammar.js';
import { type MatchTarget, parseMatchTarget, parsePageOrigin, type TupleOrigin } from './match-target.js';

export type Engine = 'spec' | 'chromium' | 'gecko' | 'webkit';

export const ENGINES: readonly Engine[] = ['spec', 'chromium', 'gecko', 'webkit'];

/**
 * Whether `source` allows a request to `url` from a page at `page`, in `engine`.
 * `url` is absolute; ws:/wss: URLs are given as written (the spec model rewrites them to
 * http(s) itself, the engines compare them as they are). Redirects are not modelled: paths
 * always apply. An unparsable `url` matches nothing; an unparsable `page` acts as an opaque origin.
 */
export function matchesSource(source: ParsedSource, url: string, page: string, engine: Engine): boolean {
  const target = parseMatchTarget(url);
  return target !== null && matchesTarget(source, target, parsePageOrigin(page), engine);
}

/**
 * Whether a source list allows `url`. Unparsable tokens are ignored; `'none'` matches nothing,
 * so a list of only `'none'` (or an empty list) blocks everything and `'none'` beside other
 * sources has no effect. Dropping a whole directive for a non-ASCII token is the policy
 * parser's job (rule 6), not this function's.
 */
export function sourceListAllows(
  sources: readonly string[],
  url: string,
  page: string,
  engine: Engine,
): boolean {
  const target = parseMatchTarget(url);
  if (target === null) return false;
  return listAllowsTarget(parseAll(sources), target, parsePageOrigin(page), engine);
}

/** True only when the spec and all three engines allow `url`: what a minimizer may rely on. */
export function allowsPortably(sources: readonly string[], url: string, page: string): boolean {
  const target = parseMatchTarget(url);
  if (target === null) return false;
  const parsed = parseAll(sources);
  const origin = parsePageOrigin(page);
  return ENGINES.every((engine) => listAllowsTarget(parsed, target, origin, engine));
}

/** The matcher on pre-parsed inputs, for callers that test many sources against one URL. */
export function matchesTarget(
  source: ParsedSource,
  target: MatchTarget,
  page: TupleOrigin | null,
  engine: Engine,
): boolean {
  switch (engine) {
    case 'spec':
      return specMatches(source, target, page);
    case 'chromium':
      return chromiumMatches(source, target, page);
    case 'gecko':
      return geckoMatches(source, target, page);
    case 'webkit':
      return webkitMatches(source, target, page);
  }
}

function listAllowsTarget(
  sources: readonly ParsedSource[],
  target: MatchTarget,
  page: TupleOrigin | null,
  engine: Engine,
): boolean {
  return sources.some((source) => matchesTarget(source, target, page, engine));
}

function parseAll(tokens: readonly string[]): ParsedSource[] {
  const parsed: ParsedSource[] = [];
  for (const token of tokens) {
    const source = parseSourceExpression(token);
    if (source !== null) parsed.push(source);
  }
  return parsed;
}
