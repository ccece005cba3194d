// The sink words a file must contain for any detector to fire in it, and what a pre-filter built on
// them lets through, next to the pipeline's own (src/analyze/prefilter.ts, when dist/ has it). The
// floor benchmark runs the same words as one regular expression over every file.
//
// Each detector is listed with the words without which it cannot match in a file:
//   builtins (fetch, WebSocket, EventSource, sendBeacon, XMLHttpRequest) are recognised only as a
//     global, a member of window/self/globalThis/navigator, or a binding of this file that holds
//     one; the evaluator does not follow imports for callees, so the name is in the file. `unfetch`
//     and `isomorphic-unfetch` are fetch polyfills whose names hold no word-bounded `fetch`.
//   xhr: `x.open('GET', url)` counts even when x is untraced, and so do `x.open?.(…)` and
//     `x['open'](…)`, so the word is `open`, not `.open(`. The pipeline's own filter narrows it to
//     `open` followed by what can follow a callee (src/analyze/prefilter.ts), outside markup.
//   ping: the JSX prop, `el.ping = …` and `setAttribute('ping', …)`.
//   library clients are recognised only through an import or require of their package in the
//     file: `ky` as a word covers 'ky' and 'ky-universal'.
// `\b` treats `$` as a boundary, so `fetch` also matches `$fetch`. Known ways around the words: a
// computed key built at run time (`window['fe' + 'tch']`), and a wrapper's call site in another
// file (`getJson(url)` in page.ts, fetch in api.ts), which the pipeline finds by the wrapper's
// name: see wrapperNames() below.
import { Buffer } from 'node:buffer';
import path from 'node:path';
import { DETECTORS } from '../dist/analyze/detectors/index.js';
import { BUILTIN_NAMES } from '../dist/resolve/values.js';

export const TOKENS_BY_DETECTOR = {
  fetch: ['fetch', 'unfetch'],
  xhr: ['XMLHttpRequest', 'open'],
  websocket: ['WebSocket'],
  'event-source': ['EventSource'],
  beacon: ['sendBeacon'],
  ping: ['ping'],
  axios: ['axios'],
  'socket.io': ['socket.io-client'],
  ky: ['ky', 'ky-universal'],
  ofetch: ['ofetch'],
  connect: ['connect-web'],
};

/** Detectors the table above does not cover (a new detector needs its words here). */
export function uncoveredDetectors() {
  return DETECTORS.map((d) => d.name).filter((name) => !(name in TOKENS_BY_DETECTOR));
}

/** Builtin sink names the table misses (`Request` and `URL` are values, not sinks). */
export function uncoveredBuiltins() {
  const words = new Set(Object.values(TOKENS_BY_DETECTOR).flat());
  return BUILTIN_NAMES.filter((name) => name !== 'Request' && name !== 'URL' && !words.has(name));
}

const escape = (word) => word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

export function wordRegex(words, flags = '') {
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
  return new RegExp(`\\b(?:${sorted.map(escape).join('|')})\\b`, flags);
}

export const SINK_WORDS = [...new Set(Object.values(TOKENS_BY_DETECTOR).flat())];

/** The floor's regex: every sink word, word-bounded, all matches. */
export const FLOOR_REGEX = wordRegex(SINK_WORDS, 'g');

/**
 * Wrapper names from findings reported at a wrapper's call site: the trace step "calls name()".
 * For an unnamed wrapper ("calls a wrapper function", "calls a constructor") the callee as written
 * at the call site is taken instead.
 */
export function wrapperNames(findings, texts) {
  const names = new Set();
  for (const finding of findings) {
    for (const step of finding.trace) {
      if (!step.note?.startsWith('calls ')) continue;
      const named = /^calls (?:new )?([\w$]+)\(\)/.exec(step.note);
      if (named) {
        names.add(named[1]);
        continue;
      }
      const line = texts.get(step.file)?.split('\n')[step.line - 1] ?? '';
      const written = /^(?:new\s+)?([\w$.]+)/.exec(line.slice(step.column - 1));
      if (written) names.add(written[1].split('.').pop());
    }
  }
  return names;
}

/**
 * What word pre-filters let through on a corpus: the minimal word set above and, when dist/ has
 * one, the pipeline's own (`mayHoldSink`), with the findings of the full run that sit in files a
 * word filter skips (a wrapper's call sites, which the pipeline pulls in by the wrapper's name).
 * `texts` maps path -> text; `findings` come from the cold run.
 */
export async function studyPrefilter(texts, findings) {
  let builtin = null;
  let languages = {};
  try {
    ({ mayHoldSink: builtin } = await import('../dist/analyze/prefilter.js'));
    ({ LANGUAGE_BY_EXTENSION: languages } = await import('../dist/discover/languages.js'));
  } catch {
    // no pre-filter in this build
  }
  const words = wordRegex(SINK_WORDS);
  const single = new Map(SINK_WORDS.map((w) => [w, wordRegex([w])]));
  const perWord = new Map(SINK_WORDS.map((w) => [w, { files: 0, bytes: 0, only: 0 }]));
  const total = { files: 0, bytes: 0 };
  const minimal = { files: 0, bytes: 0, set: new Set() };
  const pipeline = builtin ? { files: 0, bytes: 0, set: new Set() } : null;
  const onlyMinimal = [];
  for (const [file, text] of texts) {
    const bytes = Buffer.byteLength(text);
    total.files++;
    total.bytes += bytes;
    const inPipeline = builtin ? builtin(text, languages[path.extname(file)] ?? 'js') : false;
    if (pipeline && inPipeline) {
      pipeline.files++;
      pipeline.bytes += bytes;
      pipeline.set.add(file);
    }
    if (!words.test(text)) continue;
    minimal.files++;
    minimal.bytes += bytes;
    minimal.set.add(file);
    if (pipeline && !inPipeline) onlyMinimal.push(file);
    const hits = [];
    for (const [word, regex] of single) {
      if (!regex.test(text)) continue;
      hits.push(word);
      const entry = perWord.get(word);
      entry.files++;
      entry.bytes += bytes;
    }
    if (hits.length === 1) perWord.get(hits[0]).only++;
  }
  const outside = findings.filter((f) => !minimal.set.has(f.file));
  const wrappers = wrapperNames(outside, texts);
  const second = wrappers.size > 0 ? wordRegex([...wrappers]) : null;
  const pass2 = { files: 0, bytes: 0, set: new Set() };
  if (second) {
    for (const [file, text] of texts) {
      if (minimal.set.has(file) || !second.test(text)) continue;
      pass2.files++;
      pass2.bytes += Buffer.byteLength(text);
      pass2.set.add(file);
    }
  }
  return {
    total,
    minimal,
    pipeline,
    onlyMinimal,
    perWord: [...perWord].map(([word, v]) => ({ word, ...v })).sort((a, b) => b.files - a.files),
    findings: findings.length,
    findingFiles: new Set(findings.map((f) => f.file)).size,
    outside,
    wrappers: [...wrappers].sort(),
    pass2,
    outsideBoth: outside.filter((f) => !pass2.set.has(f.file)),
  };
}
