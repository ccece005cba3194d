// Chromium, modelled on services/network/public/cpp/content_security_policy/csp_source.cc and
// csp_source_list.cc, corrected by what Chromium 156 was seen to do (csp-chromium-matrix.md).

import type { ParsedSource } from '../grammar.js';
import { defaultPort, type MatchTarget, rewriteWebSocket, type TupleOrigin } from '../match-target.js';
import { enginePathMatches, type HostSource, isBareStar, wildcardHostMatches } from './shared.js';
import { selfMatches } from './spec.js';

type SchemeResult = 'none' | 'upgrade' | 'exact';
type PortResult = 'none' | 'wildcard' | 'upgrade' | 'exact';

export function chromiumMatches(
  source: ParsedSource,
  target: MatchTarget,
  page: TupleOrigin | null,
): boolean {
  if (isBareStar(source)) {
    // ws/wss pass (with a use counter); ftp no longer does.
    const s = target.scheme;
    return s === 'http' || s === 'https' || s === 'ws' || s === 'wss' || s === page?.scheme;
  }
  switch (source.type) {
    case 'scheme':
      return matchScheme(source.scheme, target.scheme) !== 'none';
    case 'host':
      return hostSourceMatches(source, target, page);
    case 'keyword':
      return source.keyword === "'self'" && selfAllows(target, page);
    default:
      return false;
  }
}

/**
 * Observed in Chromium 156 (rule 9): 'self' lets ws/wss/https through on the page's host and port
 * exactly as the spec's rewritten comparison does, but never a blob: URL (rule 11).
 */
function selfAllows(target: MatchTarget, page: TupleOrigin | null): boolean {
  if (target.host === null) return false;
  return selfMatches(rewriteWebSocket(target), page);
}

function matchScheme(pattern: string, scheme: string): SchemeResult {
  if (pattern === scheme) return 'exact';
  if ((pattern === 'http' && scheme === 'https') || (pattern === 'ws' && scheme === 'wss')) return 'upgrade';
  return 'none';
}

function hostSourceMatches(source: HostSource, target: MatchTarget, page: TupleOrigin | null): boolean {
  // A scheme-less source takes the page's scheme; with an opaque page nothing matches.
  const pattern = source.scheme ?? page?.scheme;
  if (pattern === undefined) return false;
  const schemeResult = matchScheme(pattern, target.scheme);
  const portResult = matchPort(source, target);
  // An upgrade on one axis needs an upgrade or a wildcard on the other (rule 15).
  if (schemeResult === 'upgrade' && portResult !== 'upgrade' && portResult !== 'wildcard') return false;
  if (portResult === 'upgrade' && schemeResult !== 'upgrade') return false;
  return (
    schemeResult !== 'none' &&
    portResult !== 'none' &&
    wildcardHostMatches(source.host, target.host ?? '') &&
    enginePathMatches(source.path, target.path)
  );
}

const UNSPECIFIED = -1;

function matchPort(source: HostSource, target: MatchTarget): PortResult {
  if (source.port === '*') return 'wildcard';
  const sourcePort = source.port === null ? UNSPECIFIED : Number(source.port);
  const urlDefault = defaultPort(target.scheme) ?? UNSPECIFIED;
  // GURL's effective port: the explicit one, else the scheme's default.
  const urlPort = target.port ?? urlDefault;
  if (sourcePort === urlPort) return sourcePort === UNSPECIFIED ? 'wildcard' : 'exact';
  if (sourcePort === UNSPECIFIED && urlDefault === urlPort) return 'wildcard';
  if (urlPort === UNSPECIFIED && sourcePort === urlDefault) return 'wildcard';
  const effectiveSource =
    sourcePort === UNSPECIFIED ? (defaultPort(source.scheme ?? '') ?? UNSPECIFIED) : sourcePort;
  const effectiveUrl = urlPort === UNSPECIFIED ? urlDefault : urlPort;
  return effectiveSource === 80 && effectiveUrl === 443 ? 'upgrade' : 'none';
}
