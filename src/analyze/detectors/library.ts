// Shared by the client-library detectors (axios, ky, ofetch, socket.io, Connect).
//
// A library is recognised only through the import or require that brings its package in, never
// by a name alone: a local function called `io` is not socket.io. Instances made with
// `axios.create(config)` and the like are followed through constant bindings, factory returns
// and class fields of the same file.
//
// The shared analysis evaluates one target expression per hit, in the scope of the call. A library
// call's target is often built from two places (an instance's baseURL and the call's path), so the
// detectors hand it a small synthetic expression (a template literal joining the two real
// expressions, a `??` chain over config objects, a conditional for "either reading") made of the
// real nodes, which the evaluator then reads with its usual traces and holes. A real node is only
// reused in the call's scope when every name in it means the same binding there.

import type {
  ConditionalExpression,
  Expression,
  Identifier,
  Node,
  ObjectExpression,
  TemplateLiteral,
} from '@babel/types';
import {
  binaryExpression,
  conditionalExpression,
  identifier,
  isExpression,
  logicalExpression,
  memberExpression,
  stringLiteral,
  templateElement,
  templateLiteral,
  VISITOR_KEYS,
} from '../../parse/babel-ast.js';
import type { Evaluator } from '../../resolve/evaluate.js';
import { type Alt, knownText, type Value } from '../../resolve/values.js';
import type { SinkKind } from '../../types.js';
import type { Binding, Scope } from '../scope.js';
import { DETACHED_BODY, propertyKey, unwrap } from '../walk.js';
import { LANGUAGE_BY_EXTENSION } from '../../discover/languages.js';
import { extensionOf } from '../../util/paths.js';
import { parseScript, type ScriptLanguage } from '../../parse/babel.js';
import type { DetectorContext, SinkHit } from './types.js';
import { argumentAt, hit } from './types.js';

const MAX_HOPS = 8;

/** A value reached from a package: `pkg` and the export/property names after it. */
export interface LibraryRef {
  readonly pkg: string;
  /**
   * Names after the package, a leading `default` dropped: `import axios from 'axios'`,
   * `require('axios')` and `require('axios').default` are all `[]`; `axios.get` is `['get']`;
   * `import { io } from 'socket.io-client'` is `['io']`.
   */
  readonly names: readonly string[];
}

/**
 * What `node` is, when it is reached from one of `packages` through an import, a require and
 * constant bindings: `import axios from 'axios'`, `const { io } = require('socket.io-client')`,
 * `const http = axios`, `axios.get`. A parameter, a global or a reassigned variable is not.
 */
export function libraryRef(
  node: Node,
  scope: Scope,
  packages: ReadonlySet<string>,
  hops = 0,
): LibraryRef | null {
  if (hops > MAX_HOPS) return null;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Identifier': {
      const binding = scope.lookup(inner.name);
      if (!binding) return null;
      if (binding.kind === 'import') {
        const source = binding.importSource;
        if (source === null || !packages.has(source)) return null;
        const name = binding.importName;
        return normalise(source, name === null || name === '*' ? [] : [name]);
      }
      if (!isConstant(binding) || !binding.init) return null;
      const keys = pathKeys(binding);
      const base = keys && libraryRef(binding.init, binding.scope, packages, hops + 1);
      return base && keys ? normalise(base.pkg, [...base.names, ...keys]) : null;
    }
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      const first = inner.arguments[0];
      if (
        callee.type === 'Identifier' &&
        callee.name === 'require' &&
        !scope.lookup('require') &&
        inner.arguments.length === 1 &&
        first?.type === 'StringLiteral' &&
        packages.has(first.value)
      ) {
        return { pkg: first.value, names: [] };
      }
      return null;
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const key = memberName(inner);
      const base = key === null ? null : libraryRef(inner.object, scope, packages, hops + 1);
      return base && key !== null ? normalise(base.pkg, [...base.names, key]) : null;
    }
    default:
      return null;
  }
}

// The default export of these packages is what `require()` returns, so the two spellings meet.
function normalise(pkg: string, names: readonly string[]): LibraryRef {
  return { pkg, names: names[0] === 'default' ? names.slice(1) : names };
}

