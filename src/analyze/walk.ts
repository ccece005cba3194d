import type { BlockStatement, Identifier, LVal, Node, PatternLike } from '@babel/types';
import { VISITOR_KEYS } from '../parse/babel-ast.js';
import { TEMPLATE_SCOPE_PARAM, VUE_TEMPLATE_GLOBALS } from '../parse/template-code.js';
import {
  addAssignment,
  addMutation,
  type Binding,
  type BindingKind,
  NONE,
  type PathStep,
  Scope,
} from './scope.js';

/** A node a detector may care about, with the scope it sits in. */
/**
 * A condition that must hold for code to run: `if (test)` around it, `test && ...`, or an early
 * `if (test) return;` before it. Guards chain outward through `parent`.
 */
export interface Guard {
  readonly test: Node;
  readonly scope: Scope;
  /** The truthiness the test must have for the guarded code to run. */
  readonly expect: boolean;
  readonly parent: Guard | null;
}

export interface Candidate {
  readonly node: Node;
  readonly scope: Scope;
  readonly guard: Guard | null;
}

export interface ValueSite {
  readonly node: Node;
  readonly scope: Scope;
}

/** What one walk over a script learns: scopes, candidates for detectors, and facts values need. */
export interface ModuleIndex {
  readonly program: Scope;
  readonly candidates: readonly Candidate[];
  /** class node -> field name -> values assigned to `this.field` or declared as class fields. */
  readonly classFields: ReadonlyMap<Node, ReadonlyMap<string, readonly ValueSite[]>>;
  /** function node -> expressions it returns. */
  readonly returns: ReadonlyMap<Node, readonly ValueSite[]>;
  /** function node -> the names callers may use for it (its id, its variable, its key, its class). */
  readonly functionNames: ReadonlyMap<Node, ReadonlySet<string>>;
  /**
   * Writes into an object through an expression other than the name it was declared under with an
   * object or array literal (`d.url = v` after `const d = CONFIG`, `getConfig().url = v`,
   * `list[0].url = v`, `Object.assign(this.cfg, …)`): the evaluator finds which declared objects
   * they may change (see Evaluator.aliasWritesFor). A write through a parameter, an import or a
   * global is not kept: read on its own, such a name is no declared object of the module.
   */
  readonly writes: readonly MemberWrite[];
}

/** `object.key = value` (key null: any key may change; value null: a value the tool cannot read). */
export interface MemberWrite {
  readonly object: Node;
  readonly key: string | null;
  readonly value: Node | null;
  readonly scope: Scope;
  readonly at: Node;
}

/**
 * What a function's body is once its module is indexed. Nothing after the walk reads a
 * function's statements: its returns, `this` fields, calls and bindings are in the index, and
 * those keep their own nodes. Leaving the statements attached kept every one of them (if, for,
 * blocks, expression statements) for as long as the module is kept, 14% of the live heap on the
 * npm corpus. Whoever walks an expression generically must read a detached function's text again
 * (as library.ts' portable does) or take it for something it cannot see.
 */
export const DETACHED_BODY: BlockStatement = Object.freeze({
  type: 'BlockStatement',
  body: Object.freeze([]) as unknown as BlockStatement['body'],
  directives: Object.freeze([]) as unknown as BlockStatement['directives'],
  start: null,
  end: null,
  loc: null,
});

export const CANDIDATE_TYPES: ReadonlySet<string> = new Set([
  'CallExpression',
  'OptionalCallExpression',
  'NewExpression',
  'AssignmentExpression',
  'JSXOpeningElement',
]);

// Type-only children never hold runtime values: skipping them keeps the walk lean.
const SKIPPED_KEYS = new Set([
  'typeAnnotation',
  'typeParameters',
  'typeArguments',
  'returnType',
  'superTypeParameters',
  'superTypeArguments',
  'implements',
  'predicate',
  // Not a type, but not run where it is written: a decorator runs in the scope around its class or
  // object (its `this` is the outer one), so the walk visits decorators there (visitDecorators).
  'decorators',
]);
export const SKIPPED_TYPES: ReadonlySet<string> = new Set([
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSDeclareMethod',
  'DeclareVariable',
  'DeclareFunction',
  'DeclareClass',
  'DeclareModule',
  'TypeAlias',
  'InterfaceDeclaration',
  'OpaqueType',
  'ImportDeclaration',
  'ExportAllDeclaration',
]);

