import type { ModuleRecord } from '../resolve/project.js';

/**
 * A file with none of these words cannot hold a sink the detectors know: the sink names, the
 * XHR `.open(`, the ping attribute, and the library packages. Word-bounded ($ counts as a
 * word character), so "mapping" or "prefetched" do not match.
 */
const SINK_TOKENS =
  /(?<![\w$])(?:fetch|\$fetch|ofetch|unfetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|ping|axios|ky|open|createConnectTransport|createGrpcWebTransport)(?![\w$])|socket\.io|connect-web/;

export function mayHoldSink(text: string): boolean {
  return SINK_TOKENS.test(text);
}

/**
 * Exported client instances (`export const api = axios.create(...)`, `ky.extend(...)`): a file
 * that names one may make library calls through it without any sink word of its own.
 */
export function instanceNames(records: readonly ModuleRecord[]): Set<string> {
  const names = new Set<string>();
  for (const record of records) {
    const program = record.scripts[0]?.index.program;
    if (!record.exports || !program) continue;
    for (const [exported, entry] of record.exports.named) {
      if (entry.kind !== 'local') continue;
      const init = program.bindings.get(entry.name)?.init;
      if (
        init?.type === 'CallExpression' &&
        init.callee.type === 'MemberExpression' &&
        init.callee.property.type === 'Identifier' &&
        (init.callee.property.name === 'create' || init.callee.property.name === 'extend')
      ) {
        names.add(exported);
        names.add(entry.name);
      }
    }
  }
  return names;
}

/** The words of a text, as mentionsAny sees them: runs of word characters, $ included. */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  const word = /[\w$]+/g;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) words.add(m[0]);
  return words;
}

/** A matcher for any of the names as a whole word. */
export function mentionsAny(names: ReadonlySet<string>): (text: string) => boolean {
  if (names.size === 0) return () => false;
  const escaped = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`);
  return (text) => pattern.test(text);
}
