// Value resolution within a file: each snippet's connections as `sink source`.
import { describe, expect, it } from 'vitest';
import { analyzeSnippet, summary } from '../analyze/harness.js';

const CASES: readonly { name: string; code: string; expected: readonly string[] }[] = [
  {
    name: 'concatenation',
    code: "const API = 'https://api.example'; fetch(API + '/v1/' + id)",
    expected: ['fetch https://api.example'],
  },
  {
    name: 'concat()',
    code: "const B = 'https://c.example'; fetch(B.concat('/a/', id))",
    expected: ['fetch https://c.example'],
  },
  {
    name: 'template with path holes',
    code: 'const API = `https://t.example`; fetch(`${API}/users/${id}/orders`)',
    expected: ['fetch https://t.example'],
  },
  {
    name: 'nested object endpoints',
    code: "const CFG = { api: { host: 'https://n.example' } }; fetch(CFG.api.host + '/x')",
    expected: ['fetch https://n.example'],
  },
  {
    name: 'computed constant key',
    code: "const K = 'search'; const E = { search: 'https://s.example/q' }; fetch(E[K])",
    expected: ['fetch https://s.example'],
  },
  {
    name: 'destructuring',
    code: "const { api = 'https://d.example' } = {}; fetch(api)",
    expected: ['fetch https://d.example'],
  },
  {
    name: 'array element',
    code: "const HOSTS = ['https://a0.example', 'https://a1.example']; fetch(HOSTS[1])",
    expected: ['fetch https://a1.example'],
  },
  {
    name: 'spread object',
    code: "const base = { url: 'https://b.example' }; const cfg = { ...base, path: '/x' }; fetch(cfg.url)",
    expected: ['fetch https://b.example'],
  },
  {
    name: 'as const and satisfies',
    code: "const U = ('https://ts.example' as const) satisfies string; fetch(U!)",
    expected: ['fetch https://ts.example'],
  },
  {
    name: 'String() and toString()',
    code: "const u = new URL('https://u.example/a'); fetch(String(u)); fetch(u.toString()); fetch(u.href)",
    expected: ['fetch https://u.example', 'fetch https://u.example', 'fetch https://u.example'],
  },
  {
    name: 'new URL with base',
    code: "fetch(new URL('/v2/search', 'https://search.example'))",
    expected: ['fetch https://search.example'],
  },
  {
    name: 'new URL with unknown path',
    code: "const BASE = 'https://nb.example'; fetch(new URL(path, BASE))",
    expected: ['fetch https://nb.example'],
  },
  { name: 'location.origin', code: "fetch(location.origin + '/api')", expected: ["fetch 'self'"] },
  {
    name: 'window.location.host',
    code: 'fetch(`https://${window.location.host}/api`)',
    expected: ["fetch 'self'"],
  },
  {
    name: 'ternary gives both',
    code: "const u = flag ? 'https://one.example' : 'https://two.example'; fetch(u)",
    expected: ['fetch https://one.example', 'fetch https://two.example'],
  },
  {
    name: 'folded ternary',
    code: "const PROD = true; fetch(PROD ? 'https://prod.example' : 'http://localhost:3000')",
    expected: ['fetch https://prod.example'],
  },
  {
    name: '|| default',
    code: "fetch(config.url || 'https://fallback.example')",
    expected: ['fetch UNRESOLVED', 'fetch https://fallback.example'],
  },
  {
    name: 'inner scope shadows outer',
    code: "const API = 'https://outer.example'; function f() { const API = 'https://inner.example'; return fetch(API); } fetch(API)",
    expected: ['fetch https://inner.example', 'fetch https://outer.example'],
  },
  {
    name: 'block scope',
    code: "const H = 'https://outer.example'; { const H = 'https://block.example'; } fetch(H)",
    expected: ['fetch https://outer.example'],
  },
  {
    name: 'hoisted var',
    code: "fetch(V); var V = 'https://hoisted.example';",
    expected: ['fetch https://hoisted.example'],
  },
  {
    name: 'a reassigned let may hold each of its values',
    code: "let u = 'https://a.example'; if (beta) u = 'https://b.example'; fetch(u)",
    expected: ['fetch https://a.example', 'fetch https://b.example'],
  },
  {
    name: 'a reassignment to an unknown adds an unknown',
    code: "let u = 'https://a.example'; u = other; fetch(u)",
    expected: ['fetch https://a.example', 'fetch UNRESOLVED'],
  },
  {
    name: '+= keeps the origin',
    code: "let u = 'https://a.example/x'; u += '?q=' + term; fetch(u)",
    expected: ['fetch https://a.example'],
  },
  {
    name: 'branches assign different targets',
    code: "let url; if (region === 'eu') { url = 'https://eu.example'; } else { url = 'https://us.example'; } fetch(url)",
    expected: ['fetch https://eu.example', 'fetch https://us.example'],
  },
  {
    name: 'switch over a known set',
    code: "let base; switch (env) { case 'prod': base = 'https://prod.example'; break; default: base = 'https://staging.example'; } fetch(base + '/x')",
    expected: ['fetch https://prod.example', 'fetch https://staging.example'],
  },
  {
    name: 'for-of over a constant list',
    code: "const MIRRORS = ['https://m1.example', 'https://m2.example']; for (const m of MIRRORS) fetch(m + '/ping')",
    expected: ['fetch https://m1.example', 'fetch https://m2.example'],
  },
  {
    name: 'Object.freeze is the object',
    code: "const CFG = Object.freeze({ api: 'https://frozen.example' }); fetch(CFG.api)",
    expected: ['fetch https://frozen.example'],
  },
  {
    name: 'parameter is unresolved',
    code: 'function get(url) { return fetch(url); }',
    expected: ['fetch UNRESOLVED'],
  },
  {
    name: 'self-reference does not loop',
    code: 'const a = a + "/x"; fetch(a)',
    expected: ['fetch UNRESOLVED'],
  },
  {
    name: 'encodeURIComponent in path',
    code: "fetch('https://e.example/q/' + encodeURIComponent(term))",
    expected: ['fetch https://e.example'],
  },
  {
    name: 'join',
    code: "fetch(['https://j.example', 'v1', id].join('/'))",
    expected: ['fetch https://j.example'],
  },
];

