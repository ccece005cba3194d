// A wrapper's call sites are looked for in the files the pre-filter set aside: the first few names
// by scanning their texts, the rest through Bloom filters of their words (Project.filesWithWord). Both
// ways must find every caller: here twelve wrappers, each called only from a file of its own with
// no sink word, so the caller's URL reaches the report only if its lookup found that file.
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { scanWithAndWithoutPrefilter } from '../helpers/prefilter.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

afterAll(removeProjects);

const WRAPPERS = 12;

function project(prefix = 'get'): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < WRAPPERS; i++) {
    files[`src/api/get${i}.js`] = `export const ${prefix}${i} = (url) => fetch(url);\n`;
    files[`src/pages/page${i}.js`] =
      `import { ${prefix}${i} } from '../api/get${i}.js';\nexport const load = () => ${prefix}${i}('https://h${i}.example/items');\n`;
  }
  // Mentions every name without calling any: an arrow function is reached only by a call, so this
  // file is not parsed for the lookups.
  files['src/pages/names.js'] =
    `export const names = [${Array.from({ length: WRAPPERS }, (_, i) => `'get${i}'`).join(', ')}];\n`;
  return makeProject(files);
}

describe('wrapper lookups in set-aside files', () => {
  it.each(['get', 'получить'])(
    'find every caller of %s…, by scanning first and through the word filters after',
    async (prefix) => {
      // A name past ASCII is one word in the filters too (a regex of [\w$] would split it away).
      const root = project(prefix);
      const filtered = await scanWithAndWithoutPrefilter(root);
      const hosts = [...new Set(filtered.findings.map((f) => f.source))].sort();
      expect(hosts).toEqual(Array.from({ length: WRAPPERS }, (_, i) => `https://h${i}.example`).sort());
      // The callers were parsed for the lookups, the file that only names them was not.
      expect(filtered.stats.filesParsed).toBe(2 * WRAPPERS);
    },
  );

  it('find a wrapper exported under a name that is not one word, after the word filters are built', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < WRAPPERS; i++) {
      files[`src/api/get${i}.js`] = `export const get${i} = (url) => fetch(url);\n`;
      files[`src/pages/page${i}.js`] =
        `import { get${i} } from '../api/get${i}.js';\nexport const load = () => get${i}('https://h${i}.example/items');\n`;
    }
    // Looked up last (files are analysed in path order), when the filters answer the names.
    files['src/api/z-dash.cjs'] = "exports['get-data'] = (url) => fetch(url);\n";
    files['src/pages/z-dash.js'] =
      "import { 'get-data' as getData } from '../api/z-dash.cjs';\nexport const load = () => getData('https://dash.example/x');\n";
    const root = makeProject(files);
    const filtered = await scanWithAndWithoutPrefilter(root);
    expect(filtered.findings.map((f) => f.source)).toContain('https://dash.example');
  });

  it('find a default export called as a member named default, with no default import', async () => {
    const root = makeProject({
      'src/api/request.js': 'export default (url) => fetch(url);\n',
      'src/pages/esm.js':
        "import * as request from '../api/request.js';\nexport const load = () => request.default('https://esm.example/items');\n",
      'src/pages/cjs.js':
        "const request = require('../api/request.js');\nexports.load = () => request.default('https://cjs.example/items');\n",
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    const hosts = [...new Set(filtered.findings.map((f) => f.source))].sort();
    // Before the fix the pre-filter lost both (a file with no default import was never searched).
    expect(hosts).toEqual(['https://cjs.example', 'https://esm.example']);
  });
});

