// Small questions about a template's pieces that several derivation steps ask.

import type { UrlPiece } from '../types.js';
import { displayPiece } from './display-template.js';
import { AUTHORITY_END } from './url-parts.js';

/** A piece whose text is not known here: a hole, or the page's location when no origin is given. */
export type OpaquePiece = Exclude<UrlPiece, { t: 'text' }>;

export const PASS_ORIGIN = 'pass --origin to resolve it';

/** How a reason names a piece: `${label}` for a hole, `${location.host}` for the page. */
export function describePiece(piece: UrlPiece | undefined): string {
  return piece === undefined ? 'the end' : displayPiece(piece);
}

export function isPagePiece(piece: OpaquePiece): boolean {
  return piece.t !== 'hole';
}

/**
 * True when what follows an origin-like piece leaves the origin alone: nothing, a terminator,
 * or a hole. A hole right after a complete host is taken to be the path (`${API}${path}` is
 * how code builds URLs); it could in theory hold `.evil.example` or `:9000`, which no static
 * reading can rule out.
 */
export function leavesOriginAlone(next: UrlPiece | undefined): boolean {
  if (next === undefined || next.t === 'hole') return true;
  if (next.t !== 'text') return false;
  return AUTHORITY_END.test(next.value.charAt(0));
}

/** The hole's own explanation, when the analyzer gave one. */
export function holeReason(piece: OpaquePiece): string {
  return piece.t === 'hole' && piece.reason !== '' ? ` (${piece.reason})` : '';
}

/**
 * True when the pieces after an unknown port can all still be port: digits or more holes up to
 * the end of the authority.
 */
export function restCanBePort(pieces: readonly UrlPiece[]): boolean {
  for (const piece of pieces) {
    if (piece.t === 'hole') continue;
    if (piece.t !== 'text') return false;
    const end = piece.value.search(AUTHORITY_END);
    const authority = end === -1 ? piece.value : piece.value.slice(0, end);
    if (!/^\d*$/.test(authority)) return false;
    if (end !== -1) return true;
  }
  return true;
}

/**
 * Where the userinfo ends when an `@` comes after an unknown part of the authority: the host
 * is then the text after the last `@`, and everything before it is dropped.
 */
export function hostAfterUserinfo(
  pieces: readonly UrlPiece[],
): { readonly text: string; readonly rest: readonly UrlPiece[] } | null {
  let found: { readonly text: string; readonly rest: readonly UrlPiece[] } | null = null;
  for (const [index, piece] of pieces.entries()) {
    if (piece.t !== 'text') continue;
    const end = piece.value.search(AUTHORITY_END);
    const authority = end === -1 ? piece.value : piece.value.slice(0, end);
    const at = authority.lastIndexOf('@');
    if (at !== -1) found = { text: piece.value.slice(at + 1), rest: pieces.slice(index + 1) };
    if (end !== -1) break;
  }
  return found;
}
