import type { UrlPiece, UrlTemplate } from '../types.js';

/** The expressions the analyzer read as the page's own location. */
const PAGE_PIECES = {
  'page-origin': 'location.origin',
  'page-host': 'location.host',
  'page-hostname': 'location.hostname',
  'page-protocol': 'location.protocol',
} as const;

/** One piece as people read it: text as is, an unknown part as `${label}`. */
export function displayPiece(piece: UrlPiece): string {
  switch (piece.t) {
    case 'text':
      return piece.value;
    case 'hole':
      return `\${${piece.label}}`;
    default:
      return `\${${PAGE_PIECES[piece.t]}}`;
  }
}

/** For display: text as is, holes as `${label}`, page pieces as `${location.origin}` and the like. */
export function displayTemplate(template: UrlTemplate): string {
  return template.pieces.map(displayPiece).join('');
}
