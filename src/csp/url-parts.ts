// String facts from the WHATWG URL standard that the deriver needs where it cannot hand a whole
// URL to `new URL()`: a template with holes has to be cut at the same places the parser cuts.

/** The four schemes that can name a connect-src origin. All are "special" in the URL standard. */
export type WebScheme = 'http' | 'https' | 'ws' | 'wss';

export function isWebScheme(scheme: string): scheme is WebScheme {
  return scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss';
}

/** C0 control or space: what the URL parser trims from both ends of its input. */
function isC0OrSpace(code: number): boolean {
  return code <= 0x20;
}

export function trimUrlStart(text: string): string {
  let start = 0;
  while (start < text.length && isC0OrSpace(text.charCodeAt(start))) start++;
  return text.slice(start);
}

export function trimUrlEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isC0OrSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/** The parser drops tab, LF and CR wherever they are, so `ht\ntps://` is `https://`. */
export function removeTabAndNewline(text: string): string {
  return text.replace(/[\t\n\r]/g, '');
}

/** The input exactly as the URL parser starts to read it. */
export function cleanUrlText(text: string): string {
  return trimUrlEnd(trimUrlStart(removeTabAndNewline(text)));
}

const SCHEME_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const SCHEME_CHARS_ONLY = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/** The lowercased scheme the text starts with (`HTTPS:` gives `https`), or null. */
export function leadingScheme(text: string): string | null {
  const match = SCHEME_PREFIX.exec(text);
  return match?.[1]?.toLowerCase() ?? null;
}

/** True when more text could still turn this into `scheme:` (`ws`, `http`, `api`). */
export function couldBecomeScheme(text: string): boolean {
  return SCHEME_CHARS_ONLY.test(text);
}

/** For special schemes the parser reads `\` as `/`, and skips any run of them before a host. */
export function countLeadingSlashes(text: string): number {
  let count = 0;
  while (count < text.length && (text[count] === '/' || text[count] === '\\')) count++;
  return count;
}

/** `//host`, `\\host`, `///host`: the page's scheme with another host. */
export function isProtocolRelative(text: string): boolean {
  return countLeadingSlashes(text) >= 2;
}

/** Where the authority of a special-scheme URL ends. */
export const AUTHORITY_END = /[/?#\\]/;

export type HostKind = 'ipv4' | 'ipv6' | 'domain';

/** Classifies a hostname as `URL#hostname` serialises it (IPv4 already in dotted-decimal form). */
export function hostKind(hostname: string): HostKind {
  if (hostname.startsWith('[')) return 'ipv6';
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname)) return 'ipv4';
  return 'domain';
}

/** What a CSP host-part may hold besides the wildcard: ASCII letters, digits, `-`, and dots. */
export function isCspHostname(hostname: string): boolean {
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?$/.test(hostname);
}

/**
 * Hosts a browser treats as potentially trustworthy without TLS (Secure Contexts §3.1,
 * "let localhost be localhost"): 127.0.0.0/8, ::1, and localhost names with or without a final dot.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === '[::1]') return true;
  if (hostKind(hostname) === 'ipv4') return hostname.startsWith('127.');
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  return name === 'localhost' || name.endsWith('.localhost');
}

/** `new URL()` without the exception: null when the parser rejects the input. */
export function tryParseUrl(input: string, base?: string): URL | null {
  try {
    return new URL(input, base);
  } catch {
    return null;
  }
}