describe('value resolution', () => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(summary(c.code)).toEqual(c.expected);
    });
  }

  it('keeps the trace from the definition to the sink', () => {
    const code = "const API = 'https://api.example';\nconst ORDERS = `${API}/orders`;\nfetch(ORDERS);";
    const [finding] = analyzeSnippet(code).findings;
    expect(finding?.trace.map((s) => `${s.location.line}:${s.note}`)).toEqual([
      '1:const API',
      '2:const ORDERS',
      '3:fetch()',
    ]);
  });

  it('leaves out of the trace parameters that only fill the path of a resolved target', () => {
    const code =
      "const API = 'https://api.example';\nfunction load(id) {\n  return fetch(`${API}/items/${id}`);\n}";
    const [finding] = analyzeSnippet(code).findings;
    expect(finding?.trace.map((s) => s.note)).toEqual(['const API', 'fetch()']);
    const unresolved = analyzeSnippet('function load(url) {\n  return fetch(url);\n}').findings[0];
    expect(unresolved?.trace.map((s) => s.note)).toEqual(['parameter url', 'fetch()']);
  });

  it('reports why a value is unknown', () => {
    const { diagnostics } = analyzeSnippet("import { API_URL } from './config';\nfetch(API_URL + '/x');");
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['unresolved-url', 2]]);
    expect(diagnostics[0]?.message).toContain("imported from './config'");
  });

  it('caps the number of alternatives without dropping the rest silently', () => {
    const parts = Array.from({ length: 6 }, (_, i) => `(c${i} ? 'a' : 'b')`).join(' + ');
    const findings = analyzeSnippet(`fetch('https://x' + ${parts} + '.example')`).findings;
    expect(findings.length).toBe(16);
    expect(findings.filter((f) => f.source === null).length).toBe(1);
  });
});

