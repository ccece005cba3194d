// Policies as text: CSP3's parser, the connect-src a policy applies, and merging the generated
// directive into a base policy that will be written into headers and server config.

import type { Directive } from '../types.js';
import { isEmittableSource } from './grammar.js';

export { type FoundPolicy, findPolicies } from './policy-find.js';

export interface PolicyDirective {
  /** Lowercased. */
  readonly name: string;
  /** Tokens as written. */
  readonly value: readonly string[];
}

export interface ParsedPolicy {
  readonly directives: readonly PolicyDirective[];
}

const ASCII_WHITESPACE = /[\t\n\f\r ]+/;

/**
 * CSP3 "parse a serialized CSP": split on `;`, trim ASCII whitespace, skip empty tokens and any
 * directive with a non-ASCII character (rule 6: the whole directive is dropped), lowercase the
 * name, keep the first of duplicate names (rule 4), split the value on ASCII whitespace.
 */
export function parsePolicy(serialized: string): ParsedPolicy {
  const directives: PolicyDirective[] = [];
  const seen = new Set<string>();
  for (const raw of serialized.split(';')) {
    const token = trimAsciiWhitespace(raw);
    if (token === '' || firstIndex(token, isNonAscii) !== -1) continue;
    const [first = '', ...value] = token.split(ASCII_WHITESPACE);
    const name = first.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    directives.push({ name, value });
  }
  return { directives };
}

/** `name value value; name value`, the form parsePolicy reads back to the same directives. */
export function serializePolicy(policy: ParsedPolicy): string {
  return policy.directives.map((d) => [d.name, ...d.value].join(' ')).join('; ');
}

/**
 * The source list that governs connections (rule 2): connect-src's, else default-src's, else
 * none at all (`directive: null`, connections unrestricted).
 */
export function connectSources(policy: ParsedPolicy): {
  readonly directive: 'connect-src' | 'default-src' | null;
  readonly sources: readonly string[];
} {
  for (const name of ['connect-src', 'default-src'] as const) {
    const found = policy.directives.find((d) => d.name === name);
    if (found) return { directive: name, sources: found.value };
  }
  return { directive: null, sources: [] };
}

export interface MergeNote {
  readonly code: 'base-policy-default-src';
  readonly args: Record<string, string>;
}

/**
 * Replaces connect-src in `base` with `directive` (or appends it), keeping every other directive
 * as written and in order; a later duplicate connect-src, which browsers ignore, is dropped.
 *
 * Throws when `base` holds a comma (several policies), a control character (a line break would
 * end the header or config line) or a non-ASCII character (rule 6), and when `directive` holds a
 * token csp-connect would never emit: the result is written into headers and server config.
 */
export function mergeIntoBase(
  base: string,
  directive: Directive,
): { readonly policy: string; readonly notes: readonly MergeNote[] } {
  assertSafeBase(base);
  assertEmittable(directive);
  const kept: string[] = [];
  let replaced = false;
  let defaultSrc: readonly string[] | null = null;
  for (const raw of base.split(';')) {
    const segment = trimAsciiWhitespace(raw);
    if (segment === '') continue;
    const [first = '', ...value] = segment.split(ASCII_WHITESPACE);
    const name = first.toLowerCase();
    if (name === 'connect-src') {
      if (!replaced) kept.push(directive.value);
      replaced = true;
      continue;
    }
    if (name === 'default-src' && defaultSrc === null) defaultSrc = value;
    kept.push(segment);
  }
  const notes: MergeNote[] = [];
  if (!replaced) {
    kept.push(directive.value);
    if (defaultSrc !== null) {
      // An empty default-src means 'none'.
      const value = defaultSrc.length > 0 ? defaultSrc.join(' ') : "'none'";
      notes.push({ code: 'base-policy-default-src', args: { value } });
    }
  }
  return { policy: kept.join('; '), notes };
}

function assertSafeBase(base: string): void {
  const control = firstIndex(base, isControl);
  if (control !== -1) {
    const code = base.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0');
    throw new Error(
      `base policy contains a control character (U+${code}) at offset ${control}; give the policy on one line`,
    );
  }
  const nonAscii = firstIndex(base, isNonAscii);
  if (nonAscii !== -1) {
    throw new Error(
      `base policy contains a non-ASCII character (${JSON.stringify(base[nonAscii])}) at offset ${nonAscii}; browsers drop such a directive, so write hosts in punycode and percent-encode paths`,
    );
  }
  const comma = base.indexOf(',');
  if (comma !== -1) {
    throw new Error(
      `base policy contains a comma at offset ${comma}, which separates several policies; give a single policy`,
    );
  }
}

function assertEmittable(directive: Directive): void {
  const sources = directive.sources;
  if (
    directive.name !== 'connect-src' ||
    sources.length === 0 ||
    !sources.every(isEmittableSource) ||
    directive.value !== `connect-src ${sources.join(' ')}`
  ) {
    throw new Error(
      `refusing to merge a connect-src that csp-connect would not emit: ${JSON.stringify(directive.value)}`,
    );
  }
}

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

function isNonAscii(code: number): boolean {
  return code > 0x7f;
}

function firstIndex(text: string, test: (code: number) => boolean): number {
  for (let i = 0; i < text.length; i++) if (test(text.charCodeAt(i))) return i;
  return -1;
}

function trimAsciiWhitespace(text: string): string {
  return text.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
}
