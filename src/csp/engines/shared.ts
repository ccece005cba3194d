// Pieces the engine models share. Each model lives in its own file beside this one.

import type { ParsedSource } from '../grammar.js';
import { percentDecode } from '../match-target.js';

export type HostSource = Extract<ParsedSource, { type: 'host' }>;

/** The bare `*` expression, which the spec matches by scheme alone (CSP3 step 1). */
export function isBareStar(source: ParsedSource): boolean {
  return (
    source.type === 'host' &&
    source.host === '*' &&
    source.scheme === null &&
    source.port === null &&
    source.path === null
  );
}

/**
 * Path matching as Chromium, Gecko and WebKit do it: decode both sides, then a trailing `/`
 * means a string prefix and anything else an exact match. (The spec splits on `/` before
 * decoding; the two differ only for an encoded `%2F`.)
 */
export function enginePathMatches(sourcePath: string | null, urlPath: string): boolean {
  if (sourcePath === null || sourcePath === '') return true;
  const pattern = percentDecode(sourcePath);
  const path = percentDecode(urlPath);
  if (pattern === '/' && path === '') return true;
  return pattern.endsWith('/') ? path.startsWith(pattern) : path === pattern;
}

/** `*.example.com` matches any deeper name and never the apex; `*` matches every host. */
export function wildcardHostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}
