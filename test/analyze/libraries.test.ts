// Case lists for the client-library detectors (axios, socket.io-client, ky, ofetch, Connect), in the
// style of ESLint's RuleTester: each snippet and the connections it must produce (`sink source`),
// in source order. A library counts only when its package is imported or required.
import { describe, expect, it } from 'vitest';
import { analyzeSnippet, type SnippetCase, testCases } from './harness.js';

type Case = SnippetCase;

const CASES: Record<string, readonly Case[]> = {
  axios: [
    {
      name: 'default import, get',
      code: "import axios from 'axios';\naxios.get('https://api.example.com/v1/items');",
      expected: ['axios https://api.example.com'],
    },
    {
      name: 'called as a function with a relative URL',
      code: "import axios from 'axios';\naxios('/api/session');",
      expected: ["axios 'self'"],
    },
    {
      name: 'config object with url and baseURL',
      code: "import axios from 'axios';\naxios({ method: 'post', url: '/orders', baseURL: 'https://shop.example.com/api' });",
      expected: ['axios https://shop.example.com'],
    },
    {
      name: 'request(config)',
      code: "import axios from 'axios';\naxios.request({ url: 'https://r.example.com/x' });",
      expected: ['axios https://r.example.com'],
    },
    {
      name: 'post(url, data, config) with a baseURL in the config',
      code: "import axios from 'axios';\naxios.post('orders', { id: 1 }, { baseURL: 'https://orders.example.com' });",
      expected: ['axios https://orders.example.com'],
    },
    {
      name: 'an absolute URL wins over the call baseURL',
      code: "import axios from 'axios';\naxios.get('https://abs.example.com/x', { baseURL: 'https://base.example.com' });",
      expected: ['axios https://abs.example.com'],
    },
    {
      name: 'allowAbsoluteUrls: false joins even an absolute URL',
      code: "import axios from 'axios';\naxios.get('https://abs.example.com/x', { baseURL: 'https://base.example.com', allowAbsoluteUrls: false });",
      expected: ['axios https://base.example.com'],
    },
    {
      name: 'CommonJS require',
      code: "const axios = require('axios');\naxios.put('https://cjs.example.com/x', {});",
      expected: ['axios https://cjs.example.com'],
      language: 'js',
    },
    {
      name: "require('axios').default",
      code: "const http = require('axios').default;\nhttp.delete('https://d.example.com/x');",
      expected: ['axios https://d.example.com'],
      language: 'js',
    },
    {
      name: 'namespace import',
      code: "import * as axios from 'axios';\naxios.head('https://ns.example.com/');",
      expected: ['axios https://ns.example.com'],
    },
    {
      name: 'TypeScript import = require',
      code: "import axios = require('axios');\naxios.options('https://te.example.com/');",
      expected: ['axios https://te.example.com'],
    },
    {
      name: 'an alias through a const',
      code: "import axios from 'axios';\nconst http = axios;\nhttp.patch('https://alias.example.com/x', {});",
      expected: ['axios https://alias.example.com'],
    },
    {
      name: 'instance: the baseURL itself, then baseURL + path',
      code: [
        "import axios from 'axios';",
        "const api = axios.create({ baseURL: 'https://api.example.com/v1/' });",
        'export function loadUser(id: string) {',
        '  return api.get(`/users/${id}`);',
        '}',
      ].join('\n'),
      expected: ['axios https://api.example.com', 'axios https://api.example.com'],
    },
    {
      name: 'instance: an absolute URL overrides the baseURL',
      code: [
        "import axios from 'axios';",
        "const api = axios.create({ baseURL: 'https://api.example.com' });",
        "api.get('https://status.example.com/health');",
      ].join('\n'),
      expected: ['axios https://api.example.com', 'axios https://status.example.com'],
    },
    {
      name: 'instance: a protocol-relative URL is absolute too',
      code: [
        "import axios from 'axios';",
        "const api = axios.create({ baseURL: 'https://api.example.com' });",
        "api.get('//cdn.example.com/manifest.json');",
      ].join('\n'),
      expected: ['axios https://api.example.com', 'axios https://cdn.example.com'],
    },
    {
      name: 'instance: a relative baseURL stays on the page',
      code: "import axios from 'axios';\nconst api = axios.create({ baseURL: '/api' });\napi.get('users');",
      expected: ["axios 'self'", "axios 'self'"],
    },
    {
      // The walk detaches function bodies; the callback's names are read again from the text to
      // decide whether the config can be read at the call (library.ts' portable).
      name: 'instance: a config with a spread and a callback is read at the call',
      code: "import axios from 'axios';\nconst common = { timeout: 5000 };\nconst api = axios.create({\n  baseURL: window.API_BASE || 'https://api.example.com',\n  ...common,\n  validateStatus: (s) => s < 500,\n});\nexport function load() { return api.get('/users'); }",
      expected: [
        'axios UNRESOLVED',
        'axios https://api.example.com',
        'axios UNRESOLVED',
        'axios https://api.example.com',
      ],
    },
    {
      name: 'instance: config held in a const',
      code: [
        "import axios from 'axios';",
        "const config = { baseURL: 'https://cfg.example.com', timeout: 5000 };",
        'const api = axios.create(config);',
        "api.get('/x');",
      ].join('\n'),
      expected: ['axios https://cfg.example.com', 'axios https://cfg.example.com'],
    },
    {
      name: 'instance: made by a factory function',
      code: [
        "import axios from 'axios';",
        "function makeClient() { return axios.create({ baseURL: 'https://factory.example.com' }); }",
        'const client = makeClient();',
        "client.get('/a');",
        "makeClient().post('/b', {});",
      ].join('\n'),
      expected: [
        'axios https://factory.example.com',
        'axios https://factory.example.com',
        'axios https://factory.example.com',
      ],
    },
    {
      name: 'instance: a class field',
      code: [
        "import axios from 'axios';",
        'class CatalogClient {',
        "  private http = axios.create({ baseURL: 'https://catalog.example.com' });",
        "  list() { return this.http.get('/products'); }",
        '}',
      ].join('\n'),
      expected: ['axios https://catalog.example.com', 'axios https://catalog.example.com'],
    },
    {
      name: 'instance: a child instance keeps the parent baseURL',
      code: [
        "import axios from 'axios';",
        "const api = axios.create({ baseURL: 'https://parent.example.com' });",
        'const slow = api.create({ timeout: 60000 });',
        "slow.get('/report');",
      ].join('\n'),
      expected: ['axios https://parent.example.com', 'axios https://parent.example.com'],
    },
    {
      name: 'instance: the call config baseURL wins',
      code: [
        "import axios from 'axios';",
        "const api = axios.create({ baseURL: 'https://a.example.com' });",
        "api.get('/x', { baseURL: 'https://b.example.com' });",
      ].join('\n'),
      expected: ['axios https://a.example.com', 'axios https://b.example.com'],
    },
    {
      name: 'instance: a path the tool cannot read is taken to be relative',
      code: [
        "import axios from 'axios';",
        "const api = axios.create({ baseURL: 'https://api.example.com' });",
        'export const get = (path: string) => api.get(path);',
      ].join('\n'),
      expected: ['axios https://api.example.com', 'axios https://api.example.com'],
    },
    {
      name: 'instance: a baseURL that may be empty gives both readings',
      code: [
        "import axios from 'axios';",
        "const api = axios.create({ baseURL: import.meta.env.DEV ? 'http://localhost:3000' : '' });",
        "api.get('/items');",
      ].join('\n'),
      // The build mode is production here, but DEV is not folded in an isolated snippet.
      expected: [
        'axios http://localhost:3000',
        "axios 'self'",
        "axios 'self'",
        'axios http://localhost:3000',
      ],
    },
    {
      name: 'instance: a baseURL from the environment is unresolved, never dropped',
      code: [
        "import axios from 'axios';",
        'const api = axios.create({ baseURL: process.env.API_URL });',
        "api.get('/items');",
      ].join('\n'),
      expected: ['axios UNRESOLVED', 'axios UNRESOLVED'],
    },
    {
      name: 'instance: a config that is a parameter is unresolved',
      code: "import axios from 'axios';\nexport function client(options) { return axios.create(options); }",
      expected: ['axios UNRESOLVED'],
      language: 'js',
    },
    {
      name: 'instance: a name shadowed at the call is read where the instance was made',
      code: [
        "import axios from 'axios';",
        "const HOST = 'https://outer.example.com';",
        'const api = axios.create({ baseURL: HOST });',
        "function load(HOST: string) { return api.get('/x'); }",
      ].join('\n'),
      expected: ['axios https://outer.example.com', 'axios https://outer.example.com'],
    },
    {
      name: 'instance: a constructor parameter is not read at the call',
      code: [
        "import axios from 'axios';",
        'class Client {',
        '  constructor(base: string) { this.http = axios.create({ baseURL: base }); }',
        "  load() { return this.http.get('/items'); }",
        '}',
        "const base = 'https://nope.example.com';",
      ].join('\n'),
      // base at the call would be the module's const; the instance's base is the parameter.
      expected: ['axios UNRESOLVED', 'axios UNRESOLVED'],
    },
    {
      name: 'axios.defaults.baseURL assignment',
      code: "import axios from 'axios';\naxios.defaults.baseURL = 'https://defaults.example.com';",
      expected: ['axios https://defaults.example.com'],
    },
    {
      name: 'near-miss: a parameter named axios',
      code: "function load(axios) { return axios.get('https://nope.example/'); }",
      expected: [],
      language: 'js',
    },
    {
      name: 'near-miss: a local function named axios',
      code: "function axios(url) { return url; }\naxios('https://nope.example/');",
      expected: [],
      language: 'js',
    },
    {
      name: 'near-miss: a global axios from a script tag (no import)',
      code: "axios.get('https://nope.example/');\nwindow.axios.get('https://nope.example/');",
      expected: [],
      language: 'js',
    },
    {
      name: 'near-miss: a local module named axios',
      code: "import axios from './axios';\naxios.get('https://nope.example/');",
      expected: [],
    },
    {
      name: 'near-miss: lodash.get',
      code: "import lodash from 'lodash';\nlodash.get(settings, 'https://nope.example/');",
      expected: [],
    },
    {
      name: 'near-miss: a get method of another object',
      code: "const cache = { get(key) { return key; } };\ncache.get('https://nope.example/');",
      expected: [],
      language: 'js',
    },
    {
      name: 'near-miss: getUri builds a URL and requests nothing',
      code: "import axios from 'axios';\naxios.getUri({ url: 'https://nope.example/' });",
      expected: [],
    },
    {
      name: 'near-miss: a reassigned alias',
      code: "import axios from 'axios';\nlet http = axios;\nhttp = mock;\nhttp.get('https://nope.example/');",
      expected: [],
    },
    {
      name: 'near-miss: create() without a baseURL is no finding',
      code: "import axios from 'axios';\nconst api = axios.create({ timeout: 1000 });",
      expected: [],
    },
  ],
  'socket.io': [
    {
      name: 'io(url): polling over https, then the socket over wss',
      code: "import { io } from 'socket.io-client';\nio('https://rt.example.com');",
      expected: ['socket.io https://rt.example.com', 'socket.io-websocket wss://rt.example.com'],
    },
    {
      name: 'io(): the page itself for both',
      code: "import { io } from 'socket.io-client';\nconst socket = io();",
      expected: ["socket.io 'self'", "socket.io-websocket 'self'"],
    },
    {
      name: 'io(opts): the page itself',
      code: "import { io } from 'socket.io-client';\nio({ path: '/realtime', auth: { token } });",
      expected: ["socket.io 'self'", "socket.io-websocket 'self'"],
    },
    {
      name: 'io(location.origin, opts)',
      code: "import { io } from 'socket.io-client';\nio(window.location.origin, { path: '/realtime' });",
      expected: ["socket.io 'self'", "socket.io-websocket 'self'"],
    },
    {
      name: 'a namespace path is the page',
      code: "import { io } from 'socket.io-client';\nio('/admin');",
      expected: ["socket.io 'self'", "socket.io-websocket 'self'"],
    },
    {
      name: 'default import, http URL: http and ws',
      code: "import io from 'socket.io-client';\nio('http://localhost:3001');",
      expected: ['socket.io http://localhost:3001', 'socket.io-websocket ws://localhost:3001'],
    },
    {
      name: 'a wss URL: https polling and wss',
      code: "import { io } from 'socket.io-client';\nio('wss://live.example.com/feed');",
      expected: ['socket.io https://live.example.com', 'socket.io-websocket wss://live.example.com'],
    },
    {
      name: 'a host without a scheme takes the page scheme (https assumed)',
      code: "import { io } from 'socket.io-client';\nio('rt.example.com:8443');",
      expected: ['socket.io https://rt.example.com:8443', 'socket.io-websocket wss://rt.example.com:8443'],
    },
    {
      name: "transports: ['websocket'] skips polling",
      code: "import { io } from 'socket.io-client';\nio('https://ws.example.com', { transports: ['websocket'] });",
      expected: ['socket.io-websocket wss://ws.example.com'],
    },
    {
      name: "transports: ['polling'] skips the socket",
      code: "import { io } from 'socket.io-client';\nio('https://poll.example.com', { transports: ['polling'] });",
      expected: ['socket.io https://poll.example.com'],
    },
    {
      name: 'upgrade: false stays on polling',
      code: "import { io } from 'socket.io-client';\nio('https://noup.example.com', { upgrade: false });",
      expected: ['socket.io https://noup.example.com'],
    },
    {
      name: 'transports that are not a literal count both',
      code: "import { io } from 'socket.io-client';\nio('https://t.example.com', { transports });",
      expected: ['socket.io https://t.example.com', 'socket.io-websocket wss://t.example.com'],
    },
    {
      name: 'CommonJS require and io.connect',
      code: "const io = require('socket.io-client');\nio.connect('https://cjs.example.com');",
      expected: ['socket.io https://cjs.example.com', 'socket.io-websocket wss://cjs.example.com'],
      language: 'js',
    },
    {
      name: 'new Manager(url)',
      code: "import { Manager } from 'socket.io-client';\nconst manager = new Manager('https://mgr.example.com');",
      expected: ['socket.io https://mgr.example.com', 'socket.io-websocket wss://mgr.example.com'],
    },
    {
      name: 'a URL from a constant',
      code: "import { io } from 'socket.io-client';\nconst SERVER = 'https://c.example.com';\nio(`${SERVER}/chat`);",
      expected: ['socket.io https://c.example.com', 'socket.io-websocket wss://c.example.com'],
    },
    {
      name: 'an unknown URL is unresolved for both connections',
      code: "import { io } from 'socket.io-client';\nexport const connect = (url: string) => io(url);",
      expected: ['socket.io UNRESOLVED', 'socket.io-websocket UNRESOLVED'],
    },
    {
      name: 'near-miss: a local function named io',
      code: "function io(url) { return url; }\nio('https://nope.example');",
      expected: [],
      language: 'js',
    },
    {
      name: 'near-miss: a parameter named io',
      code: "export function start(io) { return io('https://nope.example'); }",
      expected: [],
      language: 'js',
    },
    {
      name: 'near-miss: the server package',
      code: "import { Server } from 'socket.io';\nnew Server('https://nope.example');",
      expected: [],
    },
    {
      name: 'near-miss: a global io from a script tag',
      code: "io('https://nope.example');",
      expected: [],
      language: 'js',
    },
  ],
  ky: [
    {
      name: 'ky(url) and ky.get(url)',
      code: "import ky from 'ky';\nky('https://k1.example.com/x');\nky.get('https://k2.example.com/y');",
      expected: ['ky https://k1.example.com', 'ky https://k2.example.com'],
    },
    {
      name: 'prefixUrl in the options',
      code: "import ky from 'ky';\nky.post('orders', { prefixUrl: 'https://shop.example.com/api', json: {} });",
      expected: ['ky https://shop.example.com'],
    },
    {
      name: 'ky.create instance: the prefix, then prefix + input',
      code: [
        "import ky from 'ky';",
        "const api = ky.create({ prefixUrl: 'https://api.example.com/v2' });",
        "api.get('users').json();",
      ].join('\n'),
      expected: ['ky https://api.example.com', 'ky https://api.example.com'],
    },
    {
      name: 'an absolute input does not replace the prefix',
      code: [
        "import ky from 'ky';",
        "const api = ky.create({ prefixUrl: 'https://api.example.com' });",
        "api('https://other.example.com/x');",
      ].join('\n'),
      expected: ['ky https://api.example.com', 'ky https://api.example.com'],
    },
    {
      name: 'extend keeps the parent prefix',
      code: [
        "import ky from 'ky';",
        "const api = ky.extend({ prefixUrl: '/api' });",
        'const authed = api.extend({ headers: { authorization: token } });',
        "authed.delete('sessions/current');",
      ].join('\n'),
      expected: ["ky 'self'", "ky 'self'"],
    },
    {
      name: 'extend with a function keeps the parent prefix',
      code: [
        "import ky from 'ky';",
        "const api = ky.create({ prefixUrl: 'https://api.example.com' });",
        "const authed = api.extend((options) => ({ ...options, headers: { 'x-token': token } }));",
        "authed.get('me');",
      ].join('\n'),
      expected: ['ky https://api.example.com', 'ky https://api.example.com'],
    },
    {
      name: 'create on an instance starts afresh',
      code: [
        "import ky from 'ky';",
        "const api = ky.create({ prefixUrl: 'https://api.example.com' });",
        'const bare = api.create({ timeout: 1000 });',
        "bare.get('https://bare.example.com/x');",
      ].join('\n'),
      expected: ['ky https://api.example.com', 'ky https://bare.example.com'],
    },
    {
      name: 'a URL object input is not prefixed',
      code: [
        "import ky from 'ky';",
        "const api = ky.create({ prefixUrl: 'https://api.example.com' });",
        "api.get(new URL('https://u.example.com/x'));",
      ].join('\n'),
      expected: ['ky https://api.example.com', 'ky https://u.example.com'],
    },
    {
      name: 'near-miss: a parameter named ky',
      code: "export function load(ky) { return ky.get('https://nope.example'); }",
      expected: [],
      language: 'js',
    },
    {
      name: 'near-miss: a map with a get method',
      code: "const routes = new Map();\nroutes.get('https://nope.example');",
      expected: [],
      language: 'js',
    },
  ],
  ofetch: [
    {
      name: 'ofetch(url, { baseURL })',
      code: "import { ofetch } from 'ofetch';\nofetch('/users', { baseURL: 'https://api.example.com' });",
      expected: ['ofetch https://api.example.com'],
    },
    {
      name: '$fetch with an absolute URL ignores baseURL',
      code: "import { $fetch } from 'ofetch';\n$fetch('https://abs.example.com/x', { baseURL: 'https://api.example.com' });",
      expected: ['ofetch https://abs.example.com'],
    },
    {
      name: 'ofetch.create instance, .raw()',
      code: [
        "import { ofetch } from 'ofetch';",
        "const api = ofetch.create({ baseURL: 'https://inst.example.com' });",
        "api('/users');",
        "api.raw('/items');",
      ].join('\n'),
      expected: [
        'ofetch https://inst.example.com',
        'ofetch https://inst.example.com',
        'ofetch https://inst.example.com',
      ],
    },
    {
      name: 'a protocol-relative path is joined to the base (ufo reads it as a path)',
      code: "import { ofetch } from 'ofetch';\nofetch('//cdn.example.com/x', { baseURL: 'https://api.example.com' });",
      expected: ['ofetch https://api.example.com'],
    },
    {
      name: 'host:port is a path too',
      code: "import { ofetch } from 'ofetch';\nofetch('localhost:3000/x', { baseURL: 'https://api.example.com' });",
      expected: ['ofetch https://api.example.com'],
    },
    {
      name: '.native() is plain fetch, without the base',
      code: [
        "import { ofetch } from 'ofetch';",
        "const api = ofetch.create({ baseURL: 'https://inst.example.com' });",
        "api.native('https://native.example.com/x');",
      ].join('\n'),
      expected: ['ofetch https://inst.example.com', 'ofetch https://native.example.com'],
    },
    {
      name: 'CommonJS destructuring',
      code: "const { $fetch } = require('ofetch');\n$fetch('https://cjs.example.com/x');",
      expected: ['ofetch https://cjs.example.com'],
      language: 'js',
    },
    {
      name: "near-miss: Nuxt's auto-imported $fetch (no import)",
      code: "$fetch('/api/x', { baseURL: 'https://nope.example' });",
      expected: [],
      language: 'js',
    },
    {
      name: 'near-miss: a local ofetch',
      code: "const ofetch = (url) => url;\nofetch('https://nope.example');",
      expected: [],
      language: 'js',
    },
  ],
  connect: [
    {
      name: 'createConnectTransport({ baseUrl })',
      code: [
        "import { createConnectTransport } from '@connectrpc/connect-web';",
        "export const transport = createConnectTransport({ baseUrl: 'https://rpc.example.com' });",
      ].join('\n'),
      expected: ['connect https://rpc.example.com'],
    },
    {
      name: 'createGrpcWebTransport on the page origin',
      code: [
        "import { createGrpcWebTransport } from '@connectrpc/connect-web';",
        'createGrpcWebTransport({ baseUrl: window.location.origin, useBinaryFormat: true });',
      ].join('\n'),
      expected: ["connect 'self'"],
    },
    {
      name: 'the older @bufbuild package, options in a const',
      code: [
        "import { createConnectTransport } from '@bufbuild/connect-web';",
        "const options = { baseUrl: 'https://buf.example.com/rpc' };",
        'createConnectTransport(options);',
      ].join('\n'),
      expected: ['connect https://buf.example.com'],
    },
    {
      name: 'near-miss: the Node.js transport',
      code: [
        "import { createConnectTransport } from '@connectrpc/connect-node';",
        "createConnectTransport({ baseUrl: 'https://nope.example', httpVersion: '2' });",
      ].join('\n'),
      expected: [],
    },
    {
      name: 'near-miss: a local createConnectTransport',
      code: [
        'function createConnectTransport(options) { return options; }',
        "createConnectTransport({ baseUrl: 'https://nope.example' });",
      ].join('\n'),
      expected: [],
      language: 'js',
    },
  ],
};