/** const, or a let/var never assigned again. */
export function isConstant(binding: Binding): boolean {
  return (
    !binding.reassigned && (binding.kind === 'const' || binding.kind === 'let' || binding.kind === 'var')
  );
}

function pathKeys(binding: Binding): string[] | null {
  const keys: string[] = [];
  for (const step of binding.path) {
    if (!('key' in step)) return null;
    keys.push(step.key);
  }
  return keys;
}

export function memberName(
  node: Node & { type: 'MemberExpression' | 'OptionalMemberExpression' },
): string | null {
  if (node.property.type === 'PrivateName') return null;
  return propertyKey(node.property, node.computed);
}

/** The callee as a method call: `object.method(...)`, or null. */
export function methodCall(node: Node): { readonly object: Node; readonly method: string } | null {
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
  const method = memberName(callee);
  return method === null ? null : { object: callee.object, method };
}

/** A config object given to a factory (`axios.create(config)`), where it was written. */
export interface ConfigRef {
  readonly node: Node;
  readonly scope: Scope;
  /** The factory call that received it, shown when the config cannot be read from the call site. */
  readonly factory: Node;
  /** The evaluator of the module it is written in. */
  readonly evaluator: Evaluator;
}

/** A request function of a library, with the configs its instance was made from (outermost first). */
export interface Client {
  readonly configs: readonly ConfigRef[];
}

export interface ClientSpec {
  readonly packages: ReadonlySet<string>;
  /** Is this (after the package) the library's own request function? */
  isFunction(names: readonly string[]): boolean;
  /** Methods that make a new client: `extend` keeps the parent's defaults, `replace` starts afresh. */
  readonly factories: ReadonlyMap<string, 'extend' | 'replace'>;
}

/**
 * The clients `node` may be: the library's function itself, or an instance made by one of its
 * factories, followed through constant bindings, `this.field`, and functions that return one.
 * Empty when it is none of them.
 */
export function resolveClients(
  node: Node,
  scope: Scope,
  evaluator: Evaluator,
  spec: ClientSpec,
  hops = 0,
): Client[] {
  if (hops > MAX_HOPS) return [];
  // A node always sits in the same scope, so its answer can be kept: factories that return
  // factories would otherwise be walked again for every call.
  let cache = RESOLVED.get(spec);
  if (!cache) {
    cache = new WeakMap();
    RESOLVED.set(spec, cache);
  }
  const known = cache.get(node);
  if (known) return known;
  cache.set(node, []);
  const found = resolveUncached(node, scope, evaluator, spec, hops);
  cache.set(node, found);
  return found;
}

const RESOLVED = new WeakMap<ClientSpec, WeakMap<Node, Client[]>>();

function resolveUncached(
  node: Node,
  scope: Scope,
  evaluator: Evaluator,
  spec: ClientSpec,
  hops: number,
): Client[] {
  const inner = unwrap(node);
  const ref = libraryRef(inner, scope, spec.packages);
  if (ref) return spec.isFunction(ref.names) ? [{ configs: [] }] : [];
  switch (inner.type) {
    case 'Identifier': {
      const binding = scope.lookup(inner.name);
      if (binding?.kind === 'import') {
        // An instance made in another module: recognised by its definition there.
        const definition = evaluator.definition(inner, scope);
        return definition
          ? resolveClients(definition.node, definition.scope, definition.evaluator, spec, hops + 1)
          : [];
      }
      if (!binding || !isConstant(binding) || binding.path.length > 0 || !binding.init) return [];
      return resolveClients(binding.init, binding.scope, evaluator, spec, hops + 1);
    }
    case 'CallExpression':
    case 'OptionalCallExpression': {
      const call = methodCall(inner);
      const factory = call ? spec.factories.get(call.method) : undefined;
      if (call && factory) {
        const parents = resolveClients(call.object, scope, evaluator, spec, hops + 1);
        const config = factoryConfig(inner.arguments as readonly Node[]);
        const own: ConfigRef[] = config ? [{ node: config, scope, factory: inner, evaluator }] : [];
        return parents.map((parent) => ({
          configs: factory === 'replace' ? own : [...parent.configs, ...own],
        }));
      }
      const callee = unwrap(inner.callee);
      if (callee.type !== 'Identifier') return [];
      const fn = scope.lookup(callee.name)?.fn;
      return (fn ? evaluator.returnsOf(fn) : []).flatMap((site) =>
        resolveClients(site.node, site.scope, evaluator, spec, hops + 1),
      );
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      if (unwrap(inner.object).type !== 'ThisExpression' || !scope.thisClass) return [];
      const key = memberName(inner);
      const sites = key === null ? [] : evaluator.fieldSites(scope.thisClass, key);
      return sites.flatMap((site) => resolveClients(site.node, site.scope, evaluator, spec, hops + 1));
    }
    case 'AssignmentExpression':
      return inner.operator === '=' ? resolveClients(inner.right, scope, evaluator, spec, hops + 1) : [];
    default:
      return [];
  }
}

