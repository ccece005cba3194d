// `https://${tenant}.api.example.com`: the leading label varies and the rest of the host is
// known, which is exactly what a `*.` host-source can say (csp-semantics.md rules 19, 20).

import type { UrlPiece } from '../types.js';
import {
  type Derivation,
  type DeriveContext,
  type DeriveNote,
  derived,
  fail,
  makeNote,
} from './derivation.js';
import { insecureNotes } from './origin-source.js';
import { describePiece, type OpaquePiece, restCanBePort } from './template-pieces.js';
import { AUTHORITY_END, isCspHostname, tryParseUrl, type WebScheme } from './url-parts.js';

/**
 * `after` starts with the text right after the varying label, which begins with `.`. The hole
 * is assumed to hold host text only; a `/` in it would move the whole host into the hole.
 */
export function deriveHostWildcard(
  ctx: DeriveContext,
  scheme: WebScheme,
  hole: OpaquePiece,
  after: readonly UrlPiece[],
): Derivation {
  const [suffixPiece, portPiece, ...afterPort] = after;
  const text = suffixPiece?.t === 'text' ? suffixPiece.value : '';
  const end = text.search(AUTHORITY_END);
  const authority = end === -1 ? text : text.slice(0, end);
  const portVaries = end === -1 && portPiece !== undefined;
  if (portVaries && !(authority.endsWith(':') && portPiece.t === 'hole' && restCanBePort(afterPort))) {
    return fail(ctx, 'dynamic-origin', {
      reason: `the host is ${describePiece(hole)}${authority}${describePiece(portPiece)}, with more than one unknown part`,
    });
  }
  const colon = authority.indexOf(':');
  const suffixText = colon === -1 ? authority : authority.slice(0, colon);
  const portText = colon === -1 || portVaries ? '' : authority.slice(colon);
  // A first label the parser cannot fold into the suffix, so IDN suffixes come back in punycode.
  const url = tryParseUrl(`${scheme}://x${suffixText}${portText}/`);
  if (url === null || !url.hostname.startsWith('x.')) {
    if (/\.(?:\d+|0x[0-9a-f]*)\.?$/i.test(suffixText)) {
      return fail(ctx, 'dynamic-origin', {
        reason: `the host ${describePiece(hole)}${suffixText} may be an IP address`,
      });
    }
    return fail(ctx, 'invalid-url', { reason: `no valid host ends in "${suffixText}"` });
  }
  const suffix = url.hostname.slice(2);
  if (suffix.replace(/\.$/, '').split('.').length < 2) {
    return fail(ctx, 'dynamic-origin', {
      reason: `only the last label of the host (${suffixText}) is known, and *.${suffix} would allow too much`,
    });
  }
  if (!isCspHostname(suffix)) {
    return fail(ctx, 'unsafe-source', {
      source: `${scheme}://*.${suffix}`,
      reason: 'a CSP host may only hold ASCII letters, digits, "-" and "."',
    });
  }
  const port = portVaries ? ':*' : url.port === '' ? '' : `:${url.port}`;
  const source = `${scheme}://*.${suffix}${port}`;
  const notes: DeriveNote[] = [makeNote(ctx, 'wildcard-host', { source })];
  if (portVaries) notes.push(makeNote(ctx, 'dynamic-port', { source }));
  notes.push(...insecureNotes(ctx, scheme, suffix, source));
  return derived(ctx, source, 'wildcard', notes);
}
