import type { Report } from '../types.js';
import { assertDeliverable, headerName } from './deliverable.js';
import type { RenderOptions } from './formats.js';
import { RenderError } from './render-error.js';

/**
 * Quotes a value as an nginx double-quoted string for add_header.
 *
 * nginx's config tokenizer turns `\"` into `"` and `\\` into `\` inside quotes (other
 * backslash pairs are kept, `\t` `\n` `\r` become control characters), so both are escaped.
 * add_header then compiles the value as a "complex value" in which `$name` and `${name}` are
 * variables; nginx has no escape for a literal `$`, so a policy containing one is refused.
 */
export function quoteNginx(value: string): string {
  const dollar = value.indexOf('$');
  if (dollar !== -1) {
    throw new RenderError(
      `cannot render the policy for nginx: it contains "$" at offset ${dollar}, which nginx reads as a variable and cannot escape`,
    );
  }
  return `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

export function renderNginx(report: Report, options: RenderOptions): string {
  assertDeliverable(report.policy, 'nginx');
  // `always` adds the header to error responses too, which a policy should cover.
  return `add_header ${headerName(options.reportOnly)} ${quoteNginx(report.policy)} always;\n`;
}