/**
 * The config a factory call is given. ky's `extend(options => ({ ...options, headers }))` form is
 * taken to keep the parent's URL settings: the tool cannot read what the function returns.
 */
export function factoryConfig(args: readonly Node[]): Node | null {
  const config = argumentAt(args, 0);
  if (!config) return null;
  const inner = unwrap(config);
  return inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression' ? null : config;
}

/** The clients a method call is made on (`api.get(...)`), when its method is one of `methods`. */
export function clientMethodCall(
  node: Node,
  context: DetectorContext,
  spec: ClientSpec,
  methods: ReadonlySet<string>,
): { readonly method: string; readonly clients: Client[] } | null {
  const call = methodCall(node);
  if (!call || !methods.has(call.method)) return null;
  const clients = resolveClients(call.object, context.scope, context.evaluator, spec);
  return clients.length > 0 ? { method: call.method, clients } : null;
}

// ---------------------------------------------------------------------------------------------
// Reading config keys from the call site

/**
 * An expression for `config[key]` that can be evaluated in `scope` (the call's), or null when the
 * config certainly has no such key (an object literal without it and without spreads).
 * When a name in it means something else at the call (a shadowing local, a constructor
 * parameter), its known text is used instead; failing that, the factory call stands for it as an
 * unknown, so that nothing is read in the wrong scope.
 */
export function readKey(
  ref: ConfigRef,
  key: string,
  scope: Scope,
  evaluator: Evaluator,
): Node | null | undefined {
  const inner = unwrap(ref.node);
  let read: Node;
  if (inner.type === 'ObjectExpression') {
    const found = ownProperty(inner, key);
    if (found === 'absent') return null;
    read = found ?? member(inner, key);
  } else {
    read = member(inner, key);
  }
  const sameModule = ref.evaluator === evaluator;
  if (sameModule && portable(read, ref.scope, scope, evaluator)) return read;
  const texts = ref.evaluator
    .evaluate(read, ref.scope)
    .map((alt) => (alt.v.k === 'nullish' ? null : knownText(alt.v)));
  // Another module's unknown cannot be shown from here (undefined: no hit); its factory call is a
  // finding in that module.
  if (texts.length === 0 || texts.some((value) => value === null))
    return sameModule ? ref.factory : undefined;
  let known: Node | null = null;
  for (const value of texts) {
    const literal: Node = sameModule
      ? withPosition(stringLiteral(value ?? ''), read)
      : stringLiteral(value ?? '');
    known = known ? either(known, literal) : literal;
  }
  return known ?? ref.factory;
}

/**
 * `config[key]` of a per-call config (`axios.get(url, config)`), only when the config visibly sets
 * the key: a literal with the key, or a value the evaluator reads as an object holding it.
 * A config the tool cannot read (a parameter passed through) is taken not to set it.
 */
