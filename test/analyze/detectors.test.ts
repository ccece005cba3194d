// Detector case lists in the style of ESLint's RuleTester: each case is a snippet and the
// connections it must produce (`sink source`), near-misses included with an empty list.
import { describe, expect, it } from 'vitest';
import { type SnippetCase, summary, testCases } from './harness.js';

type Case = SnippetCase;

const CASES: Record<string, readonly Case[]> = {
  fetch: [
    {
      name: 'literal',
      code: "fetch('https://api.example.com/v1/items')",
      expected: ['fetch https://api.example.com'],
    },
    {
      name: 'window.fetch',
      code: "window.fetch('https://a.example/x')",
      expected: ['fetch https://a.example'],
    },
    { name: 'self.fetch', code: "self.fetch('/sw/data')", expected: ["fetch 'self'"] },
    {
      name: 'globalThis.fetch',
      code: "globalThis.fetch('https://g.example/')",
      expected: ['fetch https://g.example'],
    },
    { name: 'optional call', code: "fetch?.('https://o.example/')", expected: ['fetch https://o.example'] },
    {
      name: 'Request object',
      code: "fetch(new Request('https://req.example/a', { method: 'POST' }))",
      expected: ['fetch https://req.example'],
    },
    {
      name: 'Request through a const',
      code: "const req = new Request('https://rq.example/b'); fetch(req)",
      expected: ['fetch https://rq.example'],
    },
    {
      name: 'awaited in async fn',
      code: "async function load() { const r = await fetch('https://aw.example/'); return r.json(); }",
      expected: ['fetch https://aw.example'],
    },
    { name: 'no argument', code: 'fetch()', expected: ['fetch UNRESOLVED'] },
    {
      name: 'near-miss: parameter named fetch',
      code: "function load(fetch) { return fetch('https://nope.example/'); }",
      expected: [],
    },
    {
      name: 'near-miss: local function fetch',
      code: "function fetch(u) { return u; }\nfetch('https://nope.example/')",
      expected: [],
    },
    {
      name: 'near-miss: imported fetch',
      code: "import fetch from 'node-fetch';\nfetch('https://nope.example/')",
      expected: [],
    },
    { name: 'near-miss: method named fetch', code: "api.fetch('https://nope.example/')", expected: [] },
    {
      name: 'near-miss: shadowed window',
      code: "function f(window) { window.fetch('https://nope.example/') }",
      expected: [],
    },
    {
      name: 'near-miss: URL in a comment and a log',
      code: "// fetch('https://nope.example/')\nconsole.log('https://nope.example/')",
      expected: [],
    },
    { name: 'near-miss: dynamic import', code: "import('https://cdn.example/mod.js')", expected: [] },
  ],
  xhr: [
    {
      name: 'const instance',
      code: "const xhr = new XMLHttpRequest(); xhr.open('GET', 'https://x.example/a')",
      expected: ['xhr https://x.example'],
    },
    {
      name: 'window.XMLHttpRequest',
      code: "const xhr = new window.XMLHttpRequest(); xhr.open('GET', '/a')",
      expected: ["xhr 'self'"],
    },
    {
      name: 'class field',
      code: "class Up { xhr = new XMLHttpRequest(); go() { this.xhr.open('PUT', 'https://up.example/f'); } }",
      expected: ['xhr https://up.example'],
    },
    {
      name: 'constructor assignment',
      code: "class Up { constructor() { this.req = new XMLHttpRequest(); } go() { this.req.open('POST', 'https://c.example/'); } }",
      expected: ['xhr https://c.example'],
    },
    {
      name: 'factory return',
      code: "function make() { return new XMLHttpRequest(); }\nconst r = make(); r.open('GET', 'https://f.example/')",
      expected: ['xhr https://f.example'],
    },
    {
      name: 'parameter with HTTP method',
      code: "function send(req) { req.open('DELETE', 'https://p.example/x'); }",
      expected: ['xhr https://p.example'],
    },
    {
      name: 'near-miss: window.open',
      code: "window.open('https://docs.example/help', '_blank')",
      expected: [],
    },
    { name: 'near-miss: dialog.open()', code: 'dialog.open()', expected: [] },
    { name: 'near-miss: indexedDB.open', code: "indexedDB.open('store', 2)", expected: [] },
  ],
  websocket: [
    {
      name: 'wss literal',
      code: "new WebSocket('wss://live.example/feed')",
      expected: ['websocket wss://live.example'],
    },
    {
      name: 'https URL becomes wss',
      code: "new WebSocket('https://live.example/feed')",
      expected: ['websocket wss://live.example'],
    },
    { name: 'relative', code: "new WebSocket('/ws')", expected: ["websocket 'self'"] },
    {
      name: 'window.WebSocket',
      code: "new window.WebSocket('wss://w.example/')",
      expected: ['websocket wss://w.example'],
    },
    {
      name: 'origin replace',
      code: "new WebSocket(location.origin.replace(/^http/, 'ws') + '/live')",
      expected: ["websocket 'self'"],
    },
    {
      name: 'protocol switch on location.host',
      code: "new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/socket`)",
      // ws: and wss: to the page's host both need only 'self': one finding for the call.
      expected: ["websocket 'self'"],
    },
    {
      name: 'near-miss: shadowed WebSocket',
      code: "function open(WebSocket) { return new WebSocket('wss://nope.example') }",
      expected: [],
    },
    {
      name: 'near-miss: imported WebSocket',
      code: "import WebSocket from 'ws';\nnew WebSocket('wss://server-side.example')",
      expected: [],
    },
  ],
  'event-source': [
    { name: 'relative', code: "new EventSource('/events')", expected: ["event-source 'self'"] },
    {
      name: 'absolute with port',
      code: "new EventSource('https://sse.example:8443/stream', { withCredentials: true })",
      expected: ['event-source https://sse.example:8443'],
    },
    {
      name: 'near-miss: local class',
      code: "class EventSource {}\nnew EventSource('https://nope.example')",
      expected: [],
    },
  ],
  beacon: [
    {
      name: 'navigator.sendBeacon',
      code: "navigator.sendBeacon('https://t.example/c', data)",
      expected: ['beacon https://t.example'],
    },
    {
      name: 'window.navigator.sendBeacon',
      code: "window.navigator.sendBeacon('/collect')",
      expected: ["beacon 'self'"],
    },
    {
      name: 'near-miss: local sendBeacon',
      code: "function sendBeacon(u) {}\nsendBeacon('https://nope.example/')",
      expected: [],
    },
    {
      name: 'near-miss: shadowed navigator',
      code: "function f(navigator) { navigator.sendBeacon('https://nope.example/') }",
      expected: [],
    },
  ],
  ping: [
    {
      name: 'JSX ping on a',
      code: 'const x = <a href="/p" ping="https://ping.example/t /local">go</a>',
      expected: ['ping https://ping.example', "ping 'self'"],
      language: 'tsx',
    },
    {
      name: 'JSX ping expression',
      code: "const P = 'https://px.example/h'; const x = <a ping={P}>go</a>",
      expected: ['ping https://px.example'],
      language: 'jsx',
    },
    {
      name: 'el.ping assignment',
      code: "const a = document.createElement('a'); a.ping = 'https://pa.example/x';",
      expected: ['ping https://pa.example'],
    },
    {
      name: 'setAttribute',
      code: "link.setAttribute('ping', 'https://sa.example/x')",
      expected: ['ping https://sa.example'],
    },
    {
      name: 'markup a and area',
      code: '<a href="/x" ping="https://m.example/p">x</a><map><area ping="/hit" href="/y"></map>',
      expected: ['ping https://m.example', "ping 'self'"],
      language: 'html',
    },
    { name: 'near-miss: numeric ping field', code: 'stats.ping = 42', expected: [] },
    {
      name: 'near-miss: ping on a div',
      code: 'const x = <div ping="https://nope.example">x</div>',
      expected: [],
      language: 'tsx',
    },
    {
      name: 'near-miss: other attribute',
      code: "link.setAttribute('href', 'https://nope.example')",
      expected: [],
    },
    {
      name: 'near-miss: boolean component prop',
      code: 'const x = <StatusDot ping />',
      expected: [],
      language: 'tsx',
    },
  ],
  html: [
    {
      name: 'inline module script',
      code: '<script type="module">fetch(\'https://im.example/a\')</script>',
      expected: ['fetch https://im.example'],
      language: 'html',
    },
    {
      name: 'event handler attribute',
      code: '<button onclick="navigator.sendBeacon(\'https://oh.example/c\')">x</button>',
      expected: ['beacon https://oh.example'],
      language: 'html',
    },
    {
      name: 'near-miss: JSON data block',
      code: '<script type="application/json">{"u": "https://nope.example"}</script>',
      expected: [],
      language: 'html',
    },
    {
      name: 'near-miss: template content',
      code: "<template><script>fetch('https://nope.example')</script></template>",
      expected: [],
      language: 'html',
    },
    {
      name: 'near-miss: img and link',
      code: '<img src="https://nope.example/i.png"><a href="https://nope.example/">x</a>',
      expected: [],
      language: 'html',
    },
    {
      name: 'near-miss: external script',
      code: '<script src="https://cdn.example/app.js"></script>',
      expected: [],
      language: 'html',
    },
  ],
};

