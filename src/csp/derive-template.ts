// Derivation for a target with unknown parts. Only the text before the first unknown part can
// fix the origin, so this reads that text the way the URL parser would start reading the
// whole URL: a scheme, a protocol-relative `//`, or a relative reference.

import type { UrlPiece } from '../types.js';
import { type Derivation, type DeriveContext, derived, fail, selfSource } from './derivation.js';
import { deriveAuthority } from './derive-authority.js';
import { deriveExact } from './derive-exact.js';
import { schemeForSink } from './sink-scheme.js';
import {
  describePiece,
  holeReason,
  leavesOriginAlone,
  type OpaquePiece,
  PASS_ORIGIN,
} from './template-pieces.js';
import { couldBecomeScheme, countLeadingSlashes, isWebScheme, leadingScheme } from './url-parts.js';

/** `pieces` has adjacent text joined and no empty text. */
export function deriveTemplate(ctx: DeriveContext, pieces: readonly UrlPiece[]): Derivation {
  const [first, ...rest] = pieces;
  if (first === undefined) return deriveExact(ctx, '', 'exact');
  if (first.t !== 'text') return fromOpaqueStart(ctx, first, rest);
  return fromTextStart(ctx, first.value, rest);
}

function fromOpaqueStart(ctx: DeriveContext, first: OpaquePiece, rest: readonly UrlPiece[]): Derivation {
  if (first.t === 'page-origin') {
    // The analyzer also reads `location.origin.replace(/^http/, 'ws')` as the page origin: for
    // a socket, 'self' covers the page's own host and port (csp-semantics.md rule 9).
    if (leavesOriginAlone(rest[0])) return selfSource(ctx);
    return fail(ctx, 'dynamic-origin', {
      reason: `\${location.origin} is followed by ${describePiece(rest[0])}, which changes the origin; ${PASS_ORIGIN}`,
    });
  }
  if (first.t === 'page-protocol') {
    const [slashes, host, ...after] = rest;
    const slashesOnly =
      slashes?.t === 'text' && slashes.value.length === 2 && countLeadingSlashes(slashes.value) === 2;
    if (slashesOnly && host?.t === 'page-host' && leavesOriginAlone(after[0])) return selfSource(ctx);
    return fail(ctx, 'dynamic-origin', {
      reason: `its scheme is the page's \${location.protocol}; ${PASS_ORIGIN}`,
    });
  }
  return fail(ctx, 'unresolved-url', {
    reason: `it starts with ${describePiece(first)}${holeReason(first)}`,
  });
}

function fromTextStart(ctx: DeriveContext, prefix: string, rest: readonly UrlPiece[]): Derivation {
  const next = rest[0];
  if (next === undefined) return deriveExact(ctx, prefix, 'exact');
  const scheme = leadingScheme(prefix);
  if (scheme !== null) return fromScheme(ctx, scheme, prefix.slice(scheme.length + 1), rest);
  const slashes = countLeadingSlashes(prefix);
  if (slashes >= 2) {
    // Protocol-relative: the page's scheme with whatever host follows.
    return deriveAuthority(ctx, ctx.origin?.scheme ?? 'https', prefix.slice(slashes), rest);
  }
  if (slashes === prefix.length) {
    return fail(ctx, 'unresolved-url', {
      reason: `it starts with "${prefix}" and then ${describePiece(next)}, which could make it //host`,
    });
  }
  if (couldBecomeScheme(prefix)) {
    return fail(ctx, 'unresolved-url', {
      reason: `"${prefix}" followed by ${describePiece(next)} could still be a scheme such as ${prefix}…:`,
    });
  }
  // A character that no scheme holds comes before any ':', so this is a relative reference.
  return selfSource(ctx);
}

function fromScheme(
  ctx: DeriveContext,
  scheme: string,
  afterColon: string,
  rest: readonly UrlPiece[],
): Derivation {
  if (!isWebScheme(scheme)) {
    const verdict = schemeForSink(scheme, ctx.sink);
    if (!verdict.ok) return fail(ctx, verdict.code, { scheme, reason: verdict.reason });
    // Only data: and blob: get here; their scheme-source does not depend on the rest.
    return derived(ctx, `${verdict.scheme}:`, 'prefix');
  }
  const slashes = countLeadingSlashes(afterColon);
  if (slashes < 2) {
    // `https:host` is relative on an https page and absolute elsewhere; with a hole in it,
    // guessing is not worth it.
    return fail(ctx, 'unresolved-url', {
      reason: `${scheme}: is not followed by //, so whether it names a host depends on the page`,
    });
  }
  return deriveAuthority(ctx, scheme, afterColon.slice(slashes), rest);
}
