// Which URL schemes each sink accepts, and the scheme its request carries when CSP checks it.

import type { SinkKind } from '../types.js';
import { isWebScheme, type WebScheme } from './url-parts.js';

export type SchemeVerdict =
  /** A network origin: the source is `scheme://host[:port]`. */
  | { readonly ok: true; readonly kind: 'origin'; readonly scheme: WebScheme }
  /** A local scheme that only a scheme-source (`data:`, `blob:`) can allow. */
  | { readonly ok: true; readonly kind: 'scheme-only'; readonly scheme: 'data' | 'blob' }
  | { readonly ok: false; readonly code: 'invalid-url' | 'unsupported-scheme'; readonly reason: string };

/** `scheme` is lowercase and without its colon. */
export function schemeForSink(scheme: string, sink: SinkKind): SchemeVerdict {
  if (sink === 'websocket') {
    // The WebSocket constructor rewrites http to ws and https to wss; Chromium, Gecko and WebKit
    // all check the ws/wss URL against connect-src (csp-semantics.md rule 14).
    if (scheme === 'http' || scheme === 'ws') return { ok: true, kind: 'origin', scheme: 'ws' };
    if (scheme === 'https' || scheme === 'wss') return { ok: true, kind: 'origin', scheme: 'wss' };
    return {
      ok: false,
      code: 'invalid-url',
      reason: `new WebSocket() throws a SyntaxError for the ${scheme}: scheme`,
    };
  }
  if (scheme === 'http' || scheme === 'https') return { ok: true, kind: 'origin', scheme };
  // fetch and XHR read data: and blob: URLs locally, but connect-src still governs them
  // (rule 34); EventSource, sendBeacon and <a ping> only make network requests.
  if ((scheme === 'data' || scheme === 'blob') && (sink === 'fetch' || sink === 'xhr')) {
    return { ok: true, kind: 'scheme-only', scheme };
  }
  return {
    ok: false,
    code: 'unsupported-scheme',
    reason: isWebScheme(scheme) ? `${scheme}: is for WebSockets` : `${scheme}: is not fetched`,
  };
}
