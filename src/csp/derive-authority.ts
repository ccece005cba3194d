// The authority of a template (what follows `scheme://`) when an unknown part comes before its
// end. What the known text says about host and port decides how much of the origin is fixed.

import type { UrlPiece } from '../types.js';
import { type Derivation, type DeriveContext, fail, selfSource } from './derivation.js';
import { deriveExact } from './derive-exact.js';
import { sourceForTarget } from './origin-source.js';
import { schemeForSink } from './sink-scheme.js';
import {
  describePiece,
  hostAfterUserinfo,
  leavesOriginAlone,
  type OpaquePiece,
  PASS_ORIGIN,
  restCanBePort,
} from './template-pieces.js';
import { AUTHORITY_END, tryParseUrl, type WebScheme } from './url-parts.js';
import { deriveHostWildcard } from './wildcard-host.js';

/**
 * `scheme` is the scheme as written (before the WebSocket rewrite), `authText` the known text
 * after its slashes, and `rest` the pieces after that text.
 */
export function deriveAuthority(
  ctx: DeriveContext,
  scheme: WebScheme,
  authText: string,
  rest: readonly UrlPiece[],
): Derivation {
  const verdict = schemeForSink(scheme, ctx.sink);
  if (!verdict.ok) return fail(ctx, verdict.code, { scheme, reason: verdict.reason });
  if (verdict.kind !== 'origin')
    return fail(ctx, 'unsupported-scheme', { scheme, reason: 'not a network scheme' });
  const end = authText.search(AUTHORITY_END);
  const [next, ...after] = rest;
  if (end !== -1 || next === undefined) {
    // The whole authority is known text: let the parser read it (and judge the port).
    const known = end === -1 ? authText : authText.slice(0, end + 1);
    return deriveExact(ctx, `${scheme}://${known}`, 'prefix');
  }
  const userinfoEnd = hostAfterUserinfo(rest);
  if (userinfoEnd !== null) return deriveAuthority(ctx, scheme, userinfoEnd.text, userinfoEnd.rest);
  if (next.t === 'text') return deriveAuthority(ctx, scheme, authText + next.value, after);
  const hostPort = authText.slice(authText.lastIndexOf('@') + 1);
  if (next.t !== 'hole') return withPagePiece(ctx, hostPort, next, after);
  return withHole(ctx, scheme, verdict.scheme, hostPort, next, after);
}

function withHole(
  ctx: DeriveContext,
  scheme: WebScheme,
  effective: WebScheme,
  hostPort: string,
  hole: OpaquePiece,
  after: readonly UrlPiece[],
): Derivation {
  const label = describePiece(hole);
  const bracketEnd = hostPort.startsWith('[') ? hostPort.indexOf(']') : 0;
  if (bracketEnd === -1)
    return fail(ctx, 'dynamic-origin', { reason: `the IPv6 address continues in ${label}` });
  const colon = hostPort.indexOf(':', bracketEnd);
  if (colon !== -1) {
    if (colon === hostPort.length - 1) return portHole(ctx, effective, hostPort.slice(0, colon), hole, after);
    // A complete port then a hole: the hole is the path, as for a complete host below.
    return deriveExact(ctx, `${scheme}://${hostPort}/`, 'prefix');
  }
  const nextText = after[0];
  const suffixFollows = nextText?.t === 'text' && nextText.value.startsWith('.');
  if (suffixFollows && /^[\p{L}\p{N}-]*$/u.test(hostPort)) {
    return deriveHostWildcard(ctx, effective, hole, after);
  }
  if (hostPort === '') return fail(ctx, 'dynamic-origin', { reason: `the host is ${label}` });
  if (!/[\p{L}\p{N}\]]$/u.test(hostPort)) {
    return fail(ctx, 'dynamic-origin', { reason: `the host continues in ${label}` });
  }
  // Text that ends right after a complete host (`https://api.example.com` + path): the hole is
  // taken to be the path, the way `${API_BASE}${path}` is written (see leavesOriginAlone).
  return deriveExact(ctx, `${scheme}://${hostPort}/`, 'prefix');
}

function portHole(
  ctx: DeriveContext,
  scheme: WebScheme,
  host: string,
  hole: OpaquePiece,
  after: readonly UrlPiece[],
): Derivation {
  if (!restCanBePort(after)) {
    return fail(ctx, 'dynamic-origin', {
      reason: `the port is ${describePiece(hole)}, followed by text that cannot be part of a port`,
    });
  }
  const url = tryParseUrl(`${scheme}://${host}/`);
  if (url === null) return fail(ctx, 'invalid-url', { reason: `"${host}" is not a valid host` });
  return sourceForTarget(
    ctx,
    { scheme, hostname: url.hostname, port: '' },
    { valueKind: 'prefix', anyPort: true },
  );
}

/** Only reached without an origin: with one, page pieces were replaced by text. */
function withPagePiece(
  ctx: DeriveContext,
  hostPort: string,
  piece: OpaquePiece,
  after: readonly UrlPiece[],
): Derivation {
  if (hostPort === '' && piece.t === 'page-host' && leavesOriginAlone(after[0])) return selfSource(ctx);
  if (hostPort === '' && piece.t === 'page-hostname') {
    return fail(ctx, 'dynamic-origin', {
      reason: `the host is \${location.hostname}, and without the page's port 'self' may not cover it; ${PASS_ORIGIN}`,
    });
  }
  return fail(ctx, 'dynamic-origin', {
    reason: `the host is built from ${describePiece(piece)}; ${PASS_ORIGIN}`,
  });
}