export function readCallKey(
  config: Node | null,
  key: string,
  scope: Scope,
  evaluator: Evaluator,
): Node | null {
  if (!config) return null;
  const inner = unwrap(config);
  if (inner.type === 'ObjectExpression') {
    const found = ownProperty(inner, key);
    if (found !== undefined) return found === 'absent' ? null : found;
  }
  const values = evaluator.evaluate(inner, scope);
  return values.some((alt) => alt.v.k === 'obj' && alt.v.props.has(key)) ? member(inner, key) : null;
}

/**
 * The value of `key` written in an object literal; 'absent' when the literal cannot have it;
 * undefined when a spread, a computed key or a method may bring it (read it as a member then).
 */
function ownProperty(object: ObjectExpression, key: string): Node | 'absent' | undefined {
  let found: Node | 'absent' | undefined = 'absent';
  for (const prop of object.properties) {
    const name = prop.type === 'SpreadElement' ? null : propertyKey(prop.key, prop.computed);
    if (name === null) {
      // A later plain key still wins over what a spread or a computed key brought.
      found = undefined;
      continue;
    }
    if (name !== key) continue;
    found = prop.type === 'ObjectProperty' ? prop.value : undefined;
  }
  return found;
}

/** `object.key`, carrying the object's position so that an unknown reads as the object's text. */
function member(object: Node, key: string): Node {
  const expression = asExpression(object);
  if (!expression) return object;
  const node = memberExpression(expression, identifier(key));
  return withPosition(node, object);
}

/**
 * The first of several reads that is not nullish, innermost last in `reads`:
 * `call.baseURL ?? instance.baseURL ?? parent.baseURL`. Reads that are certainly nullish are left
 * out; a read that is certainly set hides the ones before it. Null when none may be set.
 */
export function firstDefined(reads: readonly Node[], scope: Scope, evaluator: Evaluator): Node | null {
  let chain: Expression | null = null;
  for (const read of reads) {
    const expression = asExpression(read);
    if (!expression) continue;
    const alts = evaluator.evaluate(expression, scope);
    const nullish = alts.filter((alt) => alt.v.k === 'nullish').length;
    if (alts.length > 0 && nullish === alts.length) continue;
    chain = nullish === 0 || chain === null ? expression : logicalExpression('??', expression, chain);
  }
  return chain;
}

// ---------------------------------------------------------------------------------------------
// Joining a base URL and a path

/** How a library reads a request URL when it also has a base. */
export type AbsoluteRule = (prefix: string, complete: boolean) => 'absolute' | 'relative' | 'unknown';

type Shape = 'empty' | 'absolute' | 'relative' | 'unknown';

export interface Composed {
  readonly target: Node | null;
  readonly note?: string;
}

/**
 * The URL a library requests for `path` with base `base`: the path alone when there is no base
 * (or the path is absolute and `absolute` says absolute paths win), else base and path joined
 * with one slash between them. When the alternatives disagree (a base that may be empty, paths of
 * which only some are absolute), both readings are returned, so that no origin is lost.
 * `absolute` null: the path never overrides the base (ky's prefixUrl).
 */
export function joinBase(
  base: Node | null,
  path: Node | null,
  absolute: AbsoluteRule | null,
  scope: Scope,
  evaluator: Evaluator,
): Composed {
  if (!base) return { target: path };
  const baseAlts = evaluator.evaluate(base, scope);
  const live = baseAlts.filter((alt) => !isFalsy(alt.v));
  if (live.length === 0) return { target: path };
  if (!path) return { target: base };
  const pathAlts = evaluator.evaluate(path, scope).filter((alt) => shapeOf(alt.v, absolute) !== 'empty');
  if (pathAlts.length === 0) return { target: base };
  const shapes = pathAlts.map((alt) => shapeOf(alt.v, absolute));
  if (absolute && shapes.every((shape) => shape === 'absolute')) return { target: path };
  const joined = join(base, path, live, pathAlts);
  const bypass = absolute !== null && shapes.some((shape) => shape === 'absolute');
  const target = bypass || live.length < baseAlts.length ? either(path, joined) : joined;
  return absolute && shapes.some((shape) => shape === 'unknown')
    ? { target, note: 'a path it cannot read is taken to be relative to the base URL' }
    : { target };
}

