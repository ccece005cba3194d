// Vue single-file components: script blocks and template pings, parsed with positions in the .vue file.
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import type { Finding } from '../../src/types.js';
import { componentHarness } from '../helpers/component.js';
import { scanWithAndWithoutPrefilter } from '../helpers/prefilter.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

const { scan, found, codes } = componentHarness('src/Panel.vue', 'vue');

// A template with what could trip an HTML parser: a nested <template>, a self-closing component,
// v-on:click, `<` inside {{ }}, and a <script> written as text.
const PANEL = [
  '<template>',
  '  <div class="panel" v-on:click="toggle">',
  '    <StatusIcon :state="state" />',
  '    <template v-if="open"><p>{{ count < 10 ? "few" : "many" }}</p></template>',
  '    <code>&lt;script&gt;fetch("https://doc.example")&lt;/script&gt;</code>',
  '  </div>',
  '</template>',
  '',
  '<script setup lang="ts">',
  "const API: string = 'https://api.example.com';",
  'const response = await fetch(`${API}/v1/items`);',
  '</script>',
  '',
].join('\n');

describe('Vue script blocks', () => {
  it('reports a finding in <script setup lang="ts"> at its line and column in the .vue file', () => {
    const { findings, diagnostics } = scan(PANEL);
    expect(diagnostics).toEqual([]);
    expect(findings).toHaveLength(1);
    const finding = findings[0] as Finding;
    expect(finding.location).toEqual({ file: 'src/Panel.vue', line: 11, column: 30 });
    expect(finding.value).toBe('https://api.example.com/v1/items');
    expect(finding.trace[0]).toMatchObject({
      location: { file: 'src/Panel.vue', line: 10, column: 7 },
      note: 'const API',
    });
    expect(finding.frame).toContain('> 11 | const response = await fetch(`${API}/v1/items`);');
  });

  it('keeps the same positions with CRLF line endings', () => {
    expect(found(PANEL.replace(/\n/g, '\r\n'))).toEqual(['11:30 fetch https://api.example.com']);
  });

  it('honours lang: ts (angle-bracket casts), tsx and jsx (JSX), and plain JavaScript', () => {
    const ts = '<script lang="ts">\nconst API = <string>\'https://cast.example\';\nfetch(API);\n</script>';
    expect(found(ts)).toEqual(['3:7 fetch https://cast.example']);
    const tsx = [
      '<script setup lang="tsx">',
      'const Link = (props: { to: string }) => <a href={props.to} ping="https://jsx.example/p">go</a>;',
      '</script>',
    ].join('\n');
    expect(found(tsx)).toEqual(['2:65 ping https://jsx.example']);
    const jsx = '<script lang="jsx">\nexport default { render: () => <a ping="/p">go</a> };\n</script>';
    expect(found(jsx)).toEqual(["2:40 ping 'self'"]);
    const js = "<script>\nexport default { mounted() { fetch('https://plain.example/x'); } };\n</script>";
    expect(found(js)).toEqual(['2:36 fetch https://plain.example']);
  });

  it('reports TypeScript in a script without lang="ts" as a parse error', () => {
    // (`const url: string` alone would pass: plain .js is also tried as Flow.)
    expect(codes('<script setup>\nconst url = props.url!;\nfetch(url);\n</script>')).toEqual([
      '2:23 parse-error',
    ]);
  });

  it('says so when a script block is not JavaScript or TypeScript', () => {
    const { findings, diagnostics } = scan(
      '<template><p>hi</p></template>\n<script lang="coffee">\nfetch "https://coffee.example"\n</script>',
    );
    expect(findings).toEqual([]);
    expect(diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code}`)).toEqual([
      '2:1 parse-error',
    ]);
    expect(diagnostics[0]?.message).toContain('<script lang="coffee"> is not JavaScript or TypeScript');
  });

  it('puts <script setup> inside the module of the plain <script>: setup reads its constants', () => {
    const code = [
      '<script lang="ts">',
      "export const EXPORTS = 'https://exports.example';",
      '</script>',
      '<script setup lang="ts">',
      'const run = () => fetch(`${EXPORTS}/v1/trips.csv`);',
      '</script>',
    ].join('\n');
    expect(found(code)).toEqual(['5:25 fetch https://exports.example']);
  });

  it('does not let a `<!--<script>` string in a script swallow the next block', () => {
    const code = [
      '<script setup lang="ts">',
      "const marker = '<!--<script>';",
      '</script>',
      '<script lang="ts">',
      "fetch('https://second-block.example/x');",
      '</script>',
    ].join('\n');
    expect(found(code)).toEqual(['5:7 fetch https://second-block.example']);
    // parse5 reads the file as an HTML document: the string enters the "script data double
    // escaped" state and the first <script> runs on to the end. This is why SFCs are not parsed
    // with parse5.
    const texts: string[] = [];
    const visit = (node: DefaultTreeAdapterMap['node']): void => {
      if (node.nodeName === 'script' && 'childNodes' in node) {
        texts.push(node.childNodes.map((c) => ('value' in c ? c.value : '')).join(''));
      }
      if ('childNodes' in node) for (const child of node.childNodes) visit(child);
    };
    for (const child of parse(code).childNodes) visit(child);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("fetch('https://second-block.example/x');");
  });

  it('reports a syntax error in one block at its line, and still scans the other block', () => {
    const code = [
      '<script lang="ts">',
      "export const EXPORTS = 'https://exports.example';",
      'fetch(`${EXPORTS}/ping`);',
      '</script>',
      '<script setup lang="ts">',
      'const broken = ;',
      "fetch('https://lost-with-the-broken-block.example');",
      '</script>',
      '<template><a :ping="EXPORTS">x</a></template>',
    ].join('\n');
    const { findings, diagnostics } = scan(code);
    expect(diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code}`)).toEqual([
      '6:16 parse-error',
    ]);
    expect(diagnostics[0]?.frame).toContain('> 6 | const broken = ;');
    expect(findings.map((f) => `${f.location.line}:${f.location.column} ${f.sink} ${f.source}`)).toEqual([
      '3:7 fetch https://exports.example',
      '9:21 ping https://exports.example',
    ]);
  });

  it('reports a syntax error in a template binding at its place, and keeps the rest', () => {
    const code = [
      '<script setup lang="ts">',
      "const TRACK = 'https://track.example/t';",
      '</script>',
      '<template>',
      '  <a :ping="TRACK +">broken</a>',
      '  <a :ping="TRACK">fine</a>',
      '</template>',
    ].join('\n');
    expect(codes(code)).toEqual(['5:20 parse-error']);
    expect(found(code)).toEqual(['6:13 ping https://track.example']);
  });
});