describe('writes after the declaration', () => {
  const cases: readonly { name: string; code: string; expected: readonly string[] }[] = [
    {
      name: 'a property assigned in a branch adds its value',
      code: "const config = { apiUrl: 'http://localhost:3000' };\nif (isProd) { config.apiUrl = 'https://api.prod.example'; }\nfetch(`${config.apiUrl}/users/${id}`);",
      expected: ['fetch http://localhost:3000', 'fetch https://api.prod.example'],
    },
    {
      name: 'Object.assign makes every key uncertain',
      code: "const settings = { endpoint: 'https://old.example' };\nObject.assign(settings, overrides);\nfetch(settings.endpoint);",
      expected: ['fetch https://old.example', 'fetch UNRESOLVED'],
    },
    {
      name: 'a URL object whose hostname is changed is unknown',
      code: "const u = new URL('https://a.example/x');\nu.hostname = 'b.example';\nfetch(u);",
      expected: ['fetch UNRESOLVED'],
    },
    {
      name: 'a URL object whose search is changed keeps its origin',
      code: "const u = new URL('https://a.example/x');\nu.search = '?q=1';\nu.searchParams.set('page', '2');\nfetch(u);",
      expected: ['fetch https://a.example'],
    },
    {
      name: 'an array element replaced',
      code: "const hosts = ['https://one.example'];\nhosts[0] = 'https://two.example';\nfetch(hosts[0]);",
      expected: ['fetch https://one.example', 'fetch https://two.example'],
    },
    {
      name: 'a write through another name for the object',
      code: "const CONFIG = { url: 'https://one.example' };\nfunction setup() { const d = CONFIG; d.url = 'https://two.example'; }\nfetch(CONFIG.url);",
      expected: ['fetch https://one.example', 'fetch https://two.example'],
    },
    {
      name: 'a write through a function that returns the object',
      code: "const STATE = { url: 'https://one.example' };\nfunction getState() { return STATE; }\nfunction init() { const s = getState(); s.url = 'https://two.example'; }\nfetch(STATE.url);",
      expected: ['fetch https://one.example', 'fetch https://two.example'],
    },
    {
      name: 'a write through a list element and through a field',
      code: "const CFG = { url: 'https://one.example', ws: 'wss://a.example' };\nconst list = [CFG];\nlist[0].url = 'https://two.example';\nclass Api { constructor() { this.cfg = CFG; } set() { this.cfg.ws = 'wss://b.example'; } }\nfetch(CFG.url);\nnew WebSocket(CFG.ws);",
      expected: [
        'fetch https://one.example',
        'fetch https://two.example',
        'websocket wss://a.example',
        'websocket wss://b.example',
      ],
    },
    {
      name: 'a destructuring write through a call makes the value uncertain',
      code: "const CFG = { url: 'https://one.example' };\nconst get = () => CFG;\n({ url: get().url } = other);\nfetch(CFG.url);",
      expected: ['fetch https://one.example', 'fetch UNRESOLVED'],
    },
    {
      name: 'a write to another object with the same key changes nothing',
      code: "const A = { url: 'https://a.example' };\nconst B = { url: 'https://b.example' };\nconst b = B;\nb.url = 'https://c.example';\nfetch(A.url);",
      expected: ['fetch https://a.example'],
    },
    {
      name: 'a field of an instance set from outside the class',
      code: "class Stream { url = 'wss://a.example'; open() { return new WebSocket(this.url); } }\nconst s = new Stream();\ns.url = 'wss://b.example';\nnew WebSocket(s.url);",
      // Both the sink inside the class and the one outside see the write.
      expected: [
        'websocket wss://a.example',
        'websocket wss://b.example',
        'websocket wss://a.example',
        'websocket wss://b.example',
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(summary(c.code)).toEqual(c.expected);
    });
  }
});

describe('bounded work', () => {
  it('an object written many times, each write reading it again, is reported instead of followed', () => {
    const writes = Array.from(
      { length: 200 },
      (_, i) => `e.k${i % 7} = e.k${(i + 1) % 7} + e.k${(i + 3) % 7};`,
    ).join('\n');
    const code = `const e = { k0: 'https://a.example', k1: '', k2: '', k3: '', k4: '', k5: '', k6: '' };\n${writes}\nfetch(e.k0);`;
    // More than 32 writes: any key may have changed, so the read is reported unknown, not followed.
    const { findings } = analyzeSnippet(code);
    expect(findings.map((f) => f.source)).toEqual(['https://a.example', null]);
  });
});