function isFalsy(v: Value): boolean {
  if (v.k === 'nullish') return true;
  if (v.k === 'bool') return !v.b;
  if (v.k === 'num') return v.n === 0;
  return v.k === 'str' && v.pieces.length === 0;
}

function shapeOf(v: Value, absolute: AbsoluteRule | null): Shape {
  if (v.k === 'nullish') return 'empty';
  if (v.k === 'location') return 'absolute';
  if (v.k === 'num' || v.k === 'bool') return 'relative';
  if (v.k !== 'str') return 'unknown';
  const first = v.pieces[0];
  if (first === undefined) return 'empty';
  if (absolute === null) return 'relative';
  if (first.t === 'page-origin' || first.t === 'page-protocol') return 'absolute';
  if (first.t !== 'text') return 'unknown';
  return absolute(first.value, v.pieces.length === 1);
}

/** base + path with exactly one slash between them where the known text shows both ends. */
function join(base: Node, path: Node, baseAlts: readonly Alt[], pathAlts: readonly Alt[]): Node {
  const baseEnds = baseAlts.every((alt) => {
    const last = alt.v.k === 'str' ? alt.v.pieces[alt.v.pieces.length - 1] : undefined;
    return last?.t === 'text' && last.value.endsWith('/');
  });
  const pathStarts = pathAlts.every((alt) => {
    const first = alt.v.k === 'str' ? alt.v.pieces[0] : undefined;
    return first?.t === 'text' && first.value.startsWith('/');
  });
  if (baseEnds && pathStarts) return template(base, '', withoutLeadingSlash(path) ?? path);
  return template(base, baseEnds || pathStarts ? '' : '/', path);
}

/** A literal path with its leading slashes removed, or null when the path is not a literal. */
function withoutLeadingSlash(path: Node): Node | null {
  const inner = unwrap(path);
  if (inner.type === 'StringLiteral') return stringLiteral(inner.value.replace(/^\/+/, ''));
  if (inner.type !== 'TemplateLiteral') return null;
  const [head, ...tail] = inner.quasis;
  if (!head) return null;
  const cooked = (head.value.cooked ?? head.value.raw).replace(/^\/+/, '');
  const raw = head.value.raw.replace(/^\/+/, '');
  const copy: TemplateLiteral = templateLiteral(
    [templateElement({ raw, cooked }, head.tail), ...tail],
    inner.expressions,
  );
  return copy;
}

function template(left: Node, separator: string, right: Node): Node {
  const a = asExpression(left);
  const b = asExpression(right);
  if (!a || !b) return left;
  return templateLiteral(
    [
      templateElement({ raw: '', cooked: '' }, false),
      templateElement({ raw: separator, cooked: separator }, false),
      templateElement({ raw: '', cooked: '' }, true),
    ],
    [a, b],
  );
}

/** `'//' + url`: how socket.io reads a URL without a scheme (a host on the page's scheme). */
export function protocolRelative(url: Node): Node {
  const expression = asExpression(url);
  return expression ? binaryExpression('+', stringLiteral('//'), expression) : url;
}

/**
 * An expression whose alternatives are those of `a` and those of `b`: a conditional on a name
 * no program can bind, which the evaluator can never decide.
 */
export function either(a: Node, b: Node): Node {
  const left = asExpression(a);
  const right = asExpression(b);
  if (!left || !right) return a;
  const undecidable: Identifier = { type: 'Identifier', name: '#either' };
  const node: ConditionalExpression = conditionalExpression(undecidable, left, right);
  return node;
}

/** `window.location.origin` (the page itself) unless `window` is shadowed; then a relative '/'. */
export function pageOrigin(scope: Scope): Node {
  if (scope.lookup('window')) return stringLiteral('/');
  return memberExpression(
    memberExpression(identifier('window'), identifier('location')),
    identifier('origin'),
  );
}

export function asExpression(node: Node): Expression | null {
  return isExpression(node) ? node : null;
}

function withPosition<T extends Node>(node: T, from: Node): T {
  node.start = from.start ?? null;
  node.end = from.end ?? null;
  node.loc = from.loc ?? null;
  return node;
}

