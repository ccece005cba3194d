// Turns a parsed network target (scheme, host, port) into its source expression: `'self'` when
// the page's own origin covers it, a scheme-source for IPv6, else `scheme://host[:port]`.

import {
  type Derivation,
  type DeriveContext,
  type DeriveNote,
  derived,
  fail,
  makeNote,
  type PageOrigin,
  selfSource,
} from './derivation.js';
import { hostKind, isCspHostname, isLoopbackHost, type WebScheme } from './url-parts.js';

export interface NetworkTarget {
  /** The scheme CSP sees, after the WebSocket http->ws rewrite. */
  readonly scheme: WebScheme;
  /** As `URL#hostname` gives it: lowercase, punycode, IPv6 in brackets, trailing dot kept. */
  readonly hostname: string;
  /** As `URL#port` gives it: empty for the scheme's default port. */
  readonly port: string;
}

/**
 * `'self'` per CSP3 §match-url-to-source-expression step 4 (csp-semantics.md rule 9): the same
 * host, the same port or both default, and a scheme that is secure or matches an http page.
 */
export function selfCovers(target: NetworkTarget, page: PageOrigin): boolean {
  if (target.hostname !== page.hostname || target.port !== page.port) return false;
  if (target.scheme === page.scheme || target.scheme === 'https' || target.scheme === 'wss') return true;
  return page.scheme === 'http' && (target.scheme === 'http' || target.scheme === 'ws');
}

export interface TargetOptions {
  readonly valueKind: 'exact' | 'prefix';
  /** The port is unknown: emit `:*` and never `'self'`. */
  readonly anyPort: boolean;
}

export function sourceForTarget(
  ctx: DeriveContext,
  target: NetworkTarget,
  options: TargetOptions,
): Derivation {
  if (!options.anyPort && ctx.origin !== null && selfCovers(target, ctx.origin)) return selfSource(ctx);
  const kind = hostKind(target.hostname);
  const notes: DeriveNote[] = [];
  let source: string;
  if (kind === 'ipv6') {
    // `[`, `]` and `:` are not host-chars, so only the scheme-source can allow it (rule 24).
    source = `${target.scheme}:`;
    notes.push(makeNote(ctx, 'ipv6-literal', { source }));
  } else {
    if (!isCspHostname(target.hostname)) {
      return fail(ctx, 'unsafe-source', {
        source: `${target.scheme}://${target.hostname}`,
        reason: 'a CSP host may only hold ASCII letters, digits, "-" and "."',
      });
    }
    const port = options.anyPort ? ':*' : target.port === '' ? '' : `:${target.port}`;
    source = `${target.scheme}://${target.hostname}${port}`;
    if (kind === 'ipv4') notes.push(makeNote(ctx, 'ip-literal', { source }));
    if (options.anyPort) notes.push(makeNote(ctx, 'dynamic-port', { source }));
  }
  notes.push(...insecureNotes(ctx, target.scheme, target.hostname, source));
  const valueKind = options.anyPort ? 'wildcard' : options.valueKind;
  return derived(ctx, source, valueKind, notes);
}

/** An insecure-origin note for http:/ws: to anything but the local machine. */
export function insecureNotes(
  ctx: DeriveContext,
  scheme: WebScheme,
  hostname: string,
  source: string,
): DeriveNote[] {
  if ((scheme !== 'http' && scheme !== 'ws') || isLoopbackHost(hostname)) return [];
  return [makeNote(ctx, 'insecure-origin', { source, scheme })];
}
