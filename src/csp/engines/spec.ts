// CSP Level 3 (editor's draft), "Does url match expression in origin with redirect count?"
// (§match-url-to-source-expression) with redirect count 0, as csp-semantics.md rules 9-29 cite it.

import type { ParsedSource } from '../grammar.js';
import {
  defaultPort,
  type MatchTarget,
  percentDecode,
  rewriteWebSocket,
  type TupleOrigin,
} from '../match-target.js';
import { type HostSource, isBareStar, wildcardHostMatches } from './shared.js';

export function specMatches(source: ParsedSource, url: MatchTarget, page: TupleOrigin | null): boolean {
  // The WebSocket standard hands Fetch an http(s) URL, so CSP never sees ws/wss (rule 14).
  const target = rewriteWebSocket(url);
  if (isBareStar(source)) {
    return target.scheme === 'http' || target.scheme === 'https' || target.scheme === page?.scheme;
  }
  switch (source.type) {
    case 'scheme':
      return schemePartMatches(source.scheme, target.scheme);
    case 'host':
      return hostSourceMatches(source, target, page);
    case 'keyword':
      return source.keyword === "'self'" && selfMatches(target, page);
    default:
      return false;
  }
}

function hostSourceMatches(source: HostSource, target: MatchTarget, page: TupleOrigin | null): boolean {
  if (target.host === null || target.hostKind === null) return false;
  if (source.scheme !== null) {
    if (!schemePartMatches(source.scheme, target.scheme)) return false;
  } else if (page === null || !schemePartMatches(page.scheme, target.scheme)) {
    return false;
  }
  // The current ED refuses every host that is not a domain: IPv4, IPv6, opaque (rule 23).
  if (target.hostKind !== 'domain') return false;
  if (!wildcardHostMatches(source.host, target.host)) return false;
  if (!portPartMatches(source.port, target)) return false;
  if (source.path !== null && source.path !== '' && !pathPartMatches(source.path, target.path)) return false;
  return true;
}

/** §match-schemes: a source scheme matches itself and its secure (or, for ws, any) upgrade. */
export function schemePartMatches(pattern: string, scheme: string): boolean {
  if (pattern === scheme) return true;
  if (pattern === 'http') return scheme === 'https';
  if (pattern === 'ws') return scheme === 'wss' || scheme === 'http' || scheme === 'https';
  if (pattern === 'wss') return scheme === 'https';
  return false;
}

/** §match-ports: no port-part means the URL's default port only; `80` never means 443 here. */
function portPartMatches(port: string | null, target: MatchTarget): boolean {
  if (port === '*') return true;
  const wanted = port === null ? null : Number(port);
  if (wanted === target.port) return true;
  return target.port === null && wanted === defaultPort(target.scheme);
}

/** §match-paths: segment by segment, each percent-decoded; a trailing `/` makes a prefix. */
function pathPartMatches(pattern: string, path: string): boolean {
  if (pattern === '/' && path === '') return true;
  const exact = !pattern.endsWith('/');
  const patternSegments = pattern.split('/');
  const pathSegments = path.split('/');
  if (patternSegments.length > pathSegments.length) return false;
  if (exact && patternSegments.length !== pathSegments.length) return false;
  if (!exact) patternSegments.pop();
  return patternSegments.every(
    (segment, i) => percentDecode(segment) === percentDecode(pathSegments[i] ?? ''),
  );
}

/** Step 4 ('self'): the same origin, or the same host and port with a secure or same-kind scheme. */
export function selfMatches(target: MatchTarget, page: TupleOrigin | null): boolean {
  if (page === null) return false;
  const origin = target.origin;
  if (
    origin !== null &&
    origin.scheme === page.scheme &&
    origin.host === page.host &&
    origin.port === page.port
  ) {
    return true;
  }
  if (target.host === null || target.host !== page.host || target.port !== page.port) return false;
  return (
    target.scheme === 'https' ||
    target.scheme === 'wss' ||
    (page.scheme === 'http' && (target.scheme === 'http' || target.scheme === 'ws'))
  );
}
