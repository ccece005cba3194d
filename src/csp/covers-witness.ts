// The scheme-and-port half of `covers`: the finite set of URLs that tells two sources apart.
//
// Every model in ./engines decides scheme and port by comparing the URL's scheme and port with a
// few constants (http, https, ws, wss, ftp, blob, data, filesystem; 80, 443, 21), with the two
// sources' own scheme and port, and with the page's. One URL per class of that comparison is
// therefore enough to decide "every URL b allows in all engines, a allows in all engines" exactly,
// with the matcher itself as the judge instead of a second, hand-written copy of the rules.

import type { ParsedSource } from './grammar.js';
import { ENGINES, matchesTarget } from './match.js';
import { defaultPort, type MatchTarget, parseMatchTarget, type TupleOrigin } from './match-target.js';

const FIXED_SCHEMES = ['http', 'https', 'ws', 'wss', 'ftp', 'filesystem'];
const FIXED_PORTS = [80, 443, 21];

/**
 * True when b allows at least one witness URL portably and a allows every witness b allows.
 * `host` is the host every witness URL uses; host-sources must already be rewritten to it.
 */
export function impliesOnWitnesses(
  a: ParsedSource,
  b: ParsedSource,
  page: TupleOrigin | null,
  host: string,
): boolean {
  let bAllowsAny = false;
  for (const target of witnessTargets(a, b, page, host)) {
    if (!allowedEverywhere(b, target, page)) continue;
    bAllowsAny = true;
    if (!allowedEverywhere(a, target, page)) return false;
  }
  return bAllowsAny;
}

function allowedEverywhere(source: ParsedSource, target: MatchTarget, page: TupleOrigin | null): boolean {
  return ENGINES.every((engine) => matchesTarget(source, target, page, engine));
}

function witnessTargets(
  a: ParsedSource,
  b: ParsedSource,
  page: TupleOrigin | null,
  host: string,
): MatchTarget[] {
  const schemes = new Set(FIXED_SCHEMES);
  const ports = new Set<number>(FIXED_PORTS);
  for (const source of [a, b]) {
    if (source.type === 'scheme' || (source.type === 'host' && source.scheme !== null)) {
      const scheme = source.scheme;
      if (scheme !== null && scheme !== 'blob' && scheme !== 'data') schemes.add(scheme);
    }
    if (source.type === 'host' && source.port !== null && source.port !== '*') ports.add(Number(source.port));
  }
  if (page !== null) {
    schemes.add(page.scheme);
    if (page.port !== null) ports.add(page.port);
  }
  // One scheme and one port that nothing above mentions stand for all the others.
  schemes.add(unused((i) => `x-witness${i}`, schemes));
  ports.add(unused((i) => 1 + i, ports));

  const pageOrigin = page
    ? `${page.scheme}://${page.host}${page.port === null ? '' : `:${page.port}`}`
    : null;
  const urls = ['data:text/plain,witness', `blob:${pageOrigin ?? 'https://page.invalid'}/witness`];
  for (const scheme of schemes) {
    urls.push(`${scheme}://${host}/`);
    for (const port of ports) {
      if (port <= 65535 && port !== defaultPort(scheme)) urls.push(`${scheme}://${host}:${port}/`);
    }
  }
  const targets: MatchTarget[] = [];
  for (const url of urls) {
    const target = cachedTarget(url);
    if (target !== null) targets.push(target);
  }
  return targets;
}

function unused<T>(candidate: (i: number) => T, taken: ReadonlySet<T>): T {
  for (let i = 0; ; i++) {
    const value = candidate(i);
    if (!taken.has(value)) return value;
  }
}

// buildDirective compares every pair of sources, so the same witness URLs recur constantly.
const CACHE_LIMIT = 4096;
const cache = new Map<string, MatchTarget | null>();

function cachedTarget(url: string): MatchTarget | null {
  const hit = cache.get(url);
  if (hit !== undefined) return hit;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const target = parseMatchTarget(url);
  cache.set(url, target);
  return target;
}
