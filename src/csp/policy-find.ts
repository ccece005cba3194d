// Finds the Content-Security-Policy a committed file delivers: a header line, an HTML <meta>, an
// nginx or Apache directive, or a bare policy. Each format is read the way its consumer reads it
// (HTML entities, nginx escapes, Apache's `%%`), because the policy that counts is the delivered one.

import type { DefaultTreeAdapterTypes } from 'parse5';
import { parse5 } from '../parse/parse5.js';

export interface FoundPolicy {
  readonly policy: string;
  readonly format: 'policy' | 'header' | 'meta' | 'nginx' | 'apache';
  /** 1-based line where the policy (or the directive delivering it) starts. */
  readonly line: number;
  readonly reportOnly: boolean;
}

interface Located extends FoundPolicy {
  readonly offset: number;
}

const HEADER_NAME = 'content-security-policy(?:-report-only)?';

/**
 * Every policy found in `text`, in file order; empty when there is none. A comma in a header
 * value separates policies (HTTP list syntax), so one header can give several; a `<meta>`
 * content is one policy. A bare policy is looked for only when no other format is present.
 * Whitespace runs are folded to one space, which CSP parsing cannot tell apart.
 */
export function findPolicies(text: string): FoundPolicy[] {
  const found: Located[] = [
    ...headerLines(text),
    ...nginxDirectives(text),
    ...apacheDirectives(text),
    ...metaTags(text),
  ];
  if (found.length === 0) found.push(...barePolicy(text));
  found.sort((a, b) => a.offset - b.offset);
  return found.map(({ policy, format, line, reportOnly }) => ({ policy, format, line, reportOnly }));
}

function headerLines(text: string): Located[] {
  const out: Located[] = [];
  const pattern = new RegExp(`^[ \\t]*(${HEADER_NAME})[ \\t]*:(.*)$`, 'gim');
  for (const match of text.matchAll(pattern)) {
    const value = unwrapQuotes((match[2] ?? '').trim());
    out.push(...split(value, 'header', text, match.index, isReportOnly(match[1])));
  }
  return out;
}

/** `add_header Content-Security-Policy "..." [always];` (the name may be quoted too). */
function nginxDirectives(text: string): Located[] {
  const out: Located[] = [];
  const pattern = new RegExp(`(?<![\\w$-])add_header\\s+(["']?)(${HEADER_NAME})\\1\\s+`, 'gi');
  for (const match of text.matchAll(pattern)) {
    if (isCommentedOut(text, match.index)) continue;
    const value = readConfigWord(text, match.index + match[0].length, 'nginx');
    // A lone variable (`$csp`) is filled in at run time; there is nothing to check.
    if (value === null || /^\$\w+$/.test(value)) continue;
    out.push(...split(value, 'nginx', text, match.index, isReportOnly(match[2])));
  }
  return out;
}

/** `Header [always|onsuccess] set|add|append|merge|setifempty Content-Security-Policy "..."`. */
function apacheDirectives(text: string): Located[] {
  const out: Located[] = [];
  const pattern = new RegExp(
    `^[ \\t]*header[ \\t]+(?:(?:always|onsuccess)[ \\t]+)?(?:set|add|append|merge|setifempty)[ \\t]+(["']?)(${HEADER_NAME})\\1[ \\t]+`,
    'gim',
  );
  for (const match of text.matchAll(pattern)) {
    const value = readConfigWord(text, match.index + match[0].length, 'apache');
    if (value === null) continue;
    // mod_headers reads `%` as a format specifier; `%%` is a literal percent sign.
    out.push(...split(value.replace(/%%/g, '%'), 'apache', text, match.index, isReportOnly(match[2])));
  }
  return out;
}

/**
 * One argument of an nginx or Apache directive starting at `start`: a bare word, or a quoted
 * string. Inside quotes nginx unescapes `\"`, `\'`, `\\` (and turns `\n`, `\r`, `\t` into
 * whitespace); Apache unescapes only the quote itself and joins `\`-continued lines.
 */
