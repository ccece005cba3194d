// Gecko, modelled on dom/security/nsCSPUtils.cpp (permitsScheme, permitsPort,
// nsCSPHostSrc::permits, CSP_CreateHostSrcFromSelfURI). Read from source, not run.

import type { ParsedSource } from '../grammar.js';
import { defaultPort, type MatchTarget, type TupleOrigin } from '../match-target.js';
import { enginePathMatches, isBareStar, wildcardHostMatches } from './shared.js';

/** Gecko's host-source after parsing: the scheme is filled in from the page when absent. */
interface GeckoHostSource {
  readonly scheme: string;
  readonly host: string;
  /** Digits as written, `*`, or '' when absent. */
  readonly port: string;
  readonly path: string | null;
  readonly fromSelf: boolean;
}

const UNIQUE_SCHEMES = new Set(['blob', 'data', 'filesystem']);

export function geckoMatches(source: ParsedSource, target: MatchTarget, page: TupleOrigin | null): boolean {
  // A bare `*` has no scheme: every URL but the globally unique kinds.
  if (isBareStar(source)) return !UNIQUE_SCHEMES.has(target.scheme);
  switch (source.type) {
    case 'scheme':
      return permitsScheme(source.scheme, target.scheme, false);
    case 'host': {
      if (source.scheme === null && page === null) return false;
      const scheme = source.scheme ?? page?.scheme ?? '';
      return hostSourcePermits(
        { scheme, host: source.host, port: source.port ?? '', path: source.path, fromSelf: false },
        target,
      );
    }
    case 'keyword': {
      if (source.keyword !== "'self'" || page === null) return false;
      const port = page.port === null ? '' : String(page.port);
      return hostSourcePermits(
        { scheme: page.scheme, host: page.host, port, path: null, fromSelf: true },
        target,
      );
    }
    default:
      return false;
  }
}

/** Upgrades only; a source made from 'self' may also go from http to ws/wss and https to wss. */
function permitsScheme(pattern: string, scheme: string, fromSelf: boolean): boolean {
  if (pattern === scheme) return true;
  if (pattern === 'http') return scheme === 'https' || (fromSelf && (scheme === 'ws' || scheme === 'wss'));
  if (pattern === 'https') return fromSelf && scheme === 'wss';
  return pattern === 'ws' && scheme === 'wss';
}

function hostSourcePermits(source: GeckoHostSource, target: MatchTarget): boolean {
  if (!permitsScheme(source.scheme, target.scheme, source.fromSelf)) return false;
  const host = target.host ?? '';
  if (source.host === '*') {
    if (UNIQUE_SCHEMES.has(target.scheme)) return false;
  } else if (!wildcardHostMatches(source.host, host)) {
    return false;
  }
  return permitsPort(source.scheme, source.port, target) && enginePathMatches(source.path, target.path);
}

/** Ports compare as strings; a missing port means the source scheme's default; 80 also admits 443. */
function permitsPort(sourceScheme: string, sourcePort: string, target: MatchTarget): boolean {
  if (sourcePort === '*') return true;
  if (target.port === null && sourcePort === '') return true;
  const resourcePort = String(target.port ?? defaultPort(target.scheme) ?? -1);
  if (sourcePort === resourcePort) return true;
  const enforced = sourcePort === '' ? String(defaultPort(sourceScheme) ?? -1) : sourcePort;
  if (enforced === resourcePort) return true;
  return enforced === '80' && resourcePort === '443';
}
