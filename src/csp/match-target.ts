// The two URLs CSP matching looks at, parsed once with the WHATWG parser (`new URL`) so that
// every engine model sees the same canonical host (lowercase, punycode, IPv4 dotted) and port.

/** What the URL standard calls the host's kind; the spec's host-part matching needs "domain". */
export type HostKind = 'domain' | 'ipv4' | 'ipv6' | 'opaque';

/** A tuple origin. `port` is null when it is the scheme's default. */
export interface TupleOrigin {
  readonly scheme: string;
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port: number | null;
}

export interface MatchTarget {
  /** Lowercase, without the colon. */
  readonly scheme: string;
  /** Null for URLs without a host (`data:`, `blob:`). */
  readonly host: string | null;
  readonly hostKind: HostKind | null;
  /** Null when absent or the scheme's default (the parser drops a default port). */
  readonly port: number | null;
  /** The serialised path, still percent-encoded; never the query. */
  readonly path: string;
  /** Null for an opaque origin (`data:`, most non-special schemes). */
  readonly origin: TupleOrigin | null;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 };
// The URL standard's special schemes, whose hosts are parsed as domains or IP addresses.
const SPECIAL = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);
const TUPLE_ORIGIN_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp']);

export function defaultPort(scheme: string): number | null {
  return DEFAULT_PORTS[scheme] ?? null;
}

/** Parses an absolute URL; null when the WHATWG parser rejects it. */
export function parseMatchTarget(url: string): MatchTarget | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return fromUrl(parsed);
}

/** The page's origin; null for an unparsable or opaque page (then `'self'` matches nothing). */
export function parsePageOrigin(page: string): TupleOrigin | null {
  return parseMatchTarget(page)?.origin ?? null;
}

function fromUrl(url: URL): MatchTarget {
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const special = SPECIAL.has(scheme);
  const rawHost = url.hostname;
  const host = rawHost === '' ? null : special ? rawHost : rawHost.toLowerCase();
  const hostKind = host === null ? null : kindOf(host, special);
  const port = url.port === '' ? null : Number(url.port);
  let origin: TupleOrigin | null = null;
  if (TUPLE_ORIGIN_SCHEMES.has(scheme) && host !== null && hostKind !== null) {
    origin = { scheme, host, hostKind, port };
  } else if (scheme === 'blob') {
    // A blob: URL's origin is the origin of the URL in its path (URL standard, "origin").
    const inner = parseMatchTarget(url.pathname);
    if (inner?.origin && (inner.scheme === 'http' || inner.scheme === 'https')) origin = inner.origin;
  }
  return { scheme, host, hostKind, port, path: url.pathname, origin };
}

function kindOf(host: string, special: boolean): HostKind {
  if (host.startsWith('[')) return 'ipv6';
  if (!special) return 'opaque';
  // The parser turns every IPv4 spelling (0x7f.1, 2130706433) into dotted decimal.
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ipv4' : 'domain';
}

/** Byte-wise percent-decoding (URL standard), as a string of code units 0-255; never throws. */
export function percentDecode(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** The spec rewrites a WebSocket URL's scheme before Fetch (and so CSP) sees it. */
export function rewriteWebSocket(target: MatchTarget): MatchTarget {
  const scheme = target.scheme === 'ws' ? 'http' : target.scheme === 'wss' ? 'https' : null;
  if (scheme === null) return target;
  const origin = target.origin ? { ...target.origin, scheme } : null;
  return { ...target, scheme, origin };
}
