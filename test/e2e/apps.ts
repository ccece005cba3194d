// The fixture apps of the e2e suite and, written by hand from their source, every connection
// each one makes. The tests compare these with what the fake servers actually received.
import path from 'node:path';
import type { SinkKind } from '../../src/types.js';
import { type Hit, PORTS } from './fake-origins.js';

export const E2E_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/e2e');

export interface ExpectedConnection {
  readonly sink: SinkKind;
  readonly method: 'GET' | 'POST';
  /** As the app's code writes it (IDN hosts included); compared after URL parsing. */
  readonly url: string;
  /** A prefix of the Content-Type the request must carry (pings are `text/ping`). */
  readonly contentType?: string;
}

export interface E2eApp {
  /** The folder under fixtures/e2e/. */
  readonly name: string;
  readonly dir: string;
  /** The page origin the app is served from and scanned for (--origin). */
  readonly origin: string;
  readonly connections: readonly ExpectedConnection[];
  /** What `window.runAll()` resolves to when every connection works. */
  readonly outcomes: Readonly<Record<string, string>>;
}

const api = `http://api.e2e.test:${PORTS.api}`;
const dashboard: E2eApp = {
  name: 'ops-dashboard',
  dir: path.join(E2E_FIXTURES, 'ops-dashboard'),
  origin: `http://dashboard.e2e.test:${PORTS.app}`,
  connections: [
    { sink: 'fetch', method: 'GET', url: `${api}/v1/summary` },
    { sink: 'xhr', method: 'GET', url: `${api}/v1/services` },
    { sink: 'websocket', method: 'GET', url: `ws://live.e2e.test:${PORTS.live}/deployments` },
    { sink: 'event-source', method: 'GET', url: `http://events.e2e.test:${PORTS.events}/alerts/stream` },
    {
      sink: 'beacon',
      method: 'POST',
      url: `http://beacon.e2e.test:${PORTS.beacon}/collect`,
      contentType: 'text/plain',
    },
    {
      sink: 'ping',
      method: 'POST',
      url: `http://ping.e2e.test:${PORTS.ping}/nav?to=deployments`,
      contentType: 'text/ping',
    },
    {
      sink: 'ping',
      method: 'POST',
      url: `http://ping.e2e.test:${PORTS.ping}/nav?to=alerts`,
      contentType: 'text/ping',
    },
  ],
  outcomes: { summary: 'ok', services: 'ok', deployments: 'ok', alerts: 'ok', beacon: 'queued' },
};

const chatOrigin = `http://chat.e2e.test:${PORTS.app}`;
const chatSocket = `ws://chat.e2e.test:${PORTS.app}`;
const chat: E2eApp = {
  name: 'team-chat',
  dir: path.join(E2E_FIXTURES, 'team-chat'),
  origin: chatOrigin,
  connections: [
    { sink: 'fetch', method: 'GET', url: `${chatOrigin}/api/channels/general/messages` },
    { sink: 'xhr', method: 'POST', url: `${chatOrigin}/api/presence`, contentType: 'application/json' },
    { sink: 'websocket', method: 'GET', url: `${chatSocket}/socket/chat` },
    { sink: 'websocket', method: 'GET', url: `${chatSocket}/socket/typing` },
    { sink: 'event-source', method: 'GET', url: `${chatOrigin}/events/notifications` },
    { sink: 'beacon', method: 'POST', url: `${chatOrigin}/metrics/session`, contentType: 'text/plain' },
    {
      sink: 'ping',
      method: 'POST',
      url: `${chatOrigin}/track/channel?name=general`,
      contentType: 'text/ping',
    },
    {
      sink: 'ping',
      method: 'POST',
      url: `${chatOrigin}/track/channel?name=random`,
      contentType: 'text/ping',
    },
  ],
  outcomes: {
    history: 'ok',
    presence: 'ok',
    chat: 'ok',
    typing: 'ok',
    notifications: 'ok',
    metrics: 'queued',
  },
};

const shop = `http://bücher.e2e.test:${PORTS.idn}`;
const bookshop: E2eApp = {
  name: 'bookshop',
  dir: path.join(E2E_FIXTURES, 'bookshop'),
  origin: `http://bookshop.e2e.test:${PORTS.app}`,
  connections: [
    { sink: 'fetch', method: 'GET', url: `${shop}/api/katalog?sortierung=neu` },
    { sink: 'websocket', method: 'GET', url: `ws://bücher.e2e.test:${PORTS.idn}/lager` },
    { sink: 'beacon', method: 'POST', url: `${shop}/statistik`, contentType: 'text/plain' },
    { sink: 'ping', method: 'POST', url: `${shop}/klick?ziel=katalog`, contentType: 'text/ping' },
  ],
  outcomes: { catalog: 'ok', stock: 'ok', visit: 'queued' },
};

export const APPS: readonly E2eApp[] = [dashboard, chat, bookshop];

/** The page host (with port) an app is served under. */
export function appHost(app: E2eApp): string {
  return new URL(app.origin).host;
}

/** True when `hit` is this connection arriving at its server. */
export function isHitOf(connection: ExpectedConnection, hit: Hit): boolean {
  const transport = connection.sink === 'websocket' ? 'ws' : 'http';
  const wanted = new URL(connection.url);
  return (
    hit.transport === transport &&
    hit.host === wanted.host &&
    hit.path === `${wanted.pathname}${wanted.search}` &&
    hit.method === connection.method &&
    hit.contentType.startsWith(connection.contentType ?? '')
  );
}

/** `fetch GET http://…` for failure messages. */
export function describeConnection(connection: ExpectedConnection): string {
  return `${connection.sink} ${connection.method} ${new URL(connection.url).href}`;
}
