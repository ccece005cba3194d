// `csp-connect check <policy-file>`: does a committed policy allow every source the code needs?
// Pure: the CLI reads the file and renders the result.

import { covers } from '../csp/covers.js';
import { type ParsedSource, parseSourceExpression } from '../csp/grammar.js';
import { allowsPortably } from '../csp/match.js';
import { connectSources, findPolicies, parsePolicy } from '../csp/policy.js';

export interface CheckInput {
  readonly needed: readonly { readonly source: string; readonly findings: readonly number[] }[];
  readonly policyText: string;
  readonly origin: string | null;
}

export interface MissingSource {
  readonly source: string;
  readonly findings: readonly number[];
}

export type CheckResult =
  | { readonly ok: false; readonly reason: 'no-policy' } // nothing recognisable in the file
  | {
      readonly ok: boolean;
      readonly reason: 'checked';
      /** What governs connections in the first enforced policy (the first policy when none is enforced). */
      readonly directive: 'connect-src' | 'default-src' | null;
      /** How many policies the file delivers, report-only ones included. */
      readonly policies: number;
      /** needed sources some enforced policy does not allow */
      readonly missing: readonly MissingSource[];
      /** needed sources a report-only policy would report (they do not make `ok` false) */
      readonly reportOnlyMissing: readonly MissingSource[];
      /** connect-src tokens no needed source relies on (portably); default-src ones serve other directives and are never listed */
      readonly unused: readonly string[];
    };

interface PolicyList {
  readonly reportOnly: boolean;
  readonly directive: 'connect-src' | 'default-src' | null;
  readonly tokens: readonly string[];
  readonly parsed: readonly ParsedSource[];
}

/**
 * Checks the policies in `policyText` against the sources the code needs. A needed source is
 * allowed by a policy when its connect-src (else default-src; else nothing restricts connections)
 * holds a source that covers it. A needed `'self'` is also allowed, when the origin is known, by
 * sources that portably allow both the origin itself and its WebSocket counterpart (ws: for an
 * http origin, wss: for https), since `'self'` stands for both. Every enforced policy must allow
 * every needed source for `ok`; report-only policies never block, and their gaps are listed apart.
 */
export function checkPolicy(input: CheckInput): CheckResult {
  const found = findPolicies(input.policyText);
  if (found.length === 0) return { ok: false, reason: 'no-policy' };
  const lists: PolicyList[] = found.map((policy) => {
    const { directive, sources } = connectSources(parsePolicy(policy.policy));
    const parsed = sources.map(parseSourceExpression).filter((s): s is ParsedSource => s !== null);
    return { reportOnly: policy.reportOnly, directive, tokens: sources, parsed };
  });
  const enforced = lists.filter((list) => !list.reportOnly);
  const reportOnly = lists.filter((list) => list.reportOnly);
  const selfUrls = input.origin === null ? [] : originUrls(input.origin);

  const gaps = (among: readonly PolicyList[]): MissingSource[] =>
    input.needed
      .filter((need) => among.some((list) => !listAllows(list, need.source, input.origin, selfUrls)))
      .map((need) => ({ source: need.source, findings: [...need.findings] }));
  const missing = gaps(enforced);

  const judged = enforced.length > 0 ? enforced : reportOnly;
  const unused: string[] = [];
  for (const list of judged) {
    if (list.directive !== 'connect-src') continue;
    for (const token of list.tokens) {
      if (token.toLowerCase() === "'none'" || unused.includes(token)) continue;
      if (!isRelied(token, input.needed, input.origin, selfUrls)) unused.push(token);
    }
  }

  return {
    ok: missing.length === 0,
    reason: 'checked',
    directive: (enforced[0] ?? lists[0])?.directive ?? null,
    policies: lists.length,
    missing,
    reportOnlyMissing: gaps(reportOnly),
    unused,
  };
}

function listAllows(
  list: PolicyList,
  needed: string,
  origin: string | null,
  selfUrls: readonly string[],
): boolean {
  if (list.directive === null) return true;
  const source = parseSourceExpression(needed);
  if (source === null) return false;
  if (source.type === 'keyword' && source.keyword === "'none'") return true;
  if (list.parsed.some((candidate) => covers(candidate, source, origin))) return true;
  if (!isSelf(source) || origin === null || selfUrls.length === 0) return false;
  return selfUrls.every((url) => allowsPortably(list.tokens, url, origin));
}

/** Whether some needed source depends on `token`: it covers one, or helps allow the origin for 'self'. */
function isRelied(
  token: string,
  needed: CheckInput['needed'],
  origin: string | null,
  selfUrls: readonly string[],
): boolean {
  const candidate = parseSourceExpression(token);
  if (candidate === null) return false;
  return needed.some((need) => {
    const source = parseSourceExpression(need.source);
    if (source === null || (source.type === 'keyword' && source.keyword === "'none'")) return false;
    if (covers(candidate, source, origin)) return true;
    if (!isSelf(source) || origin === null) return false;
    return selfUrls.some((url) => allowsPortably([token], url, origin));
  });
}

function isSelf(source: ParsedSource): boolean {
  return source.type === 'keyword' && source.keyword === "'self'";
}

/** The page's own origin and the socket URL `new WebSocket('/')` would open from it; none for a non-web origin. */
function originUrls(origin: string): readonly string[] {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  const socket = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/`;
  return [`${url.origin}/`, socket];
}
