// An analysed module's AST stays in memory to the end of a scan (wrapper call sites and imported
// values point into it), so the walk drops what nothing reads: Babel's loc objects (a
// SourceLocation and two positions per node; locations come from offsets), its `extra` objects
// (raw texts of literals, parentheses), the comment list, and the statements of every function
// (DETACHED_BODY). Nodes the walk does not visit (types, imports, keys, patterns) must lose theirs
// too: before this, 8% of the npm corpus's live heap after a scan was loc objects the walk had
// never seen, 3% `extra` objects and 14% function statements.
import type { Node } from '@babel/types';
import { describe, expect, it } from 'vitest';
import { NONE } from '../../src/analyze/scope.js';
import { DETACHED_BODY, FUNCTION_TYPES, indexModule, type ModuleIndex } from '../../src/analyze/walk.js';
import { parseModule } from '../../src/parse/parse.js';
import type { Language, SourceFile } from '../../src/types.js';
import { tallyFixtureScripts } from '../helpers/fixtures.js';

/** The type and parent key of every node reachable from `root` that still holds a loc or extra object. */
function withLocations(root: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const stack: [unknown, string][] = [[root, 'root']];
  while (stack.length > 0) {
    const [value, key] = stack.pop() as [unknown, string];
    if (!value || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, key]);
      continue;
    }
    const node = value as Node;
    if (typeof node.type === 'string' && node.loc) found.push(`${key} ${node.type}`);
    if (typeof node.type === 'string' && node.extra !== undefined) found.push(`${key} ${node.type} extra`);
    for (const [child, inner] of Object.entries(node))
      if (child !== 'loc' && child !== 'extra') stack.push([inner, child]);
  }
  return found;
}

/** Indexes every script of the text; what still holds a loc object, and whether comments are kept. */
function afterWalk(text: string, language: Language): { located: string[]; comments: number } {
  const file: SourceFile = { path: `snippet.${language}`, absPath: `/snippet.${language}`, language };
  const located: string[] = [];
  let comments = 0;
  for (const unit of parseModule(file, text).module.scripts) {
    expect(withLocations(unit.ast).length).toBeGreaterThan(0);
    indexModule(unit.ast);
    located.push(...withLocations(unit.ast));
    if (unit.ast.type === 'File') comments += unit.ast.comments?.length ?? 0;
  }
  return { located, comments };
}

const TYPESCRIPT = `
'use strict';
// a comment, /* and another */
import type { Options } from './types';
import api, { get as load } from './api';
export * from './more';
interface Shape { url: string; retry?: number }
type Url = \`https://\${string}\`;
declare const VERSION: string;
enum Mode { A = 'a', B = 'b', C = (init(), 3) }
abstract class Client<T extends Shape> implements Shape {
  url = 'https://a.example';
  #secret?: string;
  constructor(private readonly base: string = 'x') { super(); }
  accessor #cache = new Map();
  @Log() @Retry(() => 3)
  async send<R>(this: Client<T>, body: T, ...rest: unknown[]): Promise<R> {
    'use asm';
    return (await fetch(this.url)) as unknown as R;
  }
  get size(): number { return 1; }
  static { init(); }
}
function guard(value: unknown): value is Shape { return typeof value === 'object'; }
for (const { url = 'u', ...rest }: Shape of list) use(url, rest);
for (const [key] in table) use(key);
try { run(); } catch ({ message = 'm' }) { log(message); } finally { done(); }
const [first, , third = 3] = list;
export default { send: load, go: (url: Url) => api(url) } satisfies Record<string, unknown>;
label: for (;;) { break label; }
namespace Inner { export const x = 1; }
import Legacy = require('legacy');
`;

const JAVASCRIPT = `#!/usr/bin/env node
const decorated = { @D(1) m() {}, @D(2) p: 3 };
/** @type {string} */
const BASE = 'https://b.example';
function* walk(node = {}) { yield* node.children; }
const { a: { b = 1 } = {}, ...others } = config;
switch (mode) { case 'x': { let y = 2; break; } default: }
export async function get(path) { return fetch(\`\${BASE}\${path}\`); }
module.exports = { get };
<!-- an HTML-like comment in a classic script
`;