for (const [family, cases] of Object.entries(CASES)) {
  describe(`detector: ${family}`, () => {
    testCases(cases);
  });
}

describe('detector: aliases and indirect calls', () => {
  const cases: Case[] = [
    {
      name: 'WebSocket alias',
      code: "const WS = window.WebSocket; new WS('wss://a.example/x')",
      expected: ['websocket wss://a.example'],
    },
    {
      name: 'global object alias',
      code: "var g = typeof self !== 'undefined' ? self : window; g.fetch('https://b.example/x')",
      expected: ['fetch https://b.example'],
    },
    {
      name: 'sendBeacon.apply',
      code: "navigator.sendBeacon.apply(navigator, ['https://c.example/x'])",
      expected: ['beacon https://c.example'],
    },
    {
      name: 'fetch.call',
      code: "fetch.call(window, 'https://d.example/x')",
      expected: ['fetch https://d.example'],
    },
    {
      name: 'bound fetch',
      code: "const f = window.fetch.bind(window); f('https://e.example/x')",
      expected: ['fetch https://e.example'],
    },
    {
      name: 'destructured from window',
      code: "const { fetch: ff } = window; ff('https://f.example/x')",
      expected: ['fetch https://f.example'],
    },
    {
      name: 'navigator alias',
      code: "const nav = window.navigator; nav.sendBeacon('https://g.example/x')",
      expected: ['beacon https://g.example'],
    },
    {
      name: 'local fetch defaulting to the global',
      code: "const fetch = opts.fetch ?? window.fetch; fetch('https://s.example/x')",
      expected: ['fetch https://s.example'],
    },
    {
      name: 'constructor fallback',
      code: "new (window.WebSocket || window.MozWebSocket)('wss://p.example')",
      expected: ['websocket wss://p.example'],
    },
    { name: 'comma call', code: "(0, fetch)('https://q.example')", expected: ['fetch https://q.example'] },
    {
      name: 'fetch polyfill import',
      code: "import fetch from 'cross-fetch';\nfetch('https://poly.example/x')",
      expected: ['fetch https://poly.example'],
    },
    {
      name: 'CommonJS global',
      code: "var Driver = global.WebSocket || global.MozWebSocket; new Driver('wss://cjs.example')",
      expected: ['websocket wss://cjs.example'],
    },
    {
      name: 'XHR constructor alias',
      code: "var XHR = global.XMLHttpRequest; const x = new XHR(); x.open(method, 'https://h.example/x', true)",
      expected: ['xhr https://h.example'],
    },
    {
      name: 'XHR with async flag and unknown method',
      code: "function send(req, method) { req.open(method, 'https://k.example/x', true); }",
      expected: ['xhr https://k.example'],
    },
    {
      name: 'XHR method with a default',
      code: "function send(n, t) { n.open(t.method || 'GET', 'https://m.example/x'); }",
      expected: ['xhr https://m.example'],
    },
    {
      name: 'near-miss: menu.open with a WebDAV-like word',
      code: "menu.open('search', 'https://help.example/search')",
      expected: [],
    },
    { name: 'near-miss: dialog.open with an object', code: "dialog.open('delete', { id })", expected: [] },
    {
      name: 'near-miss: parameter alias',
      code: "function f(WS) { return new WS('wss://nope.example') }",
      expected: [],
    },
  ];
  testCases(cases);
});