describe('callers of a wrapper exported as a default', () => {
  it('are the files whose default imports may be it: the others are decided without parsing them', async () => {
    // fixtures/wrappers/default-export: labels.js calls the default of format.js, no wrapper.
    const root = makeProject({
      'src/lib/request.js': 'export default function (url) {\n  return fetch(url);\n}\n',
      'src/lib/http/index.js': "export { default } from '../request.js';\n",
      'src/lib/format.js': 'export default function (url) {\n  return url.trim();\n}\n',
      'src/pages/direct.js':
        "import get from '../lib/request.js';\nexport const a = () => get('https://direct.example/x');\n",
      'src/pages/barrel.js':
        "import get from '../lib/http';\nexport const b = () => get('https://barrel.example/x');\n",
      'src/pages/labels.js':
        "import format from '../lib/format.js';\nexport const c = () => format('https://label.example/x');\n",
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    expect(filtered.directive.value).toBe('connect-src https://barrel.example https://direct.example');
    // request.js (a sink word), the two callers, and the modules read to decide: http/index.js
    // and format.js. Not labels.js.
    expect(filtered.stats.filesParsed).toBe(5);
  });
});

describe('callers of a default, in text the import reader must not pass over', () => {
  it('finds the calls: an import after a line that starts with `*` or `//` but is code, or an escaped member', async () => {
    // Each page was left unparsed in review, with the pre-filter only.
    const root = makeProject({
      'src/lib/request.js': 'export default function (url) {\n  return fetch(url);\n}\n',
      'src/lib/format.js': 'export default function (url) {\n  return url.trim();\n}\n',
      'src/pages/star.js':
        "const n = 2\n* 3; import /* w */ get from '../lib/request.js';\nexport const a = () => get('https://star.example/x');\n",
      'src/pages/tpl.js':
        "const usage = `\n// usage`; import /* w */ get from '../lib/request.js';\nexport const b = () => get('https://tpl.example/x');\n",
      'src/pages/esc.js':
        "import format from '../lib/format.js';\nimport * as req from '../lib/request.js';\nexport const c = () => req.\\u0064efault(format('https://esc.example/x'));\n",
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    expect(filtered.directive.value).toBe(
      'connect-src https://esc.example https://star.example https://tpl.example',
    );
  });

  it('finds the calls: an import after JSX text that starts a line with `//`, and `default` spelled with escapes', async () => {
    // Found in the second review, each lost with the pre-filter only.
    const root = makeProject({
      'src/api.js': 'export default function (u) {\n  return fetch(u);\n}\n',
      'src/note.jsx':
        "export const note = <p>\n// see the docs</p>; import /* w */ get from './api.js';\nexport const a = () => get('https://jsx.example/a');\n",
      'src/ns.js':
        "import * as ns from './api.js';\nexport const b = () => ns.\\u0064efault('https://ns.example/b');\n",
      'src/named.js':
        "import { \\u0064efault as get } from './api.js';\nexport const c = () => get('https://named.example/c');\n",
      'src/cjs.js':
        "const api = require('./api.js');\nexports.d = () => api.de\\u{66}ault('https://cjs.example/d');\n",
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    expect(filtered.directive.value).toBe(
      'connect-src https://cjs.example https://jsx.example https://named.example https://ns.example',
    );
  });

  it('finds the calls: escaped keywords Babel recovers, HTML-like comments, character references in markup', async () => {
    // Found in the third review, each lost with the pre-filter only.
    const root = makeProject({
      'src/api.js': 'export default function (u) {\n  return fetch(u);\n}\n',
      'src/feed.js':
        'export default class Feed {\n  constructor(u) {\n    this.s = new EventSource(u);\n  }\n}\n',
      'src/escaped-import.js':
        "\\u0069mport get from './api.js';\nexport const a = () => get('https://import.example/a');\n",
      'src/escaped-new.js':
        "import Feed from './feed.js';\nexport const b = () => n\\u0065w Feed('https://new.example/b');\n",
      'src/html-comment.js':
        "const api = require('./api.js');\nexports.c = () => api.<!-- c\ndefault('https://open.example/c');\nexports.d = () => api.\n--> d\ndefault('https://close.example/d');\n",
      'src/Button.vue':
        "<script setup>\nimport * as api from './api.js';\n</script>\n<template><button @click=\"api.&#100;efault('https://vue.example/e')\">go</button></template>\n",
      'public/index.html': '<button onclick="&#102;etch(\'https://html.example/f\')">go</button>\n',
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    expect(filtered.directive.value).toBe(
      'connect-src https://close.example https://html.example https://import.example https://new.example https://open.example https://vue.example',
    );
  });
});

describe('names written with escapes', () => {
  it('are read as the parser reads them: a sink word and a wrapper name', async () => {
    const root = makeProject({
      'src/api.js': 'export const get = (url) => fetch(url);\n',
      // No sink word as written: the parser reads `fetch`.
      'src/ping.js': "export const ping = () => \\u0066etch('https://escaped-sink.example/p');\n",
      // A wrapper's name as written differs from the one the call is indexed under.
      'src/page.js':
        "import { \\u0067et } from './api.js';\nexport const a = () => \\u0067et('https://escaped-call.example/a');\n",
      'src/other.js':
        "import { get } from './api.js';\nexport const b = () => get('https://plain.example/b');\n",
      // Imported under another name through a string with escapes.
      'src/string.js':
        "import { '\\x67et' as g } from './api.js';\nexport const c = () => g('https://escaped-string.example/c');\n",
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    expect(filtered.directive.value).toBe(
      'connect-src https://escaped-call.example https://escaped-sink.example https://escaped-string.example https://plain.example',
    );
  });
});

describe('an export named by a string in a re-export', () => {
  it("is read as the other module's export (`export { 'API' as api } from`)", async () => {
    const root = makeProject({
      'src/config.js': "export const API = 'https://string-name.example';\n",
      'src/index.js': "export { 'API' as api } from './config.js';\n",
      'src/page.js': "import { api } from './index.js';\nexport const a = () => fetch(api + '/x');\n",
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    // Before, the string was read as a name (undefined), and the URL was unresolved.
    expect(filtered.directive.value).toBe('connect-src https://string-name.example');
  });
});

describe('a wrapper exported under another name', () => {
  it('is looked up under that name too: export { as }, const export, CommonJS exports, exported objects', async () => {
    const root = makeProject({
      'src/esm.js': [
        'function get(url) { return fetch(url); }',
        'class Stream { constructor(url) { this.ws = new WebSocket(url); } }',
        'const load = (u) => fetch(u);',
        'export { get as loadPage, Stream as Channel };',
        'export const fetchIt = load;',
      ].join('\n'),
      'src/object.cjs':
        'function post(url) { return fetch(url, { method: "POST" }); }\nmodule.exports = { send: post };\n',
      'src/assign.cjs':
        'function put(url) { return fetch(url, { method: "PUT" }); }\nexports.update = put;\n',
      'src/module-assign.cjs':
        'function del(url) { return fetch(url, { method: "DELETE" }); }\nmodule.exports.remove = del;\n',
      'src/default-object.js':
        'function head(url) { return fetch(url, { method: "HEAD" }); }\nexport default { probe: head };\n',
      // Each caller in a file of its own, with no sink word: only the alias's lookup parses it.
      'src/pages/a.js': "import { loadPage } from '../esm.js';\nloadPage('https://as.example/a');\n",
      'src/pages/b.js': "import { Channel } from '../esm.js';\nnew Channel('wss://class.example/b');\n",
      'src/pages/c.js': "import { fetchIt } from '../esm.js';\nfetchIt('https://const.example/c');\n",

      'src/pages/e.js': "const api = require('../object.cjs');\napi.send('https://object.example/e');\n",
      'src/pages/f.js': "const api = require('../assign.cjs');\napi.update('https://assign.example/f');\n",
      'src/pages/g.js':
        "const api = require('../module-assign.cjs');\napi.remove('https://module-assign.example/g');\n",
      'src/pages/h.js':
        "import api from '../default-object.js';\napi.probe('https://default-object.example/h');\n",
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    expect(filtered.directive.value).toBe(
      [
        'connect-src',
        'https://as.example',
        'https://assign.example',
        'https://const.example',
        'https://default-object.example',
        'https://module-assign.example',
        'https://object.example',
        'wss://class.example',
      ].join(' '),
    );
  });

  it('is not looked up under names that only hold it without exporting it', async () => {
    // `const alias = get` and `{ key: get }` inside a module do not make its callers elsewhere.
    const root = makeProject({
      'src/api.js':
        'function get(url) { return fetch(url); }\nconst local = { other: get };\nexport const handlers = local;\n',
      'src/pages/a.js': "function other(url) { return url; }\nother('https://not-a-call.example/a');\n",
    });
    const report = await analyze({ root, cache: false });
    expect(report.stats.filesParsed).toBe(1);
  });
});

describe('values re-exported by compiled CommonJS', () => {
  it("are read through tsc's Object.defineProperty getters and tsc's and Babel's `export *`", async () => {
    const root = makeProject({
      'src/lib/consts.js': [
        '"use strict";',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'exports.API = exports.WS = void 0;',
        'exports.API = "https://getter.example";',
        'exports.WS = "wss://getter-ws.example";',
      ].join('\n'),
      // What `tsc --module commonjs` writes for `export { API, WS } from './consts'`.
      'src/lib/index.js': [
        '"use strict";',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'exports.API = exports.WS = exports.CDN = exports.ODD = void 0;',
        'var consts_1 = require("./consts");',
        'Object.defineProperty(exports, "API", { enumerable: true, get: function () { return consts_1.API; } });',
        'Object.defineProperty(exports, "WS", { enumerable: true, get: () => consts_1.WS });',
        'Object.defineProperty(exports, "CDN", { value: "https://value.example" });',
        // A getter that computes: not read as the export's value.
        'Object.defineProperty(exports, "ODD", { get: function () { var x = consts_1.API; return x; } });',
      ].join('\n'),
      'src/pages/a.js':
        "const lib = require('../lib');\nfetch(lib.API + '/a');\nnew WebSocket(lib.WS);\nfetch(lib.CDN + '/c');\nfetch(lib.ODD + '/d');\n",
      // `export * from './consts'` in CommonJS, with tsc's helper and through tslib.
      'src/star/index.js': [
        '"use strict";',
        'var __exportStar = (this && this.__exportStar) || function (m, exports) { for (var p in m) exports[p] = m[p]; };',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        '__exportStar(require("../lib/consts"), exports);',
      ].join('\n'),
      'src/star/tslib.js': [
        '"use strict";',
        'const tslib_1 = require("tslib");',
        'tslib_1.__exportStar(require("../lib/consts"), exports);',
      ].join('\n'),
      // What Babel writes for the same `export *`.
      'src/star/babel.js': [
        '"use strict";',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'var _consts = require("../lib/consts");',
        'Object.keys(_consts).forEach(function (key) {',
        '  if (key === "default" || key === "__esModule") return;',
        '  if (key in exports && exports[key] === _consts[key]) return;',
        '  Object.defineProperty(exports, key, { enumerable: true, get: function () { return _consts[key]; } });',
        '});',
      ].join('\n'),
      'src/pages/b.mjs': "import { API } from '../lib/index.js';\nfetch(`${API}/b`);\n",
      'src/pages/d.js': "const { API } = require('../star/babel.js');\nfetch(API + '/d');\n",
      'src/pages/c.js':
        "const star = require('../star');\nfetch(star.API + '/c');\nconst viaTslib = require('../star/tslib.js');\nnew WebSocket(viaTslib.WS);\n",
    });
    const report = await analyze({ root, cache: false });
    expect(
      report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.source ?? 'UNRESOLVED'}`),
    ).toEqual([
      'src/pages/a.js:2 https://getter.example',
      'src/pages/a.js:3 wss://getter-ws.example',
      'src/pages/a.js:4 https://value.example',
      'src/pages/a.js:5 UNRESOLVED',
      'src/pages/b.mjs:2 https://getter.example',
      'src/pages/c.js:2 https://getter.example',
      'src/pages/c.js:4 wss://getter-ws.example',
      'src/pages/d.js:2 https://getter.example',
    ]);
  });
});

describe('a wrapper in compiled CommonJS', () => {
  it("is found under tsc's and Babel's export forms: placeholders and chains", async () => {
    const root = makeProject({
      // What `tsc --module commonjs` writes for `export const load = get; export const post = …`.
      'src/api/http.cjs': [
        '"use strict";',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'exports.load = exports.post = void 0;',
        'const get = (url) => fetch(url);',
        'exports.load = get;',
        'const post = (url) => fetch(url, { method: "POST" });',
        'exports.post = post;',
      ].join('\n'),
      'src/api/chain.cjs':
        'function put(url) { return fetch(url, { method: "PUT" }); }\nexports.update = exports.save = put;\n',
      // A chain ending in a function expression names it by every target.
      'src/api/chain-fn.cjs': 'exports.a = exports.b = function (url) { return fetch(url); };\n',
      // What current Babel writes: the value in a declaration, after the placeholder.
      'src/api/base.cjs': [
        '"use strict";',
        'exports.API = void 0;',
        'const API = exports.API = "https://babel-const.example";',
      ].join('\n'),
      'src/pages/a.js':
        "const { load, post } = require('../api/http.cjs');\nload('https://load.example/a');\npost('https://post.example/a');\n",
      'src/pages/b.js':
        "const api = require('../api/chain.cjs');\napi.update('https://update.example/b');\napi.save('https://save.example/b');\n",
      'src/pages/c.js':
        "const fn = require('../api/chain-fn.cjs');\nfn.a('https://chain-a.example/c');\nfn.b('https://chain-b.example/c');\n",
      'src/pages/d.js': "const { API } = require('../api/base.cjs');\nfetch(API + '/d');\n",
    });
    const filtered = await scanWithAndWithoutPrefilter(root);
    expect(filtered.directive.value).toBe(
      [
        'connect-src',
        'https://babel-const.example',
        'https://chain-a.example',
        'https://chain-b.example',
        'https://load.example',
        'https://post.example',
        'https://save.example',
        'https://update.example',
      ].join(' '),
    );
  });
});