// ---------------------------------------------------------------------------------------------
// Moving an expression between scopes

/**
 * Can `node`, written in `from`, be evaluated in `to` with the same meaning? True when every name
 * it reads resolves to the same binding in both, and `this` is the same class's instance.
 * `evaluator` is the module's: a function in `node` has its statements read from the module's
 * text again (see reparsedFunction), since the walk does not keep them.
 */
function portable(node: Node, from: Scope, to: Scope, evaluator: Evaluator): boolean {
  if (from === to) return true;
  let same = true;
  const visit = (current: Node): void => {
    if (!same) return;
    if ('body' in current && current.body === DETACHED_BODY) {
      const again = reparsedFunction(current, evaluator);
      if (!again) {
        same = false;
        return;
      }
      current = again;
    }
    if (current.type === 'Identifier') {
      if (from.lookup(current.name) !== to.lookup(current.name)) same = false;
      return;
    }
    if (current.type === 'ThisExpression') {
      if (from.thisClass !== to.thisClass) same = false;
      return;
    }
    const record = current as unknown as Record<string, unknown>;
    for (const key of VISITOR_KEYS[current.type] ?? []) {
      if (key === 'typeAnnotation' || key === 'typeParameters' || key === 'typeArguments') continue;
      // `a.b` and `{ b: 1 }` read no variable named b.
      if (key === 'property' && isMember(current) && !current.computed) continue;
      if (key === 'key' && isPlainKey(current)) continue;
      const child = record[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) visit(item);
      } else if (isNode(child)) {
        visit(child);
      }
    }
  };
  visit(node);
  return same;
}

/**
 * A function whose statements the walk detached (DETACHED_BODY), parsed again from its text in
 * the module, so that portable can read the names it uses as it did before the walk dropped
 * them. Null when its text does not parse back to a function of the same kind (template code,
 * whose positions are those of the template): then it is not portable. Only config values of
 * client factories get here, so this is rare and small.
 */
function reparsedFunction(fn: Node, evaluator: Evaluator): Node | null {
  // Once per function: a config is read again for every request through its client.
  const known = REPARSED.get(fn);
  if (known !== undefined) return known;
  const found = reparse(fn, evaluator);
  REPARSED.set(fn, found);
  return found;
}

const REPARSED = new WeakMap<Node, Node | null>();

function reparse(fn: Node, evaluator: Evaluator): Node | null {
  if (fn.start == null || fn.end == null) return null;
  const code = evaluator.text.slice(fn.start, fn.end);
  const wrapped =
    fn.type === 'ObjectMethod'
      ? `({${code}\n})`
      : fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod'
        ? `(class {${code}\n})`
        : fn.type === 'FunctionDeclaration'
          ? code
          : `(${code}\n)`;
  for (const language of scriptLanguagesOf(evaluator.path)) {
    const result = parseScript(wrapped, language, undefined, 'module');
    if (!result.ok) continue;
    const found = functionIn(result.ast.program.body[0]);
    if (found?.type === fn.type) return found;
  }
  return null;
}

/** The function a statement made by reparsedFunction holds. */
function functionIn(statement: Node | undefined): Node | null {
  if (!statement) return null;
  if (statement.type === 'FunctionDeclaration') return statement;
  if (statement.type !== 'ExpressionStatement') return null;
  const expression = statement.expression;
  if (expression.type === 'ObjectExpression') return expression.properties[0] ?? null;
  if (expression.type === 'ClassExpression') return expression.body.body[0] ?? null;
  return expression;
}

/** The parser languages a module's script may be in, most likely first. */
function scriptLanguagesOf(path: string): ScriptLanguage[] {
  const language = LANGUAGE_BY_EXTENSION[extensionOf(path)];
  switch (language) {
    case 'js':
    case 'jsx':
    case 'ts':
    case 'tsx':
      return [language];
    default:
      // A component's or a page's script: `lang="ts"` or plain.
      return ['ts', 'jsx'];
  }
}

