import type { Report } from '../types.js';
import { assertDeliverable } from './deliverable.js';
import type { RenderOptions } from './formats.js';
import { RenderError } from './render-error.js';

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '"': '&quot;',
  '<': '&lt;',
  '>': '&gt;',
};

/**
 * `'` is left alone: the attribute is double-quoted, and `'self'` should stay readable.
 * `<` and `>` need no escaping inside a quoted attribute but are escaped so the snippet is
 * also safe wherever a template engine pastes it.
 */
export function escapeHtmlAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (ch) => ATTRIBUTE_ESCAPES[ch] ?? ch);
}

export function renderMeta(report: Report, options: RenderOptions): string {
  if (options.reportOnly) {
    // HTML ignores http-equiv="Content-Security-Policy-Report-Only" (CSP3 §3.3), so writing
    // it would silently deliver nothing.
    throw new RenderError(
      'a report-only policy cannot be delivered in a <meta> element (browsers ignore it there); use --format header, nginx, apache or helmet',
    );
  }
  assertDeliverable(report.policy, 'meta');
  return `<meta http-equiv="Content-Security-Policy" content="${escapeHtmlAttribute(report.policy)}">\n`;
}
