// Checks for the values that have a grammar: origins, CSP source expressions, policies.
import { isValidSourceExpression, parseSourceExpression } from '../csp/grammar.js';
import { describe, type Problem } from './describe.js';

// A page is served over http(s); a ws: URL is never a document's origin.
const ORIGIN_SCHEMES = new Set(['http:', 'https:']);

/** An http(s) or ws(s) origin, normalised to `URL#origin` (lowercase host, default port dropped). */
export function checkOrigin(value: unknown, key: string, problem: Problem): string {
  if (typeof value !== 'string') {
    throw problem(key, `expected an origin like "https://example.com", got ${describe(value)}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw problem(
      key,
      `${describe(value)} is not a URL; write it with its scheme, like "https://example.com"`,
    );
  }
  if (!ORIGIN_SCHEMES.has(url.protocol)) {
    throw problem(
      key,
      `${describe(value)} is not an http or https origin; write it like "https://example.com"`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw problem(key, `${describe(value)} has user info; give only the origin, "${url.origin}"`);
  }
  // `https://example.com/` is fine (the URL parser adds that slash anyway); `/app`, `?` or `#` are not.
  if (url.pathname !== '/' || /[?#]/.test(value)) {
    throw problem(
      key,
      `${describe(value)} has a path, query or fragment; give only the origin, "${url.origin}"`,
    );
  }
  return url.origin;
}

/**
 * An entry of `allow`: any source expression connect-src can use. Keywords other than 'self'
 * and nonces or hashes do nothing for connections, so listing one is a mistake worth naming.
 */
export function checkAllowEntry(value: unknown, key: string, problem: Problem): string {
  if (typeof value !== 'string') {
    throw problem(
      key,
      `expected a CSP source expression like "https://api.example.com", got ${describe(value)}`,
    );
  }
  const parsed = parseSourceExpression(value);
  if (parsed === null) throw problem(key, `${describe(value)} is not a valid CSP source expression`);
  switch (parsed.type) {
    case 'keyword':
      if (parsed.keyword === "'self'") return parsed.keyword;
      throw problem(
        key,
        `${describe(value)} has no effect in connect-src; the only keyword allowed here is 'self'`,
      );
    case 'nonce':
    case 'hash':
      throw problem(
        key,
        `${describe(value)} has no effect in connect-src; nonces and hashes only apply to scripts and styles`,
      );
    case 'host':
      // Unquoted, `self` is a valid host-source for a host named "self": never what was meant.
      if (parsed.host === 'self' && parsed.scheme === null && parsed.port === null && parsed.path === null) {
        throw problem(
          key,
          `${describe(value)} would allow a host named self; write "'self'" with single quotes`,
        );
      }
      return value;
    default:
      return value;
  }
}

/** A source expression an ignore rule matches against emitted sources. */
export function checkSource(value: unknown, key: string, problem: Problem): string {
  if (typeof value !== 'string') {
    throw problem(
      key,
      `expected a CSP source expression like "http://localhost:3000", got ${describe(value)}`,
    );
  }
  if (!isValidSourceExpression(value))
    throw problem(key, `${describe(value)} is not a valid CSP source expression`);
  return value;
}

/**
 * A policy to merge connect-src into. Only what would make it undeliverable is checked here
 * (the policy stage reports the rest): it must be one line of printable ASCII and one policy.
 */
export function checkBasePolicy(value: unknown, key: string, problem: Problem): string {
  if (typeof value !== 'string') {
    throw problem(key, `expected a policy like "default-src 'self'", got ${describe(value)}`);
  }
  if (value.trim() === '') throw problem(key, 'is empty; leave it out to emit connect-src alone');
  const bad = /[^\x20-\x7e\t]/.exec(value);
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw problem(key, `contains U+${code} at offset ${bad.index}; a policy is printable ASCII on one line`);
  }
  const comma = value.indexOf(',');
  if (comma !== -1) {
    throw problem(
      key,
      `contains "," at offset ${comma}, which would split it into two policies; give one policy`,
    );
  }
  return value;
}