describe('Vue templates', () => {
  it('do not run a <script> written in them, nor reach the browser from {{ }} or a handler', () => {
    // Vue compiles directive expressions against the component instance (`_ctx.fetch`), and only a
    // fixed list of globals (Math, JSON, ...) passes through: none of these is the global fetch.
    // The code is read (for calls of script functions, below), in a scope where those names are not
    // the browser's.
    const code = [
      '<template>',
      '  <div>',
      "    <script>fetch('https://in-template.example/x')</script>",
      "    <p>{{ fetch('https://mustache.example/x') }}</p>",
      '    <button @click="fetch(\'https://handler.example/x\')">go</button>',
      '    <button v-on:click="navigator.sendBeacon(\'https://handler.example/b\')">go</button>',
      '  </div>',
      '</template>',
      '<script setup lang="ts">',
      'const open = true;',
      '</script>',
    ].join('\n');
    expect(scan(code)).toEqual({ findings: [], diagnostics: [] });
  });

  it('scans a static onclick attribute, which Vue renders as an HTML inline handler', () => {
    const code = [
      '<template>',
      '  <button onclick="navigator.sendBeacon(\'https://inline.example/b\')">x</button>',
      '</template>',
    ].join('\n');
    expect(found(code)).toEqual(['2:41 beacon https://inline.example']);
  });

  it('reads static pings on <a> and <area> as markup, entities decoded', () => {
    const code = [
      '<template>',
      '  <a href="/x" ping="/audit https://clicks.example/c?a=1&amp;b=2">x</a>',
      '  <map><area href="/y" ping="https://area.example/p" /></map>',
      '  <img ping="https://not-a-ping.example/i" />',
      '</template>',
    ].join('\n');
    const { findings } = scan(code);
    expect(findings.map((f) => `${f.location.line}:${f.location.column} ${f.source} ${f.value}`)).toEqual([
      "2:16 'self' /audit",
      '2:16 https://clicks.example https://clicks.example/c?a=1&b=2',
      '3:24 https://area.example https://area.example/p',
    ]);
  });

  it('reads bound pings (:ping, v-bind:ping, .prop, same-name shorthand) with the script in scope', () => {
    const code = [
      '<script setup lang="ts">',
      "const ping = 'https://shorthand.example/p';",
      "const base = 'https://bound.example';",
      '</script>',
      '<template>',
      '  <a :ping="`${base}/colon`">1</a>',
      '  <a v-bind:ping="base + \'/v-bind\'">2</a>',
      '  <a :ping.prop="base">3</a>',
      '  <a :ping>4</a>',
      '  <RouterLink to="/" :ping="base" />',
      '  <span :ping="base">not an anchor</span>',
      '</template>',
    ].join('\n');
    expect(found(code)).toEqual([
      '6:13 ping https://bound.example',
      '7:19 ping https://bound.example',
      '8:18 ping https://bound.example',
      '9:7 ping https://shorthand.example',
      '10:29 ping https://bound.example',
    ]);
  });

  it('gives v-for aliases and slot props their own scope: they shadow script constants', () => {
    const code = [
      '<script setup lang="ts">',
      "const link = 'https://wrong.example/not-the-alias';",
      '</script>',
      '<template>',
      '  <a v-for="(link, index) in links" :key="index" :ping="link">x</a>',
      '  <LinkList>',
      '    <template #item="{ link }"><a :ping="link">y</a></template>',
      '  </LinkList>',
      '  <a :ping="link">outside</a>',
      '</template>',
    ].join('\n');
    expect(found(code)).toEqual([
      '5:57 ping UNRESOLVED',
      '7:42 ping UNRESOLVED',
      '9:13 ping https://wrong.example',
    ]);
    expect(scan(code).findings[0]?.trace[0]?.note).toBe('parameter link');
  });

  it('reads a v-for in time linear in its value, aliases written every way', () => {
    const code = (vFor: string) =>
      [
        '<script setup lang="ts">',
        "const link = 'https://wrong.example/not-the-alias';",
        '</script>',
        '<template>',
        `  <a v-for="${vFor}" :ping="link">x</a>`,
        '</template>',
      ].join('\n');
    // The alias shadows the constant in each form (so the ping is a parameter, unresolved).
    for (const vFor of ['link in links', '  link   of links', '(link, i) in links', 'link\nin\nlinks']) {
      expect(found(code(vFor)), vFor).toEqual([expect.stringMatching(/ ping UNRESOLVED$/)]);
    }
    // No `in`: no alias, the constant is seen. 20,000 spaces took minutes with a lazy regex.
    expect(found(code(`${' '.repeat(20000)}link`))).toEqual([
      expect.stringMatching(/ ping https:\/\/wrong\.example$/),
    ]);
  });

  it('does not give an options-API template the module constants (its names are instance properties)', () => {
    const code = [
      '<script>',
      "const TRACK = 'https://module-only.example/t';",
      'export default { data: () => ({ track: TRACK }) };',
      '</script>',
      '<template><a :ping="TRACK">x</a></template>',
    ].join('\n');
    expect(found(code)).toEqual(['5:21 ping UNRESOLVED']);
  });

  it('says so when a template in another language may hold a ping', () => {
    const pug = '<template lang="pug">\na(href="/x" ping="https://pug.example/p") x\n</template>';
    expect(codes(pug)).toEqual(['1:1 parse-error']);
    const quiet = '<template lang="pug">\np Hello\n</template>';
    expect(codes(quiet)).toEqual([]);
  });
});

