// The CSP Level 3 source-expression grammar (w3c/webappsec-csp, "framework-directive-source-list").
// Every token csp-connect writes passes `isEmittableSource` first, so no string from scanned
// code can add a directive, a header or a config line.

export type ParsedSource =
  | { readonly type: 'keyword'; readonly keyword: string }
  | { readonly type: 'nonce'; readonly value: string }
  | { readonly type: 'hash'; readonly algorithm: 'sha256' | 'sha384' | 'sha512'; readonly value: string }
  | { readonly type: 'scheme'; readonly scheme: string }
  | {
      readonly type: 'host';
      /** Lowercased; null when the expression has no scheme-part. */
      readonly scheme: string | null;
      /** Lowercased; `*`, `*.suffix` or a plain host. A trailing dot is kept. */
      readonly host: string;
      /** Digits, `*`, or null when absent. */
      readonly port: string | null;
      /** As written (still percent-encoded); null when absent. */
      readonly path: string | null;
    };

const KEYWORDS = new Set([
  "'self'",
  "'none'",
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'strict-dynamic'",
  "'unsafe-hashes'",
  "'report-sample'",
  "'unsafe-allow-redirects'",
  "'wasm-unsafe-eval'",
  "'trusted-types-eval'",
  "'report-sha256'",
  "'report-sha384'",
  "'report-sha512'",
  "'unsafe-webtransport-hashes'",
  "'inline-speculation-rules'",
]);

const SCHEME = /^[a-z][a-z0-9+.-]*$/i;
const BASE64_VALUE = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HOST_PART = /^(?:\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)$/i;
const PORT_PART = /^(?:[0-9]+|\*)$/;
// RFC 3986 path-absolute built from pchar, minus ";" and "," which the CSP grammar forbids.
const PATH_PART =
  /^\/(?:(?:[A-Za-z0-9\-._~!$&'()*+=:@]|%[0-9A-Fa-f]{2})+(?:\/(?:[A-Za-z0-9\-._~!$&'()*+=:@]|%[0-9A-Fa-f]{2})*)*)?$/;

/** Parses one token; null when it is not a CSP source expression. Keywords are case-insensitive. */
export function parseSourceExpression(token: string): ParsedSource | null {
  // Only printable ASCII (0x21-0x7E) may appear; one other character drops the directive.
  if (token.length === 0 || !/^[\x21-\x7e]+$/.test(token)) return null;
  const lower = token.toLowerCase();
  if (KEYWORDS.has(lower)) return { type: 'keyword', keyword: lower };
  if (lower.startsWith("'nonce-") && token.endsWith("'") && token.length > 8) {
    const value = token.slice(7, -1);
    return BASE64_VALUE.test(value) ? { type: 'nonce', value } : null;
  }
  const hash = /^'(sha256|sha384|sha512)-(.+)'$/i.exec(token);
  if (hash) {
    const value = hash[2] ?? '';
    const algorithm = (hash[1] ?? '').toLowerCase() as 'sha256' | 'sha384' | 'sha512';
    return BASE64_VALUE.test(value) ? { type: 'hash', algorithm, value } : null;
  }
  if (token.startsWith("'")) return null;
  if (token.endsWith(':') && SCHEME.test(token.slice(0, -1))) {
    return { type: 'scheme', scheme: lower.slice(0, -1) };
  }
  return parseHostSource(token);
}

function parseHostSource(token: string): ParsedSource | null {
  let rest = token;
  let scheme: string | null = null;
  const sep = rest.indexOf('://');
  if (sep !== -1) {
    const candidate = rest.slice(0, sep);
    if (!SCHEME.test(candidate)) return null;
    scheme = candidate.toLowerCase();
    rest = rest.slice(sep + 3);
  }
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? null : rest.slice(slash);
  const colon = authority.lastIndexOf(':');
  const host = colon === -1 ? authority : authority.slice(0, colon);
  const port = colon === -1 ? null : authority.slice(colon + 1);
  if (!HOST_PART.test(host)) return null;
  if (port !== null && !PORT_PART.test(port)) return null;
  if (path !== null && !PATH_PART.test(path)) return null;
  return { type: 'host', scheme, host: host.toLowerCase(), port, path };
}

export function isValidSourceExpression(token: string): boolean {
  return parseSourceExpression(token) !== null;
}

/**
 * The narrower set csp-connect itself writes into connect-src: `'self'`, `'none'`,
 * scheme-sources, and host-sources with an explicit scheme and no path.
 */
export function isEmittableSource(token: string): boolean {
  const parsed = parseSourceExpression(token);
  if (!parsed) return false;
  switch (parsed.type) {
    case 'keyword':
      return parsed.keyword === "'self'" || parsed.keyword === "'none'";
    case 'scheme':
      return token === `${parsed.scheme}:`;
    case 'host':
      return parsed.scheme !== null && parsed.path === null && token === token.toLowerCase();
    default:
      return false;
  }
}

/** Serialises a parsed source back to its canonical text. */
export function formatSource(source: ParsedSource): string {
  switch (source.type) {
    case 'keyword':
      return source.keyword;
    case 'nonce':
      return `'nonce-${source.value}'`;
    case 'hash':
      return `'${source.algorithm}-${source.value}'`;
    case 'scheme':
      return `${source.scheme}:`;
    case 'host':
      return `${source.scheme ? `${source.scheme}://` : ''}${source.host}${source.port !== null ? `:${source.port}` : ''}${source.path ?? ''}`;
  }
}
