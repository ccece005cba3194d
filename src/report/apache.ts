import type { Report } from '../types.js';
import { assertDeliverable, headerName } from './deliverable.js';
import type { RenderOptions } from './formats.js';
import { RenderError } from './render-error.js';

/**
 * Quotes a value for mod_headers' `Header` directive.
 *
 * mod_headers reads `%` as a format specifier (`%t`, `%{VAR}e`; an unknown one is a syntax
 * error), and `%%` is its literal percent. The config parser substitutes `${NAME}` with a
 * Define'd variable before mod_headers sees the value, with no escape, so that is refused.
 * `"` and `\` could be backslash-escaped, but refusing them keeps the line obviously safe
 * and no source expression contains them.
 */
export function quoteApache(value: string): string {
  const bad = /["\\]|\$\{/.exec(value);
  if (bad) {
    throw new RenderError(
      `cannot render the policy for Apache: it contains ${JSON.stringify(bad[0])} at offset ${bad.index}, which a Header directive cannot hold safely`,
    );
  }
  return `"${value.replace(/%/g, '%%')}"`;
}

export function renderApache(report: Report, options: RenderOptions): string {
  assertDeliverable(report.policy, 'apache');
  // `always` uses the table that also applies to error responses and proxied replies.
  return `Header always set ${headerName(options.reportOnly)} ${quoteApache(report.policy)}\n`;
}