function readConfigWord(text: string, start: number, server: 'nginx' | 'apache'): string | null {
  const quote = text[start];
  if (quote !== '"' && quote !== "'") {
    const word = /^[^\s;]+/.exec(text.slice(start));
    return word ? word[0] : null;
  }
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (c === quote) return value;
    if (c !== '\\') {
      value += c;
    } else if (next === quote || (server === 'nginx' && (next === '"' || next === "'" || next === '\\'))) {
      value += next;
      i++;
    } else if (server === 'nginx' && (next === 'n' || next === 'r' || next === 't')) {
      value += ' ';
      i++;
    } else if (server === 'apache' && next === '\n') {
      i++;
    } else {
      value += c;
    }
  }
  return null; // unterminated
}

function metaTags(text: string): Located[] {
  if (!/<meta\b/i.test(text)) return [];
  const out: Located[] = [];
  const document = parse5().parse(text, { sourceCodeLocationInfo: true });
  visit(document, (element, parent) => {
    if (element.tagName !== 'meta') return;
    // Browsers apply a CSP <meta> only as a child of <head>, and never a report-only one.
    if (parent?.tagName !== 'head') return;
    const httpEquiv = attribute(element, 'http-equiv');
    const content = attribute(element, 'content');
    if (httpEquiv?.trim().toLowerCase() !== 'content-security-policy' || content === null) return;
    const offset = element.sourceCodeLocation?.startOffset ?? 0;
    const policy = fold(content);
    if (policy !== '') {
      out.push({ policy, format: 'meta', line: lineAt(text, offset), reportOnly: false, offset });
    }
  });
  return out;
}

type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

function visit(node: ParentNode, onElement: (element: Element, parent: Element | null) => void): void {
  const parent = 'tagName' in node ? node : null;
  for (const child of node.childNodes) {
    if (!('tagName' in child)) continue;
    onElement(child, parent);
    visit(child, onElement);
    if (child.tagName === 'template' && 'content' in child) visit(child.content, onElement);
  }
}

function attribute(element: Element, name: string): string | null {
  return element.attrs.find((attr) => attr.name === name)?.value ?? null;
}

const DIRECTIVE_NAMES = new Set([
  'base-uri',
  'block-all-mixed-content',
  'child-src',
  'connect-src',
  'default-src',
  'fenced-frame-src',
  'font-src',
  'form-action',
  'frame-ancestors',
  'frame-src',
  'img-src',
  'manifest-src',
  'media-src',
  'navigate-to',
  'object-src',
  'plugin-types',
  'prefetch-src',
  'report-to',
  'report-uri',
  'require-trusted-types-for',
  'sandbox',
  'script-src',
  'script-src-attr',
  'script-src-elem',
  'style-src',
  'style-src-attr',
  'style-src-elem',
  'trusted-types',
  'upgrade-insecure-requests',
  'webrtc',
  'worker-src',
]);

/**
 * A file holding just a policy, possibly one directive a line. A line that starts with a
 * directive name starts a directive; any other line continues the previous one. `#` and `//`
 * lines are comments.
 */
function barePolicy(text: string): Located[] {
  const directives: string[] = [];
  let start: { line: number; offset: number } | null = null;
  let offset = 0;
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const lineOffset = offset;
    offset += raw.length + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    const name = /^[^\s;]*/.exec(line)?.[0].toLowerCase() ?? '';
    if (DIRECTIVE_NAMES.has(name)) {
      start ??= { line: index + 1, offset: lineOffset };
      directives.push(line);
    } else if (start !== null) {
      directives[directives.length - 1] += ` ${line}`;
    } else {
      return []; // the file does not start like a policy
    }
  }
  if (start === null) return [];
  const value = directives.map((d) => d.replace(/;\s*$/, '')).join('; ');
  return split(value, 'policy', text, start.offset, false);
}

function split(
  value: string,
  format: FoundPolicy['format'],
  text: string,
  offset: number,
  reportOnly: boolean,
): Located[] {
  const line = lineAt(text, offset);
  return value
    .split(',')
    .map(fold)
    .filter((policy) => policy !== '')
    .map((policy) => ({ policy, format, line, reportOnly, offset }));
}

function fold(value: string): string {
  return value.replace(/[\t\n\f\r ]+/g, ' ').trim();
}

/** A YAML-style quoted value (`"..."`, or `'...'` with `''` for a quote); a policy itself never starts with a quote. */
function unwrapQuotes(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1);
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'"))
    return value.slice(1, -1).replace(/''/g, "'");
  return value;
}

function isReportOnly(headerName: string | undefined): boolean {
  return (headerName ?? '').toLowerCase().endsWith('-report-only');
}

function isCommentedOut(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).includes('#');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
