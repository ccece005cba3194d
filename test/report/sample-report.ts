// Hand-built Reports shaped like what analyze() produces for a small shop front-end: a few
// connections with traces, one target it could not resolve, a base policy it merged into,
// and a diagnostic of each severity. Diagnostics and frames come from the real constructors.
import { createDiagnostic } from '../../src/diagnostics/create.js';
import type { Diagnostic, Finding, Report, SourceEntry } from '../../src/types.js';
import { codeFrame } from '../../src/util/frame.js';

const CLIENT_TS = [
  "import { API_BASE } from '../config.js';",
  '',
  'export async function loadOrder(id: string) {',
  '  const res = await fetch(`${API_BASE}/v1/orders/${id}`);',
  '  return res.json();',
  '}',
].join('\n');

const POLL_JS = [
  'function poll(endpoint) {',
  '  const xhr = new XMLHttpRequest();',
  "  xhr.open('GET', endpoint);",
  '}',
].join('\n');

const BROKEN_TS = [
  'export const retries = 3;',
  'export function backoff(n: number {',
  '  return n * 2;',
  '}',
].join('\n');

export const FINDINGS: readonly Finding[] = [
  {
    sink: 'fetch',
    location: { file: 'src/api/client.ts', line: 4, column: 21 },
    value: 'https://api.example.com/v1/orders/${id}',
    valueKind: 'prefix',
    source: 'https://api.example.com',
    coveredBy: 'https://api.example.com',
    trace: [
      { location: { file: 'src/config.ts', line: 1, column: 14 }, note: 'const API_BASE' },
      { location: { file: 'src/api/client.ts', line: 1, column: 10 }, note: 'import { API_BASE }' },
      { location: { file: 'src/api/client.ts', line: 4, column: 21 }, note: 'argument 1 of fetch()' },
    ],
    frame: codeFrame(CLIENT_TS, 4, 21),
  },
  {
    sink: 'fetch',
    location: { file: 'src/api/health.ts', line: 2, column: 10 },
    value: '/api/health',
    valueKind: 'self',
    source: "'self'",
    coveredBy: "'self'",
    trace: [],
    frame: '> 2 | return fetch("/api/health");\n    |        ^',
  },
  {
    sink: 'xhr',
    location: { file: 'src/legacy/poll.js', line: 3, column: 3 },
    value: '${endpoint}',
    valueKind: 'unknown',
    source: null,
    coveredBy: null,
    trace: [{ location: { file: 'src/legacy/poll.js', line: 1, column: 15 }, note: 'parameter endpoint' }],
    frame: codeFrame(POLL_JS, 3, 3),
  },
  {
    sink: 'websocket',
    location: { file: 'src/live/socket.ts', line: 8, column: 17 },
    value: 'wss://live.example.com/feed',
    valueKind: 'exact',
    source: 'wss://live.example.com',
    coveredBy: 'wss://live.example.com',
    trace: [],
    frame: '> 8 | const socket = new WebSocket("wss://live.example.com/feed");\n    |                ^',
  },
  {
    sink: 'beacon',
    location: { file: 'src/metrics/beacon.ts', line: 5, column: 3 },
    value: 'https://eu.metrics.example.com/collect',
    valueKind: 'exact',
    source: 'https://eu.metrics.example.com',
    coveredBy: 'https://*.metrics.example.com',
    trace: [],
    frame: '> 5 | navigator.sendBeacon("https://eu.metrics.example.com/collect", body);\n    | ^',
  },
];

export const SOURCES: readonly SourceEntry[] = [
  { expression: "'self'", findings: [1], allowed: false },
  { expression: 'https://*.metrics.example.com', findings: [4], allowed: true },
  { expression: 'https://api.example.com', findings: [0], allowed: false },
  { expression: 'https://cdn.example.com', findings: [], allowed: true },
  { expression: 'wss://live.example.com', findings: [3], allowed: false },
];

export const DIAGNOSTICS: readonly Diagnostic[] = [
  createDiagnostic(
    'parse-error',
    { file: 'src/broken.ts', reason: "',' expected" },
    { file: 'src/broken.ts', line: 2, column: 34 },
    codeFrame(BROKEN_TS, 2, 34),
  ),
  createDiagnostic(
    'unresolved-url',
    { sink: 'XMLHttpRequest.open()', reason: 'endpoint is a parameter of poll()' },
    { file: 'src/legacy/poll.js', line: 3, column: 3 },
    codeFrame(POLL_JS, 3, 3),
  ),
  createDiagnostic('base-policy-default-src', { value: "'self'" }),
];

export const DIRECTIVE_VALUE = `connect-src ${SOURCES.map((s) => s.expression).join(' ')}`;
export const BASE_POLICY = "default-src 'self'; img-src 'self' data:; upgrade-insecure-requests";
export const MERGED_POLICY = `default-src 'self'; img-src 'self' data:; ${DIRECTIVE_VALUE}; upgrade-insecure-requests`;

/** The report of a scan whose connect-src was merged into BASE_POLICY. */
export function mergedReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'csp-connect', version: '0.1.0' },
    root: '.',
    origin: 'https://shop.example.com',
    directive: {
      name: 'connect-src',
      sources: SOURCES.map((s) => s.expression),
      value: DIRECTIVE_VALUE,
    },
    policy: MERGED_POLICY,
    sources: SOURCES,
    findings: FINDINGS,
    diagnostics: DIAGNOSTICS,
    stats: { filesScanned: 9, filesParsed: 8, filesCached: 0, findings: FINDINGS.length, unresolved: 1 },
  };
}

/** A report whose policy is the connect-src directive alone, built from `sources`. */
export function directiveOnlyReport(
  sources: readonly string[] = ["'self'", 'https://api.example.com'],
): Report {
  const value = `connect-src ${sources.join(' ')}`;
  return {
    ...mergedReport(),
    directive: { name: 'connect-src', sources, value },
    policy: value,
    sources: sources.map((expression) => ({ expression, findings: [], allowed: true })),
    findings: [],
    diagnostics: [],
    stats: { filesScanned: 2, filesParsed: 2, filesCached: 0, findings: 0, unresolved: 0 },
  };
}

/** The same report delivering another policy string (to try escaping and refusals). */
export function withPolicy(report: Report, policy: string): Report {
  return { ...report, policy };
}
