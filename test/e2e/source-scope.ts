// Which of the fake servers a source expression stands for, so a test that removes one source can
// check that exactly that server went quiet. Deliberately narrow: only the forms the e2e apps should
// produce; anything else fails loudly instead of being guessed at.

/** True when `source` (from csp-connect's directive) names the server behind `url`, for a page at `page`. */
export function sourceNames(source: string, url: URL, page: URL): boolean {
  // Chromium lets 'self' through to http, https, ws and wss on the page's own host and port
  // (csp-semantics.md rule 9); the e2e servers speak http and ws.
  if (source === "'self'")
    return url.hostname === page.hostname && effectivePort(url) === effectivePort(page);
  const match = /^(https?|wss?):\/\/([a-z0-9.-]+)(?::(\d+))?$/.exec(source);
  if (match === null) {
    throw new Error(`e2e: source-scope.ts has no rule for the source ${JSON.stringify(source)}`);
  }
  const [, scheme = '', host = '', port] = match;
  const family = (protocol: string): string => (protocol.startsWith('ws') ? 'ws' : 'http');
  return (
    family(scheme) === family(url.protocol) &&
    host === url.hostname &&
    (port ?? defaultPort(scheme)) === effectivePort(url)
  );
}

function defaultPort(scheme: string): string {
  return scheme === 'https' || scheme === 'wss' ? '443' : '80';
}

function effectivePort(url: URL): string {
  return url.port === '' ? defaultPort(url.protocol.replace(/:$/, '')) : url.port;
}
