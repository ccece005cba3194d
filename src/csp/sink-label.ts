import type { SinkKind } from '../types.js';

const SINK_LABELS: Readonly<Record<SinkKind, string>> = {
  fetch: 'fetch()',
  xhr: 'XMLHttpRequest.open()',
  websocket: 'new WebSocket()',
  'event-source': 'new EventSource()',
  beacon: 'navigator.sendBeacon()',
  ping: '<a ping>',
};

/** The sink as a person reads it in a message, e.g. `new WebSocket()`. */
export function sinkLabel(kind: SinkKind): string {
  return SINK_LABELS[kind];
}