describe('the walk drops what an analysed AST keeps for nothing', () => {
  it('leaves no loc object on any node of a TypeScript module, visited or not', () => {
    const { located, comments } = afterWalk(TYPESCRIPT, 'ts');
    expect(located).toEqual([]);
    expect(comments).toBe(0);
  });

  it('leaves none in JavaScript, JSX and markup scripts', () => {
    expect(afterWalk(JAVASCRIPT, 'js').located).toEqual([]);
    expect(afterWalk('const el = <a ping="/p" href={`${A}/x`}>{/* c */ label}</a>;', 'jsx').located).toEqual(
      [],
    );
    expect(
      afterWalk(
        '<template><b @click="go(url)">x</b></template>\n<script setup lang="ts">\nconst url: string = "/u";\n</script>',
        'vue',
      ).located,
    ).toEqual([]);
  });

  it('leaves none in any script of the fixtures', () => {
    const left: string[] = [];
    const scripts = tallyFixtureScripts((text, language, file) => {
      for (const where of afterWalk(text, language).located) left.push(`${file}: ${where}`);
      return 1;
    });
    expect(scripts).toBeGreaterThan(150);
    expect(left).toEqual([]);
  });
});

/** Every object reachable from `roots`, through properties, arrays, Maps and Sets. */
function reachable(roots: readonly unknown[]): Set<object> {
  const seen = new Set<object>();
  const stack = [...roots];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Map) {
      for (const [k, v] of value) stack.push(k, v);
    } else if (value instanceof Set || Array.isArray(value)) {
      for (const item of value as Iterable<unknown>) stack.push(item);
    } else {
      stack.push(...Object.values(value));
    }
  }
  return seen;
}

describe("the walk detaches functions' statements", () => {
  const CODE = `
    const BASE = 'https://a.example';
    export function get(path) { if (!path) throw new Error('no'); for (;;) { log(path); break; } return fetch(BASE + path); }
    export const post = (path) => fetch(BASE + path, { method: 'POST' });
    class Api { constructor() { this.base = BASE; } send() { try { run(); } catch { retry(); } return fetch(this.base); } }
    const handlers = { onLoad() { while (busy()) wait(); } };
    (function () { switch (mode) { case 1: go(); } })();
  `;

  function walked(): { index: ModuleIndex; ast: Node; statements: Node[]; arrowBody: Node | null } {
    const file: SourceFile = { path: 'd.js', absPath: '/d.js', language: 'js' };
    const unit = parseModule(file, CODE).module.scripts[0];
    if (!unit) throw new Error('no script');
    // The statements inside function bodies, and the arrow's expression body, before the walk.
    const statements: Node[] = [];
    let arrowBody: Node | null = null;
    for (const value of reachable([unit.ast])) {
      const node = value as Node;
      if (!FUNCTION_TYPES.has(node.type)) continue;
      const body = (node as { body: Node }).body;
      if (body.type === 'BlockStatement') statements.push(...body.body);
      else arrowBody = body;
    }
    return { index: indexModule(unit.ast), ast: unit.ast, statements, arrowBody };
  }

  it('keeps no statement of a function body reachable from the AST or the index', () => {
    const { index, ast, statements } = walked();
    expect(statements.map((s) => s.type)).toEqual(
      expect.arrayContaining([
        'IfStatement',
        'ForStatement',
        'ReturnStatement',
        'TryStatement',
        'WhileStatement',
      ]),
    );
    const kept = reachable([ast, index]);
    expect(statements.filter((s) => kept.has(s)).map((s) => s.type)).toEqual([]);
    const functions = [...kept].filter((v) => FUNCTION_TYPES.has((v as Node).type)) as Node[];
    expect(functions.length).toBe(6);
    expect(functions.every((fn) => 'body' in fn && fn.body === DETACHED_BODY)).toBe(true);
  });

  it('keeps what the index needs: an arrow expression body as its return, calls and fields', () => {
    const { index, arrowBody } = walked();
    const returned = [...index.returns.values()].flat().map((site) => site.node);
    expect(arrowBody?.type).toBe('CallExpression');
    expect(returned).toContain(arrowBody);
    const callees = index.candidates
      .map((c) => c.node)
      .filter((n) => n.type === 'CallExpression' && n.callee.type === 'Identifier')
      .map((n) => (n.type === 'CallExpression' && n.callee.type === 'Identifier' ? n.callee.name : ''));
    expect(callees).toEqual(expect.arrayContaining(['fetch', 'log', 'run', 'retry', 'wait', 'go']));
    expect(index.classFields.size).toBe(1);
  });
});