for (const [library, cases] of Object.entries(CASES)) {
  describe(library, () => {
    testCases(cases);
  });
}

describe('library findings as people read them', () => {
  it('an instance call shows baseURL + path and where the instance was made', () => {
    const code = [
      "import axios from 'axios';",
      "const api = axios.create({ baseURL: 'https://api.example.com/v1/' });",
      "api.get('/users');",
    ].join('\n');
    const call = analyzeSnippet(code).findings[1];
    expect(call?.value).toBe('https://api.example.com/v1/users');
    expect(call?.location).toEqual({ file: 'snippet.ts', line: 3, column: 9 });
    expect(call?.trace.at(-1)?.note).toBe('axios() (baseURL of the instance made on line 2)');
  });

  it('both io() connections carry the io() label', () => {
    const code = "import { io } from 'socket.io-client';\nio(SERVER_URL);";
    const messages = analyzeSnippet(code, 'js').diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      'the target of io() (HTTP) could not be resolved: it starts with ${SERVER_URL} (the global SERVER_URL, which is not defined in this file)',
      'the target of io() (WebSocket) could not be resolved: it starts with ${SERVER_URL} (the global SERVER_URL, which is not defined in this file)',
    ]);
  });

  it('a path the tool cannot read says it was taken as relative', () => {
    const code = [
      "import axios from 'axios';",
      "const api = axios.create({ baseURL: 'https://api.example.com' });",
      'export const get = (path: string) => api.get(path);',
    ].join('\n');
    const call = analyzeSnippet(code).findings[1];
    expect(call?.value).toBe('https://api.example.com/${path}');
    expect(call?.trace.at(-1)?.note).toContain(
      'a path it cannot read is taken to be relative to the base URL',
    );
  });
});
