// Derivation for a target whose text is fully known: the WHATWG URL parser (Node's `URL`) does
// the reading, so hosts come out lowercase, in punycode, with IPv4 forms normalised.

import { type Derivation, type DeriveContext, derived, fail, selfSource } from './derivation.js';
import { sourceForTarget } from './origin-source.js';
import { schemeForSink } from './sink-scheme.js';
import { cleanUrlText, isProtocolRelative, leadingScheme, tryParseUrl } from './url-parts.js';

/** Without a known page we assume https, the scheme a deployed page almost always has. */
const ASSUMED_PAGE_SCHEME = 'https:';

/**
 * `valueKind` is what an ok result reports unless it is `'self'`: callers that pass only the
 * known start of a longer target (a prefix up to its path) say `'prefix'`.
 */
export function deriveExact(ctx: DeriveContext, text: string, valueKind: 'exact' | 'prefix'): Derivation {
  const cleaned = cleanUrlText(text);
  const hasScheme = leadingScheme(cleaned) !== null;
  if (ctx.origin === null && !hasScheme && !isProtocolRelative(cleaned)) {
    // A relative reference (or '') resolves against the page, so it stays on the page's origin.
    return selfSource(ctx);
  }
  const url = parseUrl(cleaned, ctx, hasScheme);
  if (url === null) return fail(ctx, 'invalid-url', { reason: 'the URL parser rejects it' });
  const scheme = url.protocol.slice(0, -1);
  const verdict = schemeForSink(scheme, ctx.sink);
  if (!verdict.ok) return fail(ctx, verdict.code, { scheme, reason: verdict.reason });
  if (verdict.kind === 'scheme-only') return derived(ctx, `${verdict.scheme}:`, valueKind);
  // The serialisation has a '#' exactly when the fragment is non-null, even an empty one.
  if (ctx.sink === 'websocket' && url.href.includes('#')) {
    return fail(ctx, 'invalid-url', {
      reason: 'new WebSocket() throws a SyntaxError for a URL with a fragment',
    });
  }
  return sourceForTarget(
    ctx,
    { scheme: verdict.scheme, hostname: url.hostname, port: url.port },
    { valueKind, anyPort: false },
  );
}

function parseUrl(cleaned: string, ctx: DeriveContext, hasScheme: boolean): URL | null {
  // With a known page, parse against it exactly as the browser does; this also reads the rare
  // `https:host` as relative when the page is https too. Without one, `https:host` is read as
  // the absolute `https://host`, which is wrong only on an https page, where it means the page.
  const input = ctx.origin === null && !hasScheme ? `${ASSUMED_PAGE_SCHEME}${cleaned}` : cleaned;
  return tryParseUrl(input, ctx.origin?.origin);
}
