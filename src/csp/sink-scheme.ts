// Which URL schemes each sink accepts, and the scheme its request carries when CSP checks it.

import type { SinkKind } from '../types.js';
import { isWebScheme, type WebScheme } from './url-parts.js';

export type SchemeVerdict =
  /** A network origin: the source is `scheme://host[:port]`. */
  | { readonly ok: true; readonly kind: 'origin'; readonly scheme: WebScheme }
  /** A local scheme that only a scheme-source (`data:`, `blob:`) can allow. */
  | { readonly ok: true; readonly kind: 'scheme-only'; readonly scheme: 'data' | 'blob' }
  | { readonly ok: false; readonly code: 'invalid-url' | 'unsupported-scheme'; readonly reason: string };

/**
 * Sinks whose request is a fetch or an XMLHttpRequest: axios (XHR or fetch adapter), ky and
 * ofetch (fetch), Connect transports (fetch). They read data: and blob: URLs like fetch does.
 */
const FETCH_LIKE: ReadonlySet<SinkKind> = new Set(['fetch', 'xhr', 'axios', 'ky', 'ofetch', 'connect']);

/** `scheme` is lowercase and without its colon. */
export function schemeForSink(scheme: string, sink: SinkKind): SchemeVerdict {
  if (sink === 'websocket' || sink === 'socket.io-websocket') {
    // The WebSocket constructor rewrites http to ws and https to wss; Chromium, Gecko and WebKit
    // all check the ws/wss URL against connect-src (csp-semantics.md rule 14). socket.io builds
    // its socket URL the same way: wss when the URL it was given is https or wss, else ws.
    if (scheme === 'http' || scheme === 'ws') return { ok: true, kind: 'origin', scheme: 'ws' };
    if (scheme === 'https' || scheme === 'wss') return { ok: true, kind: 'origin', scheme: 'wss' };
    return {
      ok: false,
      code: 'invalid-url',
      reason:
        sink === 'websocket'
          ? `new WebSocket() throws a SyntaxError for the ${scheme}: scheme`
          : `socket.io does not connect to a ${scheme}: URL`,
    };
  }
  if (sink === 'socket.io') {
    // Long-polling requests go to http(s) on the same host: https when the URL is https or wss.
    if (scheme === 'http' || scheme === 'ws') return { ok: true, kind: 'origin', scheme: 'http' };
    if (scheme === 'https' || scheme === 'wss') return { ok: true, kind: 'origin', scheme: 'https' };
    return { ok: false, code: 'invalid-url', reason: `socket.io does not connect to a ${scheme}: URL` };
  }
  if (scheme === 'http' || scheme === 'https') return { ok: true, kind: 'origin', scheme };
  // fetch and XHR read data: and blob: URLs locally, but connect-src still governs them
  // (rule 34); EventSource, sendBeacon and <a ping> only make network requests.
  if ((scheme === 'data' || scheme === 'blob') && FETCH_LIKE.has(sink)) {
    return { ok: true, kind: 'scheme-only', scheme };
  }
  return {
    ok: false,
    code: 'unsupported-scheme',
    reason: isWebScheme(scheme) ? `${scheme}: is for WebSockets` : `${scheme}: is not fetched`,
  };
}
