// The loopback web the e2e pages talk to: the apps' own origin and the fake third parties.
// Every origin has a fixed port because the fixture apps spell their URLs out in source, the way
// real apps do; Chromium maps every *.test name to 127.0.0.1 (--host-resolver-rules).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

/** One fixed port per fake origin; the fixture sources under fixtures/e2e/ hard-code them. */
export const PORTS = {
  /** every app page (virtual hosts: dashboard., chat., bookshop., probe.e2e.test) and their same-origin endpoints */
  app: 47801,
  api: 47802,
  events: 47803,
  live: 47804,
  beacon: 47805,
  ping: 47806,
  /** bücher.e2e.test, which the browser and the policy must write as xn--bcher-kva.e2e.test */
  idn: 47807,
  /** an origin no policy lists, for "is connect-src still enforced at all?" */
  elsewhere: 47808,
} as const;

/** One connection attempt that reached a server. */
export interface Hit {
  readonly transport: 'http' | 'ws';
  /** The Host header: punycode host and port, as the browser sent it. */
  readonly host: string;
  readonly method: string;
  /** Path and query as requested. */
  readonly path: string;
  readonly contentType: string;
}

/** `http://host:port/path` or `ws://host:port/path`, the key the tests compare on. */
export function hitUrl(hit: Hit): string {
  return `${hit.transport}://${hit.host}${hit.path}`;
}

/** The HTML page served at the probe host; the behaviour tests drive it with page.evaluate. */
const PROBE_PAGE = '<!doctype html><meta charset="utf-8"><title>probe</title><p>connect-src probe</p>\n';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export class FakeOrigins {
  /** Every connection the servers saw since the last reset(), in arrival order. */
  readonly hits: Hit[] = [];
  private readonly servers: Server[] = [];
  private readonly sockets = new WebSocketServer({ noServer: true });
  /** Page host (`dashboard.e2e.test:47801`) -> the Content-Security-Policy header to send. */
  private readonly policies = new Map<string, string>();

  /** @param apps page host (with port) -> directory whose files that host serves */
  private constructor(private readonly apps: ReadonlyMap<string, string>) {}

  /** Binds every port in PORTS on 127.0.0.1; a taken port fails with a message naming it. */
  static async start(apps: ReadonlyMap<string, string>): Promise<FakeOrigins> {
    const origins = new FakeOrigins(apps);
    try {
      for (const port of Object.values(PORTS)) await origins.listen(port);
    } catch (error) {
      await origins.close();
      throw error;
    }
    return origins;
  }

  /**
   * The policy sent with every page of `pageHost` from now on. The string is sent as UTF-8 bytes,
   * as a server reading its config from a UTF-8 file would, so non-ASCII reaches the browser intact.
   */
  setPolicy(pageHost: string, policy: string): void {
    this.policies.set(pageHost, policy);
  }

  reset(): void {
    this.hits.length = 0;
    this.policies.clear();
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  private listen(port: number): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
    return new Promise((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `e2e: port ${port} on 127.0.0.1 is taken; the e2e fixture apps hard-code ports ` +
                  `${PORTS.app}-${PORTS.elsewhere} (is another e2e run going on?)`,
              )
            : error,
        );
      });
      server.listen(port, '127.0.0.1', () => {
        this.servers.push(server);
        resolve();
      });
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const host = req.headers.host ?? '';
    const target = req.url ?? '/';
    if (target === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'GET' && this.servePage(host, target, res)) return;

    this.hits.push({
      transport: 'http',
      host,
      method: req.method ?? '',
      path: target,
      contentType: req.headers['content-type'] ?? '',
    });
    // CORS for the cross-origin fetch, XHR and EventSource of the fixture apps.
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'content-type',
      vary: 'origin',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
    } else if ((req.headers.accept ?? '').includes('text/event-stream')) {
      // Keep the stream open; the page closes it after the first event.
      res.writeHead(200, { ...cors, 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(`retry: 60000\ndata: ${JSON.stringify({ text: `event from ${host}${target}` })}\n\n`);
    } else {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ text: `${req.method} ${host}${target} answered` }));
      });
    }
  }

  /** Serves the page and assets of an app host; false when the request is not for one. */
  private servePage(host: string, target: string, res: ServerResponse): boolean {
    const { pathname } = new URL(target, 'http://page.invalid');
    if (host.startsWith('probe.') && pathname === '/') {
      this.sendPage(host, res, 'text/html; charset=utf-8', PROBE_PAGE);
      return true;
    }
    const root = this.apps.get(host);
    if (root === undefined) return false;
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    const type = CONTENT_TYPES[path.extname(file)];
    if (!file.startsWith(`${root}${path.sep}`) || type === undefined) return false;
    if (!existsSync(file) || !statSync(file).isFile()) return false;
    this.sendPage(host, res, type, readFileSync(file));
    return true;
  }

  private sendPage(host: string, res: ServerResponse, type: string, body: string | Buffer): void {
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store' };
    const policy = this.policies.get(host);
    // Node writes header strings as latin1; re-encoding makes the bytes on the wire UTF-8.
    if (policy !== undefined)
      headers['content-security-policy'] = Buffer.from(policy, 'utf8').toString('latin1');
    res.writeHead(200, headers).end(body);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const host = req.headers.host ?? '';
    const target = req.url ?? '/';
    this.hits.push({ transport: 'ws', host, method: req.method ?? '', path: target, contentType: '' });
    this.sockets.handleUpgrade(req, socket, head, (client) => {
      client.send(JSON.stringify({ text: `socket message from ${host}${target}` }));
    });
  }
}
