import { RenderError } from './render-error.js';

/**
 * Every format that delivers the policy puts it on one line of a header, an attribute or a
 * config file. A serialized policy is printable ASCII (CSP3 "serialized-policy"), so anything
 * else is refused here rather than written: a line break would start a new header or line.
 */
export function assertDeliverable(policy: string, format: string): void {
  const bad = /[^\x20-\x7e]/.exec(policy);
  if (bad) {
    const code = bad[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '';
    throw new RenderError(
      `cannot render the policy as ${format}: it contains U+${code} at offset ${bad.index}; a policy is printable ASCII on one line`,
    );
  }
}

/** The header name, which also carries report-only mode. */
export function headerName(reportOnly: boolean): string {
  return reportOnly ? 'Content-Security-Policy-Report-Only' : 'Content-Security-Policy';
}