describe('detector: code the walk reaches outside plain expressions', () => {
  const cases: Case[] = [
    {
      name: 'a decorator on a method',
      code: "class Poller {\n  @Every(() => fetch('https://deco.example/tick'))\n  run() {}\n}",
      expected: ['fetch https://deco.example'],
    },
    {
      name: 'a default value in a for-of pattern',
      code: "for (const { ok = fetch('https://loop.example/x') } of items) use(ok);",
      expected: ['fetch https://loop.example'],
    },
    {
      name: 'a default value in a catch parameter',
      code: "try { run(); } catch ({ report = navigator.sendBeacon('https://catch.example/e') }) { log(report); }",
      expected: ['beacon https://catch.example'],
    },
    {
      name: 'a decorator on an object method (legacy decorators)',
      code: "const o = { @D(fetch('https://objdec.example')) m() {} };",
      language: 'js',
      expected: ['fetch https://objdec.example'],
    },
    {
      name: 'an enum initializer',
      code: "enum E { A = (fetch('https://enum.example'), 1) }",
      expected: ['fetch https://enum.example'],
    },
    {
      name: "a decorator's this is not the instance",
      code: "class Api {\n  url = 'https://api.example';\n  @Before(() => { this.url = 'https://wrong.example'; })\n  send() { return fetch(this.url); }\n}",
      expected: ['fetch https://api.example'],
    },
    {
      name: 'a decorator in a class inside a function reads the outer this',
      code: "function make() { class P { url = 'https://field.example'; @E(fetch(this.url)) run() {} } }",
      expected: ['fetch UNRESOLVED'],
    },
    {
      name: 'a parameter decorator runs outside the method',
      code: "const u = 'https://outer.example'; class P { run(@E(fetch(u)) u: string) {} }",
      expected: ['fetch https://outer.example'],
    },
    {
      name: 'an auto-accessor is read as a field',
      code: "class B { @D(() => 1) accessor url = 'https://acc.example'; go() { return fetch(this.url); } }",
      expected: ['fetch https://acc.example'],
    },
    {
      name: "a computed method key's this is the one around the class",
      code: "function make() { class K { url = 'https://field.example'; [fetch(this.url)]() {} } }",
      expected: ['fetch UNRESOLVED'],
    },
    {
      name: "a computed field key's this is the one around the class",
      code: "function make() { class K { url = 'https://field.example'; [fetch(this.url)] = 1; } }",
      expected: ['fetch UNRESOLVED'],
    },
    {
      name: 'a computed key reads the names around the class, its value the instance',
      code: "const u = 'https://key.example'; class K { u = 'https://wrong.example'; [fetch(u)] = fetch(this.u); }",
      expected: ['fetch https://key.example', 'fetch https://wrong.example'],
    },
    {
      name: 'computed keys of members TypeScript does not emit never run',
      code: "abstract class A {\n  abstract [fetch('https://abstract.example')](): void;\n  [fetch('https://overload.example')](): void;\n  declare [fetch('https://declare.example')]: string;\n  abstract [fetch('https://absfield.example')]: string;\n}",
      expected: [],
    },
    {
      name: 'a computed accessor key',
      code: "class K { url = 'https://field.example'; accessor [fetch(this.url)] = 1; }",
      expected: ['fetch UNRESOLVED'],
    },
  ];
  testCases(cases);
});