describe('Vue template code calling script functions', () => {
  afterAll(removeProjects);

  /** `line:column sink source` per finding of the whole project, for the component's file. */
  async function foundIn(component: string, extra: Record<string, string> = {}): Promise<string[]> {
    const root = makeProject({ 'src/Panel.vue': component, ...extra });
    // The component may have no sink word: the wrapper's lookup must parse it all the same.
    const report = await scanWithAndWithoutPrefilter(root);
    return report.findings
      .filter((f) => f.location.file === 'src/Panel.vue')
      .map((f) => `${f.location.line}:${f.location.column} ${f.sink} ${f.source ?? 'UNRESOLVED'}`);
  }

  it('finds calls of a <script setup> wrapper in handlers, {{ }}, bindings and directives', async () => {
    const code = [
      '<script setup lang="ts">',
      'async function save(url: string) { return fetch(url, { method: "POST" }); }',
      '</script>',
      '<template>',
      '  <button @click="save(\'https://inline.example/a\')">1</button>',
      '  <button v-on:click.prevent="() => save(\'https://arrow.example/b\')">2</button>',
      '  <Child @update:model-value="busy = true; save(\'https://statements.example/c\')" />',
      '  <button @click="function () { save(\'https://function.example/d\') }">4</button>',
      '  <button @click="async (e) => { await save(\'https://async.example/e\') }">5</button>',
      "  <p>{{ save('https://mustache.example/f') && 'saved' }}</p>",
      '  <Chart :data="save(\'https://bound.example/g\')" v-if="save(\'https://if.example/h\')" />',
      '  <button @click="save">a method handler: called with the event</button>',
      '</template>',
    ].join('\n');
    // Each at its call in the template; the wrapper's own fetch is not unresolved, as every call of
    // it is known (a method handler is called with the event, which is no URL: not a call here).
    expect(await foundIn(code)).toEqual([
      '5:19 fetch https://inline.example',
      '6:37 fetch https://arrow.example',
      '7:44 fetch https://statements.example',
      '8:33 fetch https://function.example',
      '9:40 fetch https://async.example',
      '10:9 fetch https://mustache.example',
      '11:17 fetch https://bound.example',
      '11:56 fetch https://if.example',
    ]);
  });

  it('finds them in a component with no sink word, calling a wrapper of another module', async () => {
    const code = [
      '<script setup lang="ts">',
      "import { download } from './reports';",
      "const REPORTS = 'https://reports.example';",
      '</script>',
      '<template>',
      '  <li v-for="kind in kinds" :key="kind">',
      '    <button @click="download(`${REPORTS}/${kind}.pdf`)">{{ kind }}</button>',
      '  </li>',
      '  <button @click="download($event.target.dataset.href)">?</button>',
      '</template>',
    ].join('\n');
    const reports = 'export function download(url: string) { return fetch(url); }\n';
    expect(await foundIn(code, { 'src/reports.ts': reports })).toEqual([
      '7:21 fetch https://reports.example',
      '9:19 fetch UNRESOLVED',
    ]);
  });

  it('reads a value with character references decoded, and under v-pre only a static onclick', async () => {
    const code = [
      '<script setup>',
      'const save = (url) => fetch(url);',
      '</script>',
      '<template>',
      '  <button @click="save(&quot;https://entity.example/a&quot;)">1</button>',
      '  <div v-pre>',
      "    <button @click=\"save('https://pre.example/b')\">{{ save('https://pre.example/c') }}</button>",
      '  </div>',
      "  <p v-pre>{{ save('https://pre.example/d') }}</p>",
      // Rendered as written under v-pre too: a static onclick is a page script the browser runs.
      '  <button v-pre onclick="navigator.sendBeacon(\'https://pre-onclick.example/e\')">e</button>',
      '</template>',
    ].join('\n');
    expect(await foundIn(code)).toEqual([
      '5:19 fetch https://entity.example',
      '10:47 beacon https://pre-onclick.example',
    ]);
  });

  it('never takes a browser name in template code for the browser API', () => {
    const code = [
      '<template>',
      '  <button @click="window.fetch(\'https://window.example/a\')">1</button>',
      '  <button @click="new WebSocket(\'wss://socket.example/b\')">2</button>',
      '  <img :data-x="globalThis.navigator.sendBeacon(\'https://beacon.example/c\')" />',
      "  <p v-if=\"new EventSource('https://events.example/d')\">{{ self.fetch('https://self.example/e') }}</p>",
      '</template>',
      '<script setup>',
      'const open = true;',
      '</script>',
    ].join('\n');
    expect(scan(code)).toEqual({ findings: [], diagnostics: [] });
  });

  it("takes a name the script declares or imports for the script's, even a browser name", async () => {
    const code = [
      '<script setup lang="ts">',
      "import fetch from 'isomorphic-fetch';",
      "import { $fetch } from 'ofetch';",
      "const URL = 'https://const.example';",
      'const document = { base: "https://document.example" };',
      'function save(url: string) { return globalThis.fetch(url); }',
      '</script>',
      '<template>',
      '  <button @click="fetch(\'https://polyfill.example/a\')">1</button>',
      '  <button @click="$fetch(\'https://ofetch.example/b\')">2</button>',
      '  <button @click="save(URL + \'/c\')">3</button>',
      '  <button @click="save(document.base + \'/d\')">4</button>',
      '</template>',
    ].join('\n');
    expect(await foundIn(code)).toEqual([
      '9:25 fetch https://polyfill.example',
      '10:26 ofetch https://ofetch.example',
      '11:19 fetch https://const.example',
      '12:19 fetch https://document.example',
    ]);
  });

  it("reads an undeclared name as the component's: location, process, window are not the browser's", async () => {
    const code = [
      '<script setup>',
      'const save = (url) => fetch(url);',
      '</script>',
      '<template>',
      '  <button @click="save(location.origin + \'/a\')">1</button>',
      '  <button @click="save(process.env.API_URL + \'/b\')">2</button>',
      "  <a :ping=\"new URL('/t', 'https://url.example').href\">3</a>",
      '</template>',
    ].join('\n');
    const extra = { '.env': 'API_URL=https://env.example\n', 'package.json': '{}' };
    // Unresolved, with the reason: no 'self' from location, no env value, no URL constructor.
    expect(await foundIn(code, extra)).toEqual([
      '5:19 fetch UNRESOLVED',
      '6:19 fetch UNRESOLVED',
      '7:13 ping UNRESOLVED',
    ]);
    const report = await analyze({ root: makeProject({ 'src/Panel.vue': code, ...extra }), cache: false });
    expect(report.diagnostics.map((d) => d.message).join('\n')).toContain(
      "location is not declared in the script: in a Vue template it is the component's",
    );
  });

  it('reads the source of a v-for outside its alias, and {{ }} in <textarea> and <title>', async () => {
    const code = [
      '<script setup>',
      'const save = (url) => fetch(url);',
      "const item = 'https://not-the-alias.example';",
      '</script>',
      '<template>',
      '  <li v-for="item in save(\'https://source.example/list\')">{{ save(item) }}</li>',
      "  <textarea>{{ save('https://textarea.example/t') }}</textarea>",
      "  <title>{{ save('https://title.example/t') }}</title>",
      '</template>',
    ].join('\n');
    expect(await foundIn(code)).toEqual([
      '6:22 fetch https://source.example',
      '6:62 fetch UNRESOLVED',
      '7:16 fetch https://textarea.example',
      '8:13 fetch https://title.example',
    ]);
  });

  it('reads deeply nested markup in time linear in its size', () => {
    // 200,000 open elements with a {{ }} each: the v-pre check once looked at the whole stack, and
    // took 17 s at 80,000 (quadratic: minutes here). The limit below is a guard against that
    // growth, far above the linear time (under a second), not a performance goal.
    const code = `<template>${'<i>{{x}}'.repeat(200000)}</template>`;
    expect(scan(code).diagnostics).toEqual([]);
  }, 20_000);

  it("leaves an options-API template's calls alone: its names are the instance's, not modelled", () => {
    const code = [
      '<script>',
      'export default { methods: { save(url) { return fetch(url); } } };',
      '</script>',
      '<template>',
      '  <button @click="save(\'https://options.example/a\')">1</button>',
      '  <p>{{ broken( }}</p>',
      '  <a :ping="\'https://still-read.example/p\'">pings still are</a>',
      '</template>',
    ].join('\n');
    // The method's fetch stays unresolved (reported), and the template's code is not even parsed.
    expect(scan(code).diagnostics.map((d) => d.code)).toEqual(['unresolved-url']);
    expect(found(code)).toEqual(['2:54 fetch UNRESOLVED', '7:13 ping https://still-read.example']);
  });

  it('reports a syntax error in a handler at its place, and keeps the rest', () => {
    const code = [
      '<script setup>',
      "const TRACK = 'https://track.example/t';",
      '</script>',
      '<template>',
      '  <button @click="save(">broken</button>',
      '  <a :ping="TRACK">fine</a>',
      '</template>',
    ].join('\n');
    expect(codes(code).map((c) => c.replace(/:\d+ /, ' '))).toEqual(['5 parse-error']);
    expect(found(code)).toEqual(['6:13 ping https://track.example']);
  });
});