function isMember(node: Node): node is Node & { type: 'MemberExpression' | 'OptionalMemberExpression' } {
  return node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression';
}

function isPlainKey(node: Node): boolean {
  return (
    (node.type === 'ObjectProperty' || node.type === 'ObjectMethod' || node.type === 'ClassProperty') &&
    !node.computed
  );
}

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Does some alternative of `node` evaluate to an object (a config rather than a URL)? */
export function isConfigObject(node: Node, scope: Scope, evaluator: Evaluator): boolean {
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression') return true;
  const values = evaluator.evaluate(inner, scope);
  return values.length > 0 && values.every((alt) => alt.v.k === 'obj');
}

/** Where a client library's instance keeps its base, and how a finding on that base reads. */
export interface InstanceRule {
  readonly sink: SinkKind;
  /** The factory config key holding the base: `baseURL` (axios, ofetch) or `prefixUrl` (ky). */
  readonly key: string;
  /** The note on the finding: what requests through the instance do with the base. */
  readonly note: string;
}

/**
 * A factory call that makes an instance (one of `spec.factories`: `axios.create(config)`,
 * `ky.create(options)`, `api.extend(options)`) on one of the library's clients: the base it sets
 * under `rule.key` is a finding of its own, since the instance's requests go there wherever the
 * instance is used (often from other modules, which the tool does not follow for instances).
 * Null for any other call, or when the config sets no base.
 */
export function instanceBase(
  spec: ClientSpec,
  rule: InstanceRule,
  node: Node,
  context: DetectorContext,
): SinkHit | null {
  const call = methodCall(node);
  if (!call || !spec.factories.has(call.method)) return null;
  if (resolveClients(call.object, context.scope, context.evaluator, spec).length === 0) return null;
  const config = factoryConfig((node as Node & { arguments: Node[] }).arguments);
  if (!config) return null;
  const ref = { node: config, scope: context.scope, factory: node, evaluator: context.evaluator };
  const read = readKey(ref, rule.key, context.scope, context.evaluator);
  const base = read && firstDefined([read], context.scope, context.evaluator);
  if (!base) return null;
  return hit(rule.sink, node, base, {
    at: unwrap(config).type === 'ObjectExpression' ? base : node,
    note: rule.note,
  });
}

/** How a fetch-like client joins its instance's base with a request's input. */
export interface BaseRule {
  readonly sink: 'ky' | 'ofetch';
  /** The config key holding the base: `prefixUrl` (ky) or `baseURL` (ofetch). */
  readonly key: string;
  /** When an input replaces the base (ofetch's absolute-URL test), or null when it never does (ky). */
  readonly absolute: AbsoluteRule | null;
}

/**
 * The hits for a request made through client instances: each instance's base (from its
 * create/extend configs, or the call's own options) joined with the input. A `new URL(...)` or
 * `new Request(...)` input is used as it is, without the base.
 */
export function requestThroughClients(
  rule: BaseRule,
  node: Node,
  clients: readonly Client[],
  input: Node | null,
  options: Node | null,
  context: DetectorContext,
): SinkHit[] {
  const { scope, evaluator } = context;
  const based = !input || unwrap(input).type !== 'NewExpression';
  return clients.flatMap((client) => {
    const read = client.configs.map((ref) => readKey(ref, rule.key, scope, evaluator));
    if (read.includes(undefined)) return [];
    const reads = read.filter((r): r is Node => r !== null && r !== undefined);
    const own = readCallKey(options, rule.key, scope, evaluator);
    if (own) reads.push(own);
    const base = based ? firstDefined(reads, scope, evaluator) : null;
    const composed = joinBase(base, input, rule.absolute, scope, evaluator);
    const created = client.configs[client.configs.length - 1];
    const via =
      base && created && !own
        ? `${rule.key} of the instance made on line ${created.evaluator.location(created.factory).line}`
        : null;
    const note = [via, composed.note].filter((part) => part !== null && part !== undefined).join('; ');
    return hit(rule.sink, node, composed.target, { at: input ?? node, ...(note ? { note } : {}) });
  });
}
