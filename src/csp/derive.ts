// One connection target, as the analyzer understood it, in, one connect-src source expression
// out. Every source leaves through the grammar gate, so no string from scanned code can add a
// directive or a keyword to the policy.

import type { UrlPiece, UrlTemplate } from '../types.js';
import { type Derivation, type DeriveContext, fail, type PageOrigin } from './derivation.js';
import { deriveExact } from './derive-exact.js';
import { deriveTemplate } from './derive-template.js';
import { displayTemplate } from './display-template.js';
import { isEmittableSource } from './grammar.js';
import { removeTabAndNewline, trimUrlEnd, trimUrlStart } from './url-parts.js';

export type { Derivation, DeriveNote } from './derivation.js';
export { displayTemplate } from './display-template.js';
export { sinkLabel } from './sink-label.js';

/**
 * origin: the page's origin when known (already normalised, e.g. "https://app.example.com" or
 * "http://localhost:8080"), else null. Throws a TypeError when it is not an http(s) origin:
 * the config stage validates it, so a bad one here is a bug, not user input.
 */
export function deriveSource(template: UrlTemplate, origin: string | null): Derivation {
  const page = origin === null ? null : parsePageOrigin(origin);
  const ctx: DeriveContext = { sink: template.sink, display: displayTemplate(template), origin: page };
  const pieces = normalisePieces(template.pieces, page);
  const first = pieces[0];
  const result =
    pieces.length <= 1 && (first === undefined || first.t === 'text')
      ? deriveExact(ctx, first?.value ?? '', 'exact')
      : deriveTemplate(ctx, pieces);
  return gate(ctx, result);
}

function gate(ctx: DeriveContext, result: Derivation): Derivation {
  if (!result.ok || isEmittableSource(result.source)) return result;
  const printable = /^[\x21-\x7e]+$/.test(result.source);
  return fail(ctx, 'unsafe-source', {
    source: result.source,
    reason: printable
      ? 'it does not match the CSP source grammar'
      : 'it holds characters outside printable ASCII',
  });
}

function parsePageOrigin(origin: string): PageOrigin {
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`the page origin must be an http: or https: origin, not ${origin}`);
  }
  return {
    origin: url.origin,
    scheme: url.protocol === 'http:' ? 'http' : 'https',
    host: url.host,
    hostname: url.hostname,
    port: url.port,
  };
}

/**
 * Replaces page pieces when the page is known, joins adjacent text, and drops what the URL
 * parser ignores: tab/LF/CR anywhere, and C0 controls or spaces at either end of the whole URL.
 */
function normalisePieces(pieces: readonly UrlPiece[], page: PageOrigin | null): UrlPiece[] {
  const joined: UrlPiece[] = [];
  for (const piece of pieces) {
    const known = page === null ? piece : substitute(piece, page);
    const last = joined[joined.length - 1];
    if (known.t !== 'text') joined.push(known);
    else if (last?.t === 'text') joined[joined.length - 1] = { t: 'text', value: last.value + known.value };
    else joined.push(known);
  }
  const cleaned = joined.map((piece, index) => {
    if (piece.t !== 'text') return piece;
    let value = removeTabAndNewline(piece.value);
    if (index === 0) value = trimUrlStart(value);
    if (index === joined.length - 1) value = trimUrlEnd(value);
    return { t: 'text', value } as const;
  });
  return cleaned.filter((piece) => piece.t !== 'text' || piece.value !== '');
}

function substitute(piece: UrlPiece, page: PageOrigin): UrlPiece {
  switch (piece.t) {
    case 'page-origin':
      return { t: 'text', value: page.origin };
    case 'page-host':
      return { t: 'text', value: page.host };
    case 'page-hostname':
      return { t: 'text', value: page.hostname };
    case 'page-protocol':
      return { t: 'text', value: `${page.scheme}:` };
    default:
      return piece;
  }
}
