// Subsumption between two source expressions, the basis of minimisation and of `check`.
//
// A source allows URLs along three axes. Hosts and paths are compared as patterns here; schemes
// and ports, where the engines disagree most (rules 10-17), are left to the matcher on a finite
// set of witness URLs (covers-witness.ts), so this file never restates the engines' rules.

import { impliesOnWitnesses } from './covers-witness.js';
import { isBareStar } from './engines/shared.js';
import { formatSource, type ParsedSource } from './grammar.js';
import { parsePageOrigin, percentDecode, type TupleOrigin } from './match-target.js';

// With no known origin, a claim must hold for every page; these stand for http(s) pages with
// default and explicit ports. Pages on other schemes are out of scope.
const SAMPLE_PAGES = [
  'http://page.invalid',
  'https://page.invalid',
  'http://page.invalid:8080',
  'https://page.invalid:8443',
];
const WITNESS_HOST = 'witness.invalid';

type Kind = 'star' | 'scheme' | 'host' | 'self' | 'inert';

/** Where on the host and path axes a source can reach. `hosts: null` means every host. */
interface Region {
  readonly hosts: string | null;
  readonly path: string | null;
}

/**
 * True only when every URL that `b` allows (for any page) is also allowed by `a`, in every
 * engine. Conservative: false when unsure. `origin` is the page origin if known (lets 'self'
 * be compared with explicit sources).
 *
 * "Allows" means portably: in the spec and in Chromium, Gecko and WebKit at once, which is all a
 * minimizer may rely on. A source that portably allows nothing (an IPv4 host, which the spec
 * refuses) is still only covered by a source that contains it as a pattern. `'none'` is covered by
 * everything; other keywords, nonces and hashes only by themselves.
 */
export function covers(a: ParsedSource, b: ParsedSource, origin: string | null): boolean {
  if (formatSource(a) === formatSource(b)) return true;
  if (b.type === 'keyword' && b.keyword === "'none'") return true;
  const kindA = kindOf(a);
  const kindB = kindOf(b);
  if (kindA === 'inert' || kindB === 'inert') return false;
  if (origin !== null) return coversOnPage(a, b, parsePageOrigin(origin));
  // Without an origin, 'self' names no particular host: only host-independent sources cover it.
  if (kindA === 'self') return false;
  if (kindB === 'self' && kindA === 'host') return false;
  const pages = dependsOnPage(a) || dependsOnPage(b) ? SAMPLE_PAGES : SAMPLE_PAGES.slice(0, 1);
  return pages.every((page) => coversOnPage(a, b, parsePageOrigin(page)));
}

function coversOnPage(a: ParsedSource, b: ParsedSource, page: TupleOrigin | null): boolean {
  const regionA = regionOf(a, page);
  const regionB = regionOf(b, page);
  if (regionA === null || regionB === null) return false;
  if (!hostsContain(regionA.hosts, regionB.hosts) || !pathContains(regionA.path, regionB.path)) return false;
  const involvesSelf = kindOf(a) === 'self' || kindOf(b) === 'self';
  const host = involvesSelf && page !== null ? page.host : WITNESS_HOST;
  return impliesOnWitnesses(onHost(a, host), onHost(b, host), page, host);
}

function kindOf(source: ParsedSource): Kind {
  switch (source.type) {
    case 'scheme':
      return 'scheme';
    case 'host':
      return isBareStar(source) ? 'star' : 'host';
    case 'keyword':
      return source.keyword === "'self'" ? 'self' : 'inert';
    default:
      return 'inert';
  }
}

function dependsOnPage(source: ParsedSource): boolean {
  const kind = kindOf(source);
  return kind === 'self' || kind === 'star' || (source.type === 'host' && source.scheme === null);
}

/** Null when the source can reach nothing on this page ('self' of an opaque page). */
function regionOf(source: ParsedSource, page: TupleOrigin | null): Region | null {
  switch (kindOf(source)) {
    case 'self':
      return page === null ? null : { hosts: page.host, path: null };
    case 'host':
      return source.type === 'host' ? { hosts: source.host, path: source.path } : null;
    default:
      return { hosts: null, path: null };
  }
}

/** Pattern containment: `*` holds every host, `*.s` every name below s (and `*.x.s`), never s. */
function hostsContain(outer: string | null, inner: string | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  if (outer === inner || outer === '*') return true;
  return outer.startsWith('*.') && inner !== '*' && inner.endsWith(outer.slice(1));
}

/**
 * Both readings must agree: the spec's (segments, each decoded) and the engines' (decoded string,
 * prefix when the pattern ends in `/`). No path, or `/`, allows every path.
 */
function pathContains(outer: string | null, inner: string | null): boolean {
  if (isEveryPath(outer)) return true;
  if (isEveryPath(inner) || outer === null || inner === null) return false;
  const outerSegments = outer.split('/').map(percentDecode);
  const innerSegments = inner.split('/').map(percentDecode);
  if (!outer.endsWith('/')) {
    return (
      !inner.endsWith('/') &&
      percentDecode(outer) === percentDecode(inner) &&
      outerSegments.length === innerSegments.length &&
      outerSegments.every((segment, i) => segment === innerSegments[i])
    );
  }
  if (outerSegments.length > innerSegments.length) return false;
  const directory = outerSegments.slice(0, -1);
  return (
    directory.every((segment, i) => segment === innerSegments[i]) &&
    percentDecode(inner).startsWith(percentDecode(outer))
  );
}

function isEveryPath(path: string | null): boolean {
  return path === null || path === '' || path === '/';
}

/** Host and path are settled by the region check; the witnesses probe scheme and port alone. */
function onHost(source: ParsedSource, host: string): ParsedSource {
  if (source.type !== 'host' || isBareStar(source)) return source;
  return { ...source, host, path: null };
}