describe('bindings share one empty list until they are written', () => {
  it('gives a written binding its own lists and leaves the shared one empty', () => {
    const file: SourceFile = { path: 'b.js', absPath: '/b.js', language: 'js' };
    const code = `let url = '/a'; url = '/b'; const cfg = {}; cfg.base = url; Object.assign(cfg, more); const plain = 1; var twice = 1; var twice = 2;`;
    const unit = parseModule(file, code).module.scripts[0];
    if (!unit) throw new Error('no script');
    const program = indexModule(unit.ast).program;
    const binding = (name: string) => {
      const found = program.lookup(name);
      if (!found) throw new Error(`no binding ${name}`);
      return found;
    };
    expect(binding('url').assignments.map((a) => a.value?.type)).toEqual(['StringLiteral']);
    expect(binding('cfg').mutations.map((m) => m.key)).toEqual(['base', null]);
    expect(binding('twice').assignments).toHaveLength(1);
    expect(binding('plain').assignments).toBe(NONE);
    expect(binding('plain').mutations).toBe(NONE);
    expect(binding('plain').path).toBe(NONE);
    expect(NONE).toHaveLength(0);
    expect(Object.isFrozen(NONE)).toBe(true);
  });

  it('makes no Map for a scope that declares nothing', () => {
    const file: SourceFile = { path: 's.js', absPath: '/s.js', language: 'js' };
    const code = 'const a = 1; if (a) { go(1); } while (b) { go(2); } { let c = 3; go(c); }';
    const unit = parseModule(file, code).module.scripts[0];
    if (!unit) throw new Error('no script');
    const index = indexModule(unit.ast);
    const scopes = index.candidates.filter((c) => c.node.type === 'CallExpression').map((c) => c.scope);
    expect(scopes).toHaveLength(3);
    const [ifBlock, whileBlock, letBlock] = scopes;
    expect(ifBlock?.bindings.size).toBe(0);
    expect(ifBlock?.bindings).toBe(whileBlock?.bindings);
    expect([...(letBlock?.bindings.keys() ?? [])]).toEqual(['c']);
    expect(letBlock?.lookup('a')?.kind).toBe('const');
  });
});

describe('the walk cuts types off instead of walking them', () => {
  it('keeps no type annotation, type argument or type parameter reachable', () => {
    const file: SourceFile = { path: 't.ts', absPath: '/t.ts', language: 'ts' };
    const code = `
      const base: string = 'https://t.example' as const satisfies string;
      export function get<T extends object>(path: string, init?: RequestInit): Promise<T> {
        return fetch(base + path, init as RequestInit).then((r) => r.json() as Promise<T>);
      }
      class Api<T> extends Base<T> implements Client { url: string = base; send(this: Api<T>): void { get<T>(this.url); } }
      const cfg = <Record<string, string>>{ a: 'b' };
    `;
    const unit = parseModule(file, code).module.scripts[0];
    if (!unit) throw new Error('no script');
    const typed = (nodes: Iterable<object>): string[] =>
      [...nodes]
        .map((v) => (v as Node).type)
        .filter(
          (t) =>
            typeof t === 'string' &&
            /^TS(?!AsExpression|SatisfiesExpression|TypeAssertion|NonNullExpression)/.test(t),
        );
    expect(typed(reachable([unit.ast])).length).toBeGreaterThan(10);
    const index = indexModule(unit.ast);
    expect(typed(reachable([unit.ast, index]))).toEqual([]);
    // What the code does is still read: the fetch, its wrapper and the field.
    const calls = index.candidates.map((c) => c.node.type);
    expect(calls).toContain('CallExpression');
    expect(index.classFields.size).toBe(1);
  });
});
