// WebKit, modelled on Source/WebCore/page/csp/ContentSecurityPolicySource.cpp (schemeMatches,
// wildcardMatches, portMatches) and ContentSecurityPolicySourceList.cpp. Read from source, not run.

import type { ParsedSource } from '../grammar.js';
import { defaultPort, type MatchTarget, type TupleOrigin } from '../match-target.js';
import { enginePathMatches, isBareStar, wildcardHostMatches } from './shared.js';

interface WebKitSource {
  /** '' when the expression had no scheme (the page's scheme is used for matching). */
  readonly scheme: string;
  readonly host: string;
  /** null when absent. */
  readonly port: number | '*' | null;
  readonly path: string | null;
  readonly isSelf: boolean;
}

export function webkitMatches(source: ParsedSource, target: MatchTarget, page: TupleOrigin | null): boolean {
  if (isBareStar(source)) {
    const s = target.scheme;
    return s === 'http' || s === 'https' || s === 'ws' || s === 'wss' || s === page?.scheme;
  }
  const selfScheme = page?.scheme ?? '';
  switch (source.type) {
    case 'scheme':
      return schemeMatches(source.scheme, target.scheme, false);
    case 'host': {
      const port = source.port === null ? null : source.port === '*' ? '*' : Number(source.port);
      const wk: WebKitSource = {
        scheme: source.scheme ?? '',
        host: source.host,
        port,
        path: source.path,
        isSelf: false,
      };
      return hostSourceMatches(wk, target, selfScheme);
    }
    case 'keyword': {
      if (source.keyword !== "'self'" || page === null) return false;
      const wk: WebKitSource = {
        scheme: page.scheme,
        host: page.host,
        port: page.port,
        path: null,
        isSelf: true,
      };
      return hostSourceMatches(wk, target, selfScheme);
    }
    default:
      return false;
  }
}

/** The spec's table without the WebSocket rewrite; a self-source also upgrades to https/wss. */
function schemeMatches(pattern: string, scheme: string, isSelf: boolean): boolean {
  if (pattern === scheme) return true;
  if (pattern === 'http' && scheme === 'https') return true;
  if (pattern === 'ws' && (scheme === 'wss' || scheme === 'https' || scheme === 'http')) return true;
  if (pattern === 'wss' && scheme === 'https') return true;
  return isSelf && (scheme === 'https' || scheme === 'wss' || (pattern === 'http' && scheme === 'ws'));
}

function hostSourceMatches(source: WebKitSource, target: MatchTarget, selfScheme: string): boolean {
  if (!schemeMatches(source.scheme === '' ? selfScheme : source.scheme, target.scheme, source.isSelf)) {
    return false;
  }
  return (
    wildcardHostMatches(source.host, target.host ?? '') &&
    portMatches(source, target) &&
    enginePathMatches(source.path, target.path)
  );
}

function portMatches(source: WebKitSource, target: MatchTarget): boolean {
  if (source.port === '*') return true;
  const port = target.port;
  if (port === source.port) return true;
  // An insecure default port (or an http source without one) may be upgraded to https's.
  const upgradeSecure =
    port === 443 || (port === null && (target.scheme === 'https' || target.scheme === 'wss'));
  const upgradable =
    source.port === 80 || (source.scheme === 'http' && (source.port === null || source.port === 443));
  if (upgradeSecure && upgradable) return true;
  if (port === null) return source.port !== null && source.port === defaultPort(target.scheme);
  if (source.port === null) return port === defaultPort(target.scheme);
  return false;
}