/** Node types that are functions: a body, parameters, returns. */
export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** Node types the walk's switch handles itself; every other type only has its children visited. */
export const HANDLED_TYPES: readonly string[] = [
  ...FUNCTION_TYPES,
  'ExportDefaultDeclaration',
  'ExportNamedDeclaration',
  'ObjectProperty',
  'ClassProperty',
  'ClassPrivateProperty',
  'ClassAccessorProperty',
  'ClassDeclaration',
  'ClassExpression',
  'VariableDeclaration',
  'BlockStatement',
  'StaticBlock',
  'TSModuleBlock',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'SwitchStatement',
  'CatchClause',
  'TSEnumDeclaration',
  'TSImportEqualsDeclaration',
  'AssignmentExpression',
  'CallExpression',
  'UpdateExpression',
  'IfStatement',
  'ConditionalExpression',
  'LogicalExpression',
  'ReturnStatement',
];

/**
 * What the walk does with a node of a type, found with one map lookup per node (a chain of Set
 * tests and string cases took a third of the walk's time): skip it, note it as a candidate, hand
 * it to the switch, and which of its children to visit (VISITOR_KEYS without SKIPPED_KEYS).
 */
interface TypeInfo {
  readonly skipped: boolean;
  readonly candidate: boolean;
  readonly handled: boolean;
  readonly children: readonly string[];
  /**
   * Child keys the walk does not visit where they are written (types; decorators, visited in the
   * scope around them): their loc objects are dropped there all the same.
   */
  readonly unvisited: readonly string[];
}

const TYPE_INFO: ReadonlyMap<string, TypeInfo> = new Map(
  Object.entries(VISITOR_KEYS).map(([type, keys]) => [
    type,
    {
      skipped: SKIPPED_TYPES.has(type),
      candidate: CANDIDATE_TYPES.has(type),
      handled: HANDLED_TYPES.includes(type),
      children: keys.filter((key) => !SKIPPED_KEYS.has(key)),
      unvisited: keys.filter((key) => SKIPPED_KEYS.has(key)),
    },
  ]),
);

/**
 * Drops the loc objects of a subtree the walk does not visit (a type, an import): Babel makes one
 * per node, with two positions, and the offsets say the same (see Evaluator.location).
 */
function dropLocations(root: Node): void {
  const stack: Node[] = [root];
  let node: Node | undefined;
  while ((node = stack.pop()) !== undefined) {
    node.loc = null;
    if (node.extra !== undefined) node.extra = undefined;
    const keys = VISITOR_KEYS[node.type];
    if (!keys) continue;
    const record = node as unknown as Record<string, unknown>;
    for (const key of keys) {
      const child = record[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object') stack.push(item as Node);
      } else if (child && typeof child === 'object') {
        stack.push(child as Node);
      }
    }
  }
}

/**
 * The children under `keys` (see TypeInfo.unvisited): types are cut off, since nothing reads them
 * (the walk skips them, the evaluator never looks, typed mode asks TypeScript), so that they are
 * neither walked nor kept; decorators, visited later in the scope around them, lose their loc
 * objects here.
 */
function dropUnvisited(node: Node, keys: readonly string[]): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key of keys) {
    const child = record[key];
    if (child == null) continue;
    if (key !== 'decorators') {
      record[key] = null;
      continue;
    }
    if (Array.isArray(child)) {
      for (const item of child) if (item && typeof item === 'object') dropLocations(item as Node);
    } else if (child && typeof child === 'object') {
      dropLocations(child as Node);
    }
  }
}

interface PendingAssignment {
  readonly name: string;
  readonly scope: Scope;
  readonly value: Node | null;
  readonly append?: boolean;
}

/**
 * One plain recursive walk (no @babel/traverse: it measured 8-9x slower here) that builds the
 * scope tree and records every node a detector or the value resolver will need.
 */