describe('detector: ping near-misses from real apps', () => {
  const cases: Case[] = [
    {
      name: 'component ping with a non-URL word',
      code: 'const x = <StatusDot ping="pulse" />',
      expected: [],
      language: 'tsx',
    },
    {
      name: 'component ping with a URL',
      code: 'const x = <Link href="/p" ping="/track" />',
      expected: ["ping 'self'"],
      language: 'tsx',
    },
    { name: 'stats.ping with text', code: "stats.ping = '12 ms'", expected: [] },
    { name: 'server.ping with a URL', code: "server.ping = 'https://monitor.example/health'", expected: [] },
    {
      name: 'link.ping with a URL',
      code: "link.ping = 'https://track.example/c'",
      expected: ['ping https://track.example'],
    },
    {
      name: 'createElement anchor',
      code: "const tracker = document.createElement('a'); tracker.ping = '/t';",
      expected: ["ping 'self'"],
    },
    {
      name: 'ping={undefined} is omitted',
      code: 'const x = <a href="/p" ping={undefined}>p</a>',
      expected: [],
      language: 'tsx',
    },
    {
      name: 'conditional ping keeps only the URL',
      code: 'const x = <a href="/p" ping={track ? \'https://t.example/c\' : undefined}>p</a>',
      expected: ['ping https://t.example'],
      language: 'tsx',
    },
  ];
  testCases(cases);
});

describe('detector: HTML event handlers with entities', () => {
  it('decodes the attribute value as the browser does', () => {
    expect(summary('<button onclick="fetch(&quot;https://h.example/x&quot;)">go</button>', 'html')).toEqual([
      'fetch https://h.example',
    ]);
  });
});
