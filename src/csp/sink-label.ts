import type { SinkKind } from '../types.js';

const SINK_LABELS: Readonly<Record<SinkKind, string>> = {
  fetch: 'fetch()',
  xhr: 'XMLHttpRequest.open()',
  websocket: 'new WebSocket()',
  'event-source': 'new EventSource()',
  beacon: 'navigator.sendBeacon()',
  ping: '<a ping>',
  axios: 'axios()',
  ky: 'ky()',
  ofetch: 'ofetch()',
  connect: 'Connect transport',
  // One io() call needs both sources; the label says which of its two connections this is.
  'socket.io': 'io() (HTTP)',
  'socket.io-websocket': 'io() (WebSocket)',
};

/** The sink as a person reads it in a message, e.g. `new WebSocket()`. */
export function sinkLabel(kind: SinkKind): string {
  return SINK_LABELS[kind];
}
