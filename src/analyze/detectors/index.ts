import { axiosDetector } from './axios.js';
import { beaconDetector } from './beacon.js';
import { connectDetector } from './connect.js';
import { eventSourceDetector } from './event-source.js';
import { fetchDetector } from './fetch.js';
import { kyDetector } from './ky.js';
import { ofetchDetector } from './ofetch.js';
import { pingDetector } from './ping.js';
import { socketIoDetector } from './socket-io.js';
import type { Detector } from './types.js';
import { websocketDetector } from './websocket.js';
import { xhrDetector } from './xhr.js';

/** Every detector, in one explicit list. Each runs inside the shared walk's candidate list. */
export const DETECTORS: readonly Detector[] = [
  fetchDetector,
  xhrDetector,
  websocketDetector,
  eventSourceDetector,
  beaconDetector,
  pingDetector,
  axiosDetector,
  socketIoDetector,
  kyDetector,
  ofetchDetector,
  connectDetector,
];