export function indexModule(file: Node): ModuleIndex {
  // Comments are never read (Babel keeps them with their loc objects even when not attached).
  if (file.type === 'File') file.comments = null;
  const program = new Scope('program', null, null, null);
  const candidates: Candidate[] = [];
  const classFields = new Map<Node, Map<string, ValueSite[]>>();
  const returns = new Map<Node, ValueSite[]>();
  const functionNames = new Map<Node, Set<string>>();
  const nameFunction = (fn: Node, name: string): void => {
    const names = functionNames.get(fn);
    if (names) names.add(name);
    else functionNames.set(fn, new Set([name]));
  };
  const pending: PendingAssignment[] = [];
  /** Every function the walk visited: their bodies are detached once it is done (see DETACHED_BODY). */
  const functions: Node[] = [];
  /**
   * Other names a function of this module is exported by, known once every binding is declared:
   * `export { get as load }`, `export const load = get`, `exports.update = put`,
   * `module.exports = { send: post }`. A wrapper's call sites are looked for under each. Not
   * `export default get` (nor `module.exports = get`): callers of a default are searched among
   * every file with a default import, and on the npm corpus that parsed 880 more files, grew the
   * cache from 4.1 to 6.7 MB and slowed the run after an edit by 14%, for no finding.
   */
  const aliases: { name: string; scope: Scope; alias: string }[] = [];
  const aliasOf = (value: Node | null | undefined, scope: Scope, alias: string | null): void => {
    if (value?.type === 'Identifier' && alias !== null && alias !== value.name)
      aliases.push({ name: value.name, scope, alias });
  };
  /** `{ send: post }`, exported: each property holding a function is called by its key. */
  const propertyAliases = (object: Node & { type: 'ObjectExpression' }, scope: Scope): void => {
    for (const prop of object.properties) {
      if (prop.type === 'ObjectProperty') aliasOf(prop.value, scope, propertyKey(prop.key, prop.computed));
    }
  };
  /** CommonJS exports: `exports.update = put`, `module.exports.update = put`, `module.exports = { send: post }`. */
  const exportAliases = (left: Node, assigned: Node, scope: Scope): void => {
    if (left.type !== 'MemberExpression') return;
    // `exports.a = exports.b = get`: each target takes the value at the end of the chain.
    let right = assigned;
    while (right.type === 'AssignmentExpression' && right.operator === '=') right = right.right;
    if (isModuleExports(left)) {
      if (right.type === 'ObjectExpression') propertyAliases(right, scope);
      return;
    }
    const object = left.object;
    const isExports =
      (object.type === 'Identifier' && object.name === 'exports' && !scope.lookup('exports')) ||
      (object.type === 'MemberExpression' && isModuleExports(object));
    if (isExports && left.property.type !== 'PrivateName')
      aliasOf(right, scope, propertyKey(left.property, left.computed));
  };
  const isModuleExports = (node: Node): boolean =>
    node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'module' &&
    propertyKey(node.property, node.computed) === 'exports';
  const pendingMutations: { name: string; scope: Scope; key: string | null; value: Node | null; at: Node }[] =
    [];
  const writes: MemberWrite[] = [];
  /** `a.b = v` writes key b of a; `a.b.c = v` writes into a.b, which is recorded as key b with no readable value. */
  const recordMutation = (
    target: Node & { type: 'MemberExpression' },
    scope: Scope,
    value: Node | null,
    at: Node,
  ): void => {
    let object: Node = target.object;
    let key = target.property.type === 'PrivateName' ? null : propertyKey(target.property, target.computed);
    writes.push({ object, key, value, scope, at });
    let direct = true;
    while (object.type === 'MemberExpression') {
      key = object.property.type === 'PrivateName' ? null : propertyKey(object.property, object.computed);
      object = object.object;
      direct = false;
    }
    if (object.type !== 'Identifier') return;
    pendingMutations.push({ name: object.name, scope, key, value: direct ? value : null, at });
  };
  let guard: Guard | null = null;
  const guarded = (test: Node, scope: Scope, expect: boolean, run: () => void): void => {
    const saved = guard;
    guard = { test, scope, expect, parent: saved };
    try {
      run();
    } finally {
      guard = saved;
    }
  };
  /** Visits a statement list; after `if (test) return;` the rest runs only when test is falsy. */
  const visitStatements = (statements: readonly Node[], scope: Scope): void => {
    const saved = guard;
    for (const statement of statements) {
      visit(statement, scope);
      if (statement.type === 'IfStatement' && !statement.alternate && exits(statement.consequent)) {
        guard = { test: statement.test, scope, expect: false, parent: guard };
      }
    }
    guard = saved;
  };

  const declare = (
    scope: Scope,
    id: Identifier,
    kind: BindingKind,
    init: Node | null,
    path: readonly PathStep[] = [],
    defaultValue: Node | null = null,
    extra: Partial<Pick<Binding, 'fn' | 'importSource' | 'importName'>> = {},
  ): void => {
    id.loc = null;
    scope.declare({
      name: id.name,
      kind,
      id,
      scope,
      init,
      path,
      defaultValue,
      fn: extra.fn ?? null,
      importSource: extra.importSource ?? null,
      importName: extra.importName ?? null,
      reassigned: false,
      assignments: NONE,
      mutations: NONE,
    });
  };

  const declarePattern = (
    pattern: LVal | PatternLike | Node,
    kind: BindingKind,
    scope: Scope,
    init: Node | null,
    path: readonly PathStep[],
    defaultValue: Node | null,
  ): void => {
    switch (pattern.type) {
      case 'Identifier':
        declare(scope, pattern, kind, init, path, defaultValue);
        return;
      case 'AssignmentPattern':
        declarePattern(pattern.left, kind, scope, init, path, pattern.right);
        return;
      case 'ObjectPattern':
        for (const prop of pattern.properties) {
          if (prop.type === 'RestElement') {
            declarePattern(prop.argument, kind, scope, init, [...path, { rest: true }], null);
          } else {
            const key = propertyKey(prop.key, prop.computed);
            const step: PathStep = key === null ? { rest: true } : { key };
            declarePattern(prop.value, kind, scope, init, [...path, step], null);
          }
        }
        return;
      case 'ArrayPattern':
        pattern.elements.forEach((element, index) => {
          if (!element) return;
          if (element.type === 'RestElement') {
            declarePattern(element.argument, kind, scope, init, [...path, { rest: true }], null);
          } else {
            declarePattern(element, kind, scope, init, [...path, { index }], null);
          }
        });
        return;
      case 'RestElement':
        declarePattern(pattern.argument, kind, scope, init, [...path, { rest: true }], null);
        return;
      case 'TSParameterProperty':
        declarePattern(pattern.parameter, kind, scope, init, path, defaultValue);
        return;
      default:
        return;
    }
  };

  const markAssigned = (pattern: Node, scope: Scope, value: Node | null): void => {
    switch (pattern.type) {
      case 'Identifier':
        pending.push({ name: pattern.name, scope, value });
        return;
      case 'AssignmentPattern':
        markAssigned(pattern.left, scope, null);
        return;
      case 'ObjectPattern':
        for (const prop of pattern.properties) {
          markAssigned(prop.type === 'RestElement' ? prop.argument : prop.value, scope, null);
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) markAssigned(element, scope, null);
        return;
      case 'RestElement':
        markAssigned(pattern.argument, scope, null);
        return;
      case 'MemberExpression':
        // `({ url: config.url } = v)`, `[config.url] = v`, `config.n++`: a write the tool cannot read.
        if (pattern.object.type !== 'ThisExpression') recordMutation(pattern, scope, null, pattern);
        return;
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        markAssigned(pattern.expression, scope, value);
        return;
      default:
        return;
    }
  };

  const recordField = (classNode: Node, name: string, site: ValueSite): void => {
    let fields = classFields.get(classNode);
    if (!fields) {
      fields = new Map();
      classFields.set(classNode, fields);
    }
    const list = fields.get(name);
    if (list) list.push(site);
    else fields.set(name, [site]);
  };

  const recordReturn = (fn: Node | null, site: ValueSite): void => {
    if (!fn) return;
    const list = returns.get(fn);
    if (list) list.push(site);
    else returns.set(fn, [site]);
  };

  const visitChildren = (node: Node, scope: Scope, info = TYPE_INFO.get(node.type)): void => {
    if (!info) return;
    const keys = info.children;
    const record = node as unknown as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const child = record[keys[i] as string];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object') visit(item as Node, scope);
      } else if (child && typeof child === 'object') {
        visit(child as Node, scope);
      }
    }
  };

  const visitFunction = (node: Node, scope: Scope): void => {
    if (
      node.type !== 'FunctionDeclaration' &&
      node.type !== 'FunctionExpression' &&
      node.type !== 'ArrowFunctionExpression' &&
      node.type !== 'ObjectMethod' &&
      node.type !== 'ClassMethod' &&
      node.type !== 'ClassPrivateMethod'
    )
      return;
    // A class method's computed key is visited by visitClass, in the scope around the class.
    if (node.type === 'ObjectMethod' && node.computed) visit(node.key, scope);
    else if ('key' in node && !(node.type === 'ClassMethod' && node.computed)) dropLocations(node.key);
    // A class's methods have theirs visited by visitClass, outside the class's scope.
    if (node.type === 'ObjectMethod') visitDecorators(node, scope);
    node.body.loc = null;
    const thisClass =
      node.type === 'ArrowFunctionExpression'
        ? scope.thisClass
        : node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod'
          ? scope.thisClass
          : null;
    const inner = new Scope('function', scope, thisClass, node);
    const first = node.params[0];
    if (
      node.type === 'ArrowFunctionExpression' &&
      first?.type === 'Identifier' &&
      first.name === TEMPLATE_SCOPE_PARAM
    )
      inner.template = { id: first, globals: VUE_TEMPLATE_GLOBALS };
    if (node.type === 'FunctionExpression' && node.id)
      declare(inner, node.id, 'function', node, NONE, null, { fn: node });
    for (const param of node.params) {
      declarePattern(param, 'param', inner, null, NONE, null);
      visit(param, inner);
      // `constructor(private readonly baseUrl = '...')` declares a field holding the parameter.
      if (param.type === 'TSParameterProperty' && scope.thisClass) {
        const target = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
        if (target.type === 'Identifier')
          recordField(scope.thisClass, target.name, { node: target, scope: inner });
      }
    }
    if (node.body.type === 'BlockStatement') {
      for (const directive of node.body.directives) dropLocations(directive);
      visitStatements(node.body.body, inner);
    } else {
      recordReturn(node, { node: node.body, scope: inner });
      visit(node.body, inner);
    }
    functions.push(node);
  };

  const visitClass = (node: Node, scope: Scope): void => {
    if (node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') return;
    if (node.superClass) visit(node.superClass, scope);
    visitDecorators(node, scope);
    node.body.loc = null;
    const classScope = new Scope('class', scope, node, null);
    if (node.type === 'ClassExpression' && node.id) declare(classScope, node.id, 'class', node);
    for (const member of node.body.body) {
      if (
        (member.type === 'ClassProperty' ||
          member.type === 'ClassPrivateProperty' ||
          member.type === 'ClassAccessorProperty') &&
        member.value
      ) {
        // `accessor url = …` (decorators' auto-accessors) is read as `this.url` like a field.
        const name =
          member.key.type === 'PrivateName'
            ? `#${member.key.id.name}`
            : propertyKey(member.key, 'computed' in member && Boolean(member.computed));
        if (name !== null) {
          // Static fields are recorded under "static name": `Api.BASE` is not `this.BASE`.
          const isStatic = 'static' in member && member.static;
          recordField(node, isStatic ? `static ${name}` : name, { node: member.value, scope: classScope });
        }
      }
      if (
        (member.type === 'ClassMethod' || member.type === 'ClassPrivateMethod') &&
        member.kind !== 'get' &&
        member.kind !== 'set'
      ) {
        // A constructor is called as `new ClassName(...)`; a method by its key.
        if (member.kind === 'constructor') {
          if (node.id) nameFunction(member, node.id.name);
        } else if (member.key.type !== 'PrivateName') {
          const key = propertyKey(member.key, member.computed ?? false);
          if (key !== null) nameFunction(member, key);
        }
      }
      // `@Retry(() => fetch(PING))` runs when the class is made, in the scope around it; so do
      // the decorators of a method's parameters, and computed keys (`[this.name]() {}`: their
      // `this` is the outer one, not an instance's).
      visitDecorators(member, scope);
      if ('computed' in member && member.computed) {
        if (emitted(member)) visit(member.key, scope);
        else dropLocations(member.key);
      }
      if ('params' in member) for (const param of member.params) visitDecorators(param, scope);
      visit(member, classScope);
    }
  };

  /** Visits a node's decorators in `scope`: the one around its class or object literal. */
  const visitDecorators = (node: Node, scope: Scope): void => {
    if ('decorators' in node && node.decorators)
      for (const decorator of node.decorators) visit(decorator, scope);
  };

  const visit = (node: Node, scope: Scope): void => {
    // Locations come from offsets (Evaluator.location): Babel's loc objects are dropped here,
    // once every node has been seen, to keep an analysed module's AST small.
    node.loc = null;
    if (node.extra !== undefined) node.extra = undefined;
    const info = TYPE_INFO.get(node.type);
    if (!info) return;
    if (info.skipped) {
      dropLocations(node);
      if (node.type === 'ImportDeclaration' && node.importKind !== 'type') {
        for (const spec of node.specifiers) {
          if ('importKind' in spec && spec.importKind === 'type') continue;
          const importName =
            spec.type === 'ImportDefaultSpecifier'
              ? 'default'
              : spec.type === 'ImportNamespaceSpecifier'
                ? '*'
                : spec.imported.type === 'Identifier'
                  ? spec.imported.name
                  : spec.imported.value;
          declare(scope, spec.local, 'import', null, NONE, null, {
            importSource: node.source.value,
            importName,
          });
        }
      }
      return;
    }
    // Children the walk does not visit here (types, decorators) lose their loc objects too.
    if (info.unvisited.length > 0) dropUnvisited(node, info.unvisited);
    if (info.candidate) candidates.push({ node, scope, guard });
    if (!info.handled) {
      if (info.children.length > 0) visitChildren(node, scope, info);
      return;
    }

    switch (node.type) {
      case 'FunctionDeclaration':
        if (node.id) nameFunction(node, node.id.name);
        if (node.id) declare(scope, node.id, 'function', node, NONE, null, { fn: node });
        visitFunction(node, scope);
        return;
      case 'FunctionExpression':
        if (node.id) nameFunction(node, node.id.name);
        visitFunction(node, scope);
        return;
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
        if (node.type === 'ObjectMethod') {
          const key = propertyKey(node.key, node.computed);
          if (key !== null) nameFunction(node, key);
        }
        visitFunction(node, scope);
        return;
      case 'ExportDefaultDeclaration':
        // `export default function (...)` is called by whatever name its importer gives it.
        if (FUNCTION_TYPES.has(node.declaration.type)) nameFunction(node.declaration, 'default');
        // `export default { send: post }` is called as `.send(…)` on the default import.
        if (node.declaration.type === 'ObjectExpression') propertyAliases(node.declaration, scope);
        // `export default class {...}`: its constructor is called as `new Whatever(...)` too.
        if (node.declaration.type === 'ClassDeclaration' || node.declaration.type === 'ClassExpression') {
          for (const member of node.declaration.body.body) {
            if (member.type === 'ClassMethod' && member.kind === 'constructor')
              nameFunction(member, 'default');
          }
        }
        visitChildren(node, scope);
        return;
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty':
        // The key is a name, or a computed key visitClass visited in the scope around the class;
        // the value runs in the class's scope, with the instance's `this`.
        if (!('computed' in node && node.computed)) dropLocations(node.key);
        if ('variance' in node && node.variance) dropLocations(node.variance);
        if (node.value) visit(node.value, scope);
        return;
      case 'ObjectProperty': {
        // `{ get: (path) => fetch(API + path) }` is called as `.get(...)`.
        const key = propertyKey(node.key, node.computed);
        if (key !== null && FUNCTION_TYPES.has(node.value.type)) nameFunction(node.value, key);
        visitDecorators(node, scope);
        visitChildren(node, scope);
        return;
      }
      case 'ExportNamedDeclaration':
        // `export { get as load }` (not `… from`: that names another module's function).
        // `export const fetchIt = load`.
        if (node.declaration?.type === 'VariableDeclaration') {
          for (const declarator of node.declaration.declarations) {
            if (declarator.id.type === 'Identifier') aliasOf(declarator.init, scope, declarator.id.name);
          }
        }
        if (!node.source) {
          for (const spec of node.specifiers) {
            if (spec.type !== 'ExportSpecifier' || spec.exportKind === 'type') continue;
            const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
            aliasOf(spec.local, scope, exported);
          }
        }
        visitChildren(node, scope);
        return;
      case 'ClassDeclaration':
        if (node.id) declare(scope, node.id, 'class', node);
        visitClass(node, scope);
        return;
      case 'ClassExpression':
        visitClass(node, scope);
        return;
      case 'VariableDeclaration': {
        const kind: BindingKind = node.kind === 'var' ? 'var' : node.kind === 'let' ? 'let' : 'const';
        const target = kind === 'var' ? scope.functionScope() : scope;
        for (const declarator of node.declarations) {
          declarator.loc = null;
          const init = declarator.init ?? null;
          declarePattern(declarator.id, kind, target, init, NONE, null);
          if (init && declarator.id.type === 'Identifier' && FUNCTION_TYPES.has(init.type)) {
            const binding = target.bindings.get(declarator.id.name);
            if (binding && binding.init === init) Object.assign(binding, { fn: init });
            nameFunction(init, declarator.id.name);
          }
          visit(declarator.id, scope);
          if (init) visit(init, scope);
        }
        return;
      }
      case 'BlockStatement':
      case 'StaticBlock':
      case 'TSModuleBlock': {
        const inner = new Scope(
          node.type === 'StaticBlock' ? 'function' : 'block',
          scope,
          scope.thisClass,
          scope.fn,
        );
        visitStatements(node.body, inner);
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'SwitchStatement': {
        const inner = new Scope('block', scope, scope.thisClass, scope.fn);
        if (
          (node.type === 'ForInStatement' || node.type === 'ForOfStatement') &&
          node.left.type !== 'VariableDeclaration'
        ) {
          markAssigned(node.left, scope, null);
        }
        if (
          (node.type === 'ForInStatement' || node.type === 'ForOfStatement') &&
          node.left.type === 'VariableDeclaration'
        ) {
          // The loop variable takes each element: no single initializer.
          const kind: BindingKind =
            node.left.kind === 'var' ? 'var' : node.left.kind === 'let' ? 'let' : 'const';
          const target = kind === 'var' ? scope.functionScope() : inner;
          // `for (const x of list)`: x is any element of list; for-in keys are not URLs.
          const source = node.type === 'ForOfStatement' ? node.right : null;
          node.left.loc = null;
          for (const declarator of node.left.declarations) {
            declarator.loc = null;
            declarePattern(declarator.id, kind, target, source, source ? [{ each: true }] : [], null);
            // Default values in a pattern run code: `for (const { url = fetch(PING) } of list)`.
            visit(declarator.id, inner);
          }
          visit(node.right, inner);
          visit(node.body, inner);
          return;
        }
        visitChildren(node, inner);
        return;
      }
      case 'CatchClause': {
        const inner = new Scope('block', scope, scope.thisClass, scope.fn);
        if (node.param) {
          declarePattern(node.param, 'catch', inner, null, NONE, null);
          visit(node.param, inner);
        }
        node.body.loc = null;
        visitStatements(node.body.body, inner);
        return;
      }
      case 'TSEnumDeclaration':
        declare(scope, node.id, 'enum', node);
        // An initializer runs when the enum is made: `A = (fetch(PING), 1)`.
        for (const member of node.members) {
          dropLocations(member.id);
          if (member.initializer) visit(member.initializer, scope);
          member.loc = null;
        }
        if (node.body) node.body.loc = null;
        return;
      case 'TSImportEqualsDeclaration':
        declare(scope, node.id, 'import', null, NONE, null, {
          importSource:
            node.moduleReference.type === 'TSExternalModuleReference'
              ? node.moduleReference.expression.value
              : null,
          importName: 'default',
        });
        dropLocations(node.moduleReference);
        return;
      case 'AssignmentExpression':
        // `exports.post = function (...)` is called as `.post(...)`; so is each target of a chain,
        // `exports.get = exports.post = function (...)`.
        if (node.left.type === 'MemberExpression' && node.operator === '=') {
          let value: Node = node.right;
          while (value.type === 'AssignmentExpression' && value.operator === '=') value = value.right;
          const key =
            node.left.property.type === 'PrivateName'
              ? null
              : propertyKey(node.left.property, node.left.computed);
          if (key !== null && FUNCTION_TYPES.has(value.type)) nameFunction(value, key);
        }
        if (node.operator === '=') exportAliases(node.left, node.right, scope);
        if (
          node.left.type === 'MemberExpression' &&
          node.left.object.type === 'ThisExpression' &&
          scope.thisClass
        ) {
          const name =
            node.left.property.type === 'PrivateName'
              ? `#${node.left.property.id.name}`
              : propertyKey(node.left.property, node.left.computed);
          if (name !== null) recordField(scope.thisClass, name, { node: node.right, scope });
        } else if (node.left.type === 'MemberExpression') {
          recordMutation(node.left, scope, node.operator === '=' ? node.right : null, node);
        } else {
          if (node.operator === '+=' && node.left.type === 'Identifier') {
            pending.push({ name: node.left.name, scope, value: node.right, append: true });
          } else {
            markAssigned(node.left, scope, node.operator === '=' ? node.right : null);
          }
        }
        visitChildren(node, scope);
        return;
      case 'CallExpression':
        // `Object.assign(target, ...)` may change any key of target.
        if (
          node.callee.type === 'MemberExpression' &&
          node.callee.object.type === 'Identifier' &&
          node.callee.object.name === 'Object' &&
          propertyKey(node.callee.property, node.callee.computed) === 'assign' &&
          node.arguments[0] &&
          node.arguments[0].type !== 'SpreadElement' &&
          node.arguments[0].type !== 'ArgumentPlaceholder'
        ) {
          const target = node.arguments[0];
          writes.push({ object: target, key: null, value: null, scope, at: node });
          if (target.type === 'Identifier')
            pendingMutations.push({ name: target.name, scope, key: null, value: null, at: node });
        }
        visitChildren(node, scope);
        return;
      case 'UpdateExpression':
        markAssigned(node.argument, scope, null);
        visitChildren(node, scope);
        return;
      case 'IfStatement': {
        visit(node.test, scope);
        guarded(node.test, scope, true, () => visit(node.consequent, scope));
        const alternate = node.alternate;
        if (alternate) guarded(node.test, scope, false, () => visit(alternate, scope));
        return;
      }
      case 'ConditionalExpression':
        visit(node.test, scope);
        guarded(node.test, scope, true, () => visit(node.consequent, scope));
        guarded(node.test, scope, false, () => visit(node.alternate, scope));
        return;
      case 'LogicalExpression':
        visit(node.left, scope);
        if (node.operator === '??') visit(node.right, scope);
        else guarded(node.left, scope, node.operator === '&&', () => visit(node.right, scope));
        return;
      case 'ReturnStatement':
        if (node.argument) recordReturn(scope.fn, { node: node.argument, scope });
        visitChildren(node, scope);
        return;
      default:
        visitChildren(node, scope);
    }
  };

  const top = file.type === 'File' ? file.program : file;
  file.loc = null;
  top.loc = null;
  top.extra = undefined;
  if (top.type === 'Program' && top.interpreter) top.interpreter.loc = null;
  if (top.type === 'Program') {
    for (const directive of top.directives) dropLocations(directive);
    visitStatements(top.body, program);
  } else visit(top, program);

  for (const assignment of pending) {
    const binding = assignment.scope.lookup(assignment.name);
    if (binding) {
      binding.reassigned = true;
      addAssignment(binding, {
        value: assignment.value,
        scope: assignment.scope,
        append: assignment.append ?? false,
      });
    }
  }
  for (const mutation of pendingMutations) {
    const binding = mutation.scope.lookup(mutation.name);
    if (!binding) continue;
    addMutation(binding, {
      key: mutation.key,
      value: mutation.value,
      scope: mutation.scope,
      at: mutation.at,
    });
    // `const s = new Stream(); s.url = v` is also a value of `this.url` inside Stream.
    const init = binding.init;
    if (
      mutation.key !== null &&
      mutation.value &&
      init?.type === 'NewExpression' &&
      init.callee.type === 'Identifier'
    ) {
      const cls = binding.scope.lookup(init.callee.name);
      if (cls?.kind === 'class' && cls.init)
        recordField(cls.init, mutation.key, { node: mutation.value, scope: mutation.scope });
    }
  }
  for (const { name, scope, alias } of aliases) {
    const binding = scope.lookup(name);
    if (binding?.fn) nameFunction(binding.fn, alias);
    const cls = binding?.kind === 'class' ? binding.init : null;
    if (cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression') {
      for (const member of cls.body.body) {
        if (member.type === 'ClassMethod' && member.kind === 'constructor') nameFunction(member, alias);
      }
    }
  }
  for (const fn of functions) (fn as { body: Node }).body = DETACHED_BODY;
  return { program, candidates, classFields, returns, functionNames, writes: aliasWrites(writes) };
}

/**
 * Does this class member exist at run time? An overload signature or abstract method
 * (TSDeclareMethod), and a `declare` or `abstract` field, are types only: TypeScript emits
 * nothing for them, so their computed keys never run.
 */
function emitted(member: Node): boolean {
  if (member.type === 'TSDeclareMethod') return false;
  if (member.type === 'ClassProperty' || member.type === 'ClassAccessorProperty')
    return !member.declare && !member.abstract;
  return true;
}

/** The static name of a property key, or null when it is computed from something unknown. */
export function propertyKey(key: Node, computed: boolean): string | null {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  if (computed && key.type === 'TemplateLiteral' && key.expressions.length === 0) {
    return key.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

/** Does this statement always leave the enclosing block (return, throw, break, continue)? */
function exits(statement: Node): boolean {
  switch (statement.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    case 'BlockStatement': {
      const last = statement.body[statement.body.length - 1];
      return last !== undefined && exits(last);
    }
    default:
      return false;
  }
}

/**
 * The writes that may change a declared object through another expression: not those through the
 * declared name itself (its binding's mutations), nor through a parameter, an import or a global.
 */
function aliasWrites(writes: readonly MemberWrite[]): MemberWrite[] {
  return writes.filter((write) => {
    const object = unwrap(write.object);
    if (object.type === 'ThisExpression') return false;
    if (object.type !== 'Identifier') return true;
    const binding = write.scope.lookup(object.name);
    if (!binding || binding.kind === 'param' || binding.kind === 'import') return false;
    const init = binding.init && binding.path.length === 0 ? unwrap(binding.init) : null;
    return !(
      init &&
      (init.type === 'ObjectExpression' || init.type === 'ArrayExpression') &&
      !binding.reassigned
    );
  });
}

/** Strips what changes no runtime value: parentheses and TypeScript/Flow type wrappers. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'TypeCastExpression':
        current = current.expression as Node;
        break;
      default:
        return current;
    }
  }
}
