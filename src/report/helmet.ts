import type { Report } from '../types.js';
import { assertDeliverable } from './deliverable.js';
import type { RenderOptions } from './formats.js';
import { splitPolicy } from './policy-directives.js';

/** helmet accepts dashed or camelCase names; camelCase reads like the rest of a JS config. */
export function camelCaseDirective(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_whole, ch: string) => ch.toUpperCase());
}

/**
 * helmet's `contentSecurityPolicy.directives` object, as pretty-printed JSON (also valid JS).
 * Valueless directives such as upgrade-insecure-requests become `[]`, which is how helmet
 * spells them. In report-only mode the whole `contentSecurityPolicy` options object is
 * written instead, because report-only is an option beside `directives`, not a directive.
 */
export function renderHelmet(report: Report, options: RenderOptions): string {
  // helmet re-joins the tokens with single spaces, so other ASCII whitespace is harmless here;
  // replacing it one for one keeps the offsets in the error message right.
  assertDeliverable(report.policy.replace(/[\t\n\f\r]/g, ' '), 'helmet');
  // fromEntries defines own properties, so a hostile name like __proto__ cannot reach a prototype.
  const directives = Object.fromEntries(
    splitPolicy(report.policy).map((d) => [camelCaseDirective(d.name), d.values]),
  );
  const value = options.reportOnly ? { directives, reportOnly: true } : directives;
  return `${JSON.stringify(value, null, 2)}\n`;
}
