import { LineIndex } from '../parse/positions.js';
import type { Node } from '@babel/types';
import type { Binding, PathStep, Scope } from '../analyze/scope.js';
import { type MemberWrite, type ModuleIndex, propertyKey, unwrap } from '../analyze/walk.js';
import type { Location, TraceStep, UrlPiece } from '../types.js';
import {
  type Alt,
  stampValue,
  type Mutable,
  type NodeEvaluator,
  type BuiltinName,
  concatPieces,
  isBuiltinName,
  knownText,
  type LazyValue,
  MAX_ALTERNATIVES,
  text,
  toPieces,
  truthiness,
  unknown,
  type Value,
} from './values.js';

const MAX_DEPTH = 60;
const LABEL_WIDTH = 48;

/**
 * Trace steps for bindings that only contributed an unknown (a parameter, an import not yet
 * followed). They explain an unresolved target, but are noise once the origin is known.
 */
const OPAQUE_STEPS = new WeakSet<TraceStep>();

export function isOpaqueStep(step: TraceStep): boolean {
  return OPAQUE_STEPS.has(step);
}

/** Steps for parameters a call site filled: the call chain in the trace already says how the value got there. */
const PARAMETER_STEPS = new WeakSet<TraceStep>();

export function isParameterStep(step: TraceStep): boolean {
  return PARAMETER_STEPS.has(step);
}

// Names that are the page's global object (or one of its windows); `global` is what CommonJS bundles
// (browserify, webpack 4) give browser code.
const PAGE_GLOBALS = new Set([
  'window',
  'self',
  'globalThis',
  'global',
  'document',
  'top',
  'parent',
  'navigator',
]);

/** Packages that are the browser's fetch in a browser bundle. (node-fetch is not: it is server code.) */
const FETCH_POLYFILLS = new Set([
  'cross-fetch',
  'isomorphic-fetch',
  'whatwg-fetch',
  'unfetch',
  'isomorphic-unfetch',
]);

/** Evaluates expressions of one module to abstract values. Never runs the code it reads. */
/**
 * A call being evaluated: the parameters of `fn` stand for `args`, read in the caller's scope by
 * the caller's evaluator. Frames chain outward, so a wrapper of a wrapper resolves too.
 */
export interface Frame {
  readonly fn: Node;
  readonly args: readonly (Node | null)[];
  readonly scope: Scope;
  readonly owner: Evaluator;
  readonly parent: Frame | null;
  readonly depth: number;
}

/** A call (or `new`) of a function somewhere in the project, with what is needed to read its arguments. */
export interface CallSite {
  readonly node: Node;
  readonly scope: Scope;
  readonly evaluator: Evaluator;
  /** The text of the caller's file, for code frames. */
  readonly text: string;
  /** The caller's file, absolute. */
  readonly file: string;
}

/** The calls that reach a function, and how many candidate calls could not be decided. */
export interface CallSites {
  readonly sites: readonly CallSite[];
  /** Calls by one of the names whose callee was too involved to evaluate within SITE_BUDGET. */
  readonly undecided: number;
}

const BUDGET_SPENT = 'the value is too involved to follow (evaluation budget spent)';
const NESTED_TOO_DEEPLY = 'the value is nested too deeply';
const CALLS_TOO_DEEP = 'calls nested too deeply';
/** Unknown because a limit of the evaluator was reached, not because the code leaves it open. */
const LIMITS = new Set([BUDGET_SPENT, NESTED_TOO_DEEPLY, CALLS_TOO_DEEP]);

/** Evaluation steps for deciding which declared objects one write may change (see writeTargets). */
const ALIAS_BUDGET = 2_000;

/** Evaluation steps allowed to decide whether one call reaches a wrapper. */
export const SITE_BUDGET = 2_000;

/** Evaluation state shared by every module's evaluator in a project. */
export interface EvalState {
  depth: number;
  readonly visiting: Set<Binding>;
  frames: Frame | null;
  /** Functions whose parameters (with no frame to read them from) made a value unknown, with their module's evaluator. */
  paramDeps: Map<Node, Evaluator> | null;
  /**
   * Evaluation steps left for the target being resolved. Minified bundles can make following a
   * value explode (an object written hundreds of times, each write reading the object again):
   * past the budget the value is unknown, and reported so, instead of the scan taking minutes.
   */
  budget: number;
}

export function newEvalState(): EvalState {
  return { depth: 0, visiting: new Set(), frames: null, paramDeps: null, budget: STEP_BUDGET };
}

const MAX_FRAMES = 6;

/** Evaluation steps allowed for one connection target (and for each call site of a wrapper). */
export const STEP_BUDGET = 20_000;

/** Past this many writes into one object, any key may have changed: reading them all costs too much. */
const MAX_WRITES = 32;

/** Expressions typed mode asks the checker about: names, properties and calls. */
const TYPED_NODES = new Set([
  'Identifier',
  'MemberExpression',
  'OptionalMemberExpression',
  'CallExpression',
  'OptionalCallExpression',
]);

/** Assigning one of these on a URL object changes where it points. */
const URL_ORIGIN_PARTS = new Set([
  'href',
  'origin',
  'protocol',
  'host',
  'hostname',
  'port',
  'username',
  'password',
]);

/** What an evaluator may ask of the project: other modules, the environment, the build mode. */
export interface ModuleLinks {
  /** Shared by every module's evaluator, so recursion through imports is bounded too. */
  readonly state: EvalState;
  importValue(binding: Binding, label: string): Alt[];
  requireValue(specifier: string, label: string): Alt[];
  moduleProperty(id: string, key: string, label: string): Alt[];
  /** `import.meta.env.X`, `process.env.X`, and other `import.meta.X` (such as `hot`). */
  envValue(source: 'import.meta' | 'import.meta.env' | 'process.env', name: string, label: string): Alt[];
  /**
   * Typed mode: the values the TypeScript checker allows for an expression the evaluator could
   * not resolve (a union of literal types, an enum, a template literal type), or null.
   */
  typedValues?(node: Node, label: string, location: Location): Alt[] | null;
  /** Calls that may reach `fn` (known to callers by `names`); checked by evaluating each callee. */
  callSites(fn: Node, names: ReadonlySet<string>): CallSites;
  /** Where an imported name is defined in the module that exports it (see Evaluator.definition). */
  importDefinition(binding: Binding, hops: number): Definition | null;
}

/** Where a value is written: one expression, with the scope and the evaluator of its module. */
export interface Definition {
  readonly node: Node;
  readonly scope: Scope;
  readonly evaluator: Evaluator;
}

const MAX_DEFINITION_HOPS = 16;

/** Without a project: every import and environment variable is unknown. */
export const ISOLATED: ModuleLinks = {
  state: newEvalState(),
  importValue: (binding, label) => [
    { v: unknown(label, `${binding.name} is imported from '${binding.importSource ?? '?'}'`), trace: [] },
  ],
  requireValue: (specifier, label) => [{ v: unknown(label, `required from '${specifier}'`), trace: [] }],
  moduleProperty: (_id, key, label) => [{ v: unknown(label, `${key} of another module`), trace: [] }],
  envValue: (source, name, label) => [
    { v: unknown(label, `${source}.${name} is set by the build or the environment`), trace: [] },
  ],
  callSites: () => ({ sites: [], undecided: 0 }),
  importDefinition: () => null,
};

export class Evaluator {
  /** Off while deciding whether a callee is a sink: that question never loads another module. */
  private followImports = true;
  /**
   * On while writeTargets decides which declared objects a write may change: only this module is
   * read then (no import, require, env file or checker), and no write is folded in, so the answer
   * is the same whenever it is first asked.
   */
  private isolated = false;

  constructor(
    private readonly file: string,
    private readonly source: string,
    private readonly index: ModuleIndex,
    private readonly links: ModuleLinks = { ...ISOLATED, state: newEvalState() },
  ) {}

  private get depth(): number {
    return this.links.state.depth;
  }

  private set depth(value: number) {
    this.links.state.depth = value;
  }

  private get visiting(): Set<Binding> {
    return this.links.state.visiting;
  }

  /** A fresh evaluation budget: each candidate sink gets its own. */
  resetBudget(): void {
    this.links.state.budget = STEP_BUDGET;
  }

  /** The text of this module's file, for code frames. */
  get text(): string {
    return this.source;
  }

  /** This module's file, root-relative. */
  get path(): string {
    return this.file;
  }

  /**
   * Where a node of this module is, from its offset (the walk drops Babel's `loc` objects, about
   * 40% of an AST's memory); the line breaks are those of code frames.
   */
  location(node: Node): Location {
    if (node.start != null) {
      this.lines ??= new LineIndex(this.source);
      const at = this.lines.position(node.start);
      return { file: this.file, line: at.line, column: at.column + 1 };
    }
    const start = node.loc?.start;
    return { file: this.file, line: start?.line ?? 1, column: (start?.column ?? 0) + 1 };
  }

  private lines: LineIndex | null = null;

  /** The source text of a node, one line, shortened: how a hole is shown to people. */
  label(node: Node): string {
    const raw = node.start != null && node.end != null ? this.source.slice(node.start, node.end) : node.type;
    const flat = raw.replace(/\s+/g, ' ').trim();
    return flat.length > LABEL_WIDTH ? `${flat.slice(0, LABEL_WIDTH - 1)}…` : flat;
  }

  /** Is `node` the global `name` (not shadowed), or `window.name` / `self.name` / `globalThis.name`? */
  isGlobal(node: Node, name: string, scope: Scope): boolean {
    const inner = unwrap(node);
    if (inner.type === 'Identifier') return inner.name === name && !scope.lookup(name);
    if (
      (inner.type === 'MemberExpression' || inner.type === 'OptionalMemberExpression') &&
      memberName(inner) === name
    ) {
      const object = unwrap(inner.object);
      return (
        object.type === 'Identifier' &&
        (object.name === 'window' || object.name === 'self' || object.name === 'globalThis') &&
        !scope.lookup(object.name)
      );
    }
    return false;
  }

  evaluate(node: Node, scope: Scope): Alt[] {
    if (--this.links.state.budget < 0) {
      return [
        {
          v: unknown(this.label(node), BUDGET_SPENT),
          trace: [],
        },
      ];
    }
    if (this.depth >= MAX_DEPTH) return [{ v: unknown(this.label(node), NESTED_TOO_DEEPLY), trace: [] }];
    this.depth++;
    try {
      const inner = unwrap(node);
      const alts = this.evaluateInner(inner, scope);
      if (
        this.links.typedValues &&
        !this.isolated &&
        TYPED_NODES.has(inner.type) &&
        alts.length > 0 &&
        alts.every((a) => a.v.k === 'unknown')
      ) {
        const typed = this.links.typedValues(inner, this.label(inner), this.location(inner));
        if (typed)
          return cap(typed.map((alt) => ({ v: alt.v, trace: [...alt.trace, ...(alts[0]?.trace ?? [])] })));
      }
      return cap(alts);
    } finally {
      this.depth--;
    }
  }

  /**
   * The arguments a call passes to the browser API `name`, or null when the callee is not it.
   * Aliases count (`const WS = window.WebSocket`, `g.fetch` with `g = self`, `(0, fetch)`,
   * `fetch.bind(window)`, `fetch.call(window, url)`); a shadowing local binding does not.
   */
  builtinCall(node: Node, scope: Scope, name: BuiltinName): readonly Node[] | null {
    if (
      node.type !== 'CallExpression' &&
      node.type !== 'OptionalCallExpression' &&
      node.type !== 'NewExpression'
    )
      return null;
    const callee = unwrap(node.callee);
    const args = node.arguments as readonly Node[];
    if (
      node.type !== 'NewExpression' &&
      (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression')
    ) {
      const method = memberName(callee);
      if ((method === 'call' || method === 'apply') && this.refersTo(callee.object, scope, name)) {
        if (method === 'call') return args.slice(1);
        const list = args[1];
        return list?.type === 'ArrayExpression' ? (list.elements.filter((e) => e !== null) as Node[]) : [];
      }
    }
    return this.refersTo(callee, scope, name) ? args : null;
  }

  /** Does this expression (possibly) evaluate to the browser API `name`? */
  refersTo(node: Node, scope: Scope, name: BuiltinName): boolean {
    const inner = unwrap(node);
    switch (inner.type) {
      case 'Identifier': {
        if (inner.name === name) return !scope.lookup(name) || this.bindingIsBuiltin(inner, scope, name);
        const binding = scope.lookup(inner.name);
        if (
          !binding ||
          (binding.kind !== 'const' &&
            binding.kind !== 'let' &&
            binding.kind !== 'var' &&
            binding.kind !== 'import')
        )
          return false;
        return this.bindingIsBuiltin(inner, scope, name);
      }
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        if (memberName(inner) !== name) return false;
        break;
      case 'CallExpression':
        // `window.fetch.bind(window)`
        if (
          unwrap(inner.callee).type !== 'MemberExpression' ||
          memberName(unwrap(inner.callee) as Node & { type: 'MemberExpression' }) !== 'bind'
        )
          return false;
        return this.refersTo(
          (unwrap(inner.callee) as Node & { type: 'MemberExpression' }).object,
          scope,
          name,
        );
      case 'LogicalExpression':
      case 'ConditionalExpression':
      case 'SequenceExpression':
        break;
      default:
        return false;
    }
    return this.evaluateCallee(inner, scope).some((alt) => alt.v.k === 'builtin' && alt.v.name === name);
  }

  private bindingIsBuiltin(node: Node, scope: Scope, name: BuiltinName): boolean {
    return this.evaluateCallee(node, scope).some((alt) => alt.v.k === 'builtin' && alt.v.name === name);
  }

  private evaluateCallee(node: Node, scope: Scope): Alt[] {
    const saved = this.followImports;
    this.followImports = false;
    try {
      return this.evaluate(node, scope);
    } finally {
      this.followImports = saved;
    }
  }

  fieldSites(classNode: Node, key: string): readonly { readonly node: Node; readonly scope: Scope }[] {
    return this.index.classFields.get(classNode)?.get(key) ?? [];
  }

  /** Evaluates `node` as strings with the parameters of `frame.fn` bound, noting which functions' parameters stayed unknown. */
  evaluateInFrame(
    node: Node,
    scope: Scope,
    frame: Frame | null,
  ): {
    values: { pieces: UrlPiece[]; trace: readonly TraceStep[] }[];
    paramDeps: ReadonlyMap<Node, Evaluator>;
  } {
    const state = this.links.state;
    const savedFrames = state.frames;
    const savedDeps = state.paramDeps;
    const savedBudget = state.budget;
    state.frames = frame;
    state.paramDeps = new Map();
    state.budget = STEP_BUDGET;
    try {
      const values = this.evaluateString(node, scope);
      return { values, paramDeps: state.paramDeps };
    } finally {
      state.frames = savedFrames;
      state.paramDeps = savedDeps;
      state.budget = savedBudget;
    }
  }

  /** Call sites of a function of this module, anywhere in the project. */
  callSitesOf(fn: Node): CallSites {
    const names = this.index.functionNames.get(fn);
    return names ? this.links.callSites(fn, names) : { sites: [], undecided: 0 };
  }

  /**
   * Does this call or `new` reach `fn`? Decided with a budget of its own (SITE_BUDGET), so that
   * checking many calls never spends the budget of the target being resolved; null when the
   * callee was too involved to decide within it.
   */
  callsWithin(node: Node, scope: Scope, fn: Wrapper): boolean | null {
    const how = node.type === 'NewExpression' ? 'new' : 'call';
    return callReaches(this.links.state, fn, how, () => this.callees(node, scope));
  }

  private callees(node: Node, scope: Scope): Alt[] {
    if (
      node.type !== 'NewExpression' &&
      node.type !== 'CallExpression' &&
      node.type !== 'OptionalCallExpression'
    )
      return [];
    return this.evaluate(node.callee, scope);
  }

  /** The functions a call returns from, for frames opened by other modules' evaluators. */
  returnsOf(fn: Node): readonly { readonly node: Node; readonly scope: Scope }[] {
    return this.index.returns.get(fn) ?? [];
  }

  /**
   * A parameter is its argument when a frame for its function is open (a wrapper evaluated at a
   * call site); otherwise it is unknown, and the function is noted so the caller can look for
   * call sites.
   */
  private parameter(binding: Binding, name: string): Alt[] {
    const fn = binding.scope.fn;
    let frame = this.links.state.frames;
    while (frame && frame.fn !== fn) frame = frame.parent;
    if (!fn || !frame) {
      // Noted only while evaluateInFrame collects them: a map made here would outlive the
      // evaluation on the shared state, and keep every module it names in memory to the end.
      if (fn) this.links.state.paramDeps?.set(fn, this);
      return this.one(unknown(name, `${name} is a parameter`));
    }
    const index = parameterIndex(fn, binding.id);
    const argument = index === -1 ? null : (frame.args[index] ?? null);
    const saved = this.links.state.frames;
    this.links.state.frames = frame.parent;
    let alts: Alt[];
    try {
      alts = argument
        ? frame.owner.evaluate(argument, frame.scope)
        : this.one({ k: 'nullish', which: 'undefined' });
    } finally {
      this.links.state.frames = saved;
    }
    for (const pathStep of binding.path) alts = alts.flatMap((alt) => this.step(alt, pathStep, name));
    const fallback = binding.defaultValue;
    if (fallback) {
      alts = alts.flatMap((alt) =>
        alt.v.k === 'nullish' && alt.v.which === 'undefined' ? this.evaluate(fallback, binding.scope) : [alt],
      );
    }
    return alts;
  }

  /** Calls a function value: its return values with its parameters bound to the arguments. */
  callFunction(
    fn: Node,
    owner: NodeEvaluator,
    args: readonly (Node | null)[],
    scope: Scope,
    label: string,
  ): Alt[] {
    const state = this.links.state;
    const depth = state.frames?.depth ?? 0;
    if (depth >= MAX_FRAMES) return this.one(unknown(label, CALLS_TOO_DEEP));
    const returns = owner.returnsOf(fn);
    if (returns.length === 0)
      return this.one(unknown(label, 'a function that returns no value the tool can see'));
    const saved = state.frames;
    state.frames = { fn, args, scope, owner: this, parent: saved, depth: depth + 1 };
    try {
      return returns.flatMap((site) => owner.evaluate(site.node, site.scope));
    } finally {
      state.frames = saved;
    }
  }

  /** A TypeScript enum as an object: string members as written, numeric ones counted. */
  private enumValue(node: Node): Value {
    if (node.type !== 'TSEnumDeclaration') return unknown('enum', 'not an enum');
    const props = new Map<string, LazyValue>();
    let next = 0;
    for (const member of node.members) {
      const key = member.id.type === 'Identifier' ? member.id.name : member.id.value;
      if (member.initializer) {
        props.set(key, { node: member.initializer, scope: this.index.program, owner: this });
        next = member.initializer.type === 'NumericLiteral' ? member.initializer.value + 1 : Number.NaN;
      } else {
        props.set(key, {
          value: Number.isNaN(next)
            ? unknown(key, 'an enum member after a computed one')
            : { k: 'num', n: next },
        });
        next += 1;
      }
    }
    return { k: 'obj', props, open: false };
  }

  /**
   * The one expression a name stands for: the initializer of a constant binding, followed through
   * other constant names and through imports into the module that exports it (not into
   * node_modules). Null for parameters, reassigned or destructured bindings, functions and
   * classes. Detectors use it to recognise a value by how it was made (`axios.create(config)`)
   * where the value itself, a call result, is unknown. Never evaluates anything.
   */
  definition(node: Node, scope: Scope): Definition | null {
    return this.definitionAt(unwrap(node), scope, 0);
  }

  /** The definition of a top-level name of this module (an export), for another module's lookup. */
  definitionOfName(name: string, hops: number): Definition | null {
    const binding = this.index.program.bindings.get(name);
    return binding ? this.bindingDefinition(binding, hops) : null;
  }

  private definitionAt(node: Node, scope: Scope, hops: number): Definition | null {
    if (node.type !== 'Identifier') return { node, scope, evaluator: this };
    const binding = scope.lookup(node.name);
    return binding ? this.bindingDefinition(binding, hops) : null;
  }

  private bindingDefinition(binding: Binding, hops: number): Definition | null {
    if (hops > MAX_DEFINITION_HOPS || binding.path.length > 0) return null;
    if (binding.kind === 'import') return this.links.importDefinition(binding, hops + 1);
    const constant =
      binding.kind === 'const' || ((binding.kind === 'let' || binding.kind === 'var') && !binding.reassigned);
    if (!constant || !binding.init) return null;
    return this.definitionAt(unwrap(binding.init), binding.scope, hops + 1);
  }

  /** The value of a name in this module's top-level scope (an export). */
  evaluateName(name: string): Alt[] {
    return this.identifier(name, this.index.program);
  }

  /** Reads a property of already evaluated values. */
  property(alts: readonly Alt[], key: string, label: string): Alt[] {
    return alts.flatMap((alt) => this.readProperty(alt, key, label));
  }

  /** Values as strings, each with its trace. */
  evaluateString(node: Node, scope: Scope): { pieces: UrlPiece[]; trace: readonly TraceStep[] }[] {
    return this.evaluate(node, scope).map((alt) => ({ pieces: toPieces(alt.v), trace: alt.trace }));
  }

  private one(v: Value, trace: readonly TraceStep[] = []): Alt[] {
    return [{ v, trace }];
  }

  private opaque(node: Node, reason: string): Alt[] {
    return this.one(unknown(this.label(node), reason));
  }

  private evaluateInner(node: Node, scope: Scope): Alt[] {
    switch (node.type) {
      case 'StringLiteral':
        return this.one(text(node.value));
      case 'NumericLiteral':
        return this.one({ k: 'num', n: node.value });
      case 'BooleanLiteral':
        return this.one({ k: 'bool', b: node.value });
      case 'NullLiteral':
        return this.one({ k: 'nullish', which: 'null' });
      case 'TemplateLiteral': {
        const parts: Alt[][] = [];
        node.quasis.forEach((quasi, i) => {
          parts.push(this.one(text(quasi.value.cooked ?? quasi.value.raw)));
          const expression = node.expressions[i];
          if (expression) parts.push(this.evaluate(expression, scope));
        });
        return concatAlts(parts);
      }
      case 'Identifier':
        return this.identifier(node.name, scope);
      case 'BinaryExpression':
        return this.binary(node, scope);
      case 'LogicalExpression': {
        const left = this.evaluate(node.left, scope);
        const out: Alt[] = [];
        let needRight = false;
        for (const alt of left) {
          const truthy =
            node.operator === '??'
              ? alt.v.k === 'nullish'
                ? false
                : isNonNullish(alt.v)
                  ? true
                  : null
              : truthiness(alt.v);
          const keepLeft = node.operator === '&&' ? truthy !== true : truthy !== false;
          const takeRight = node.operator === '&&' ? truthy !== false : truthy !== true;
          if (keepLeft) out.push(alt);
          if (takeRight) needRight = true;
        }
        if (needRight) out.push(...this.evaluate(node.right, scope));
        return out;
      }
      case 'ConditionalExpression': {
        const test = this.evaluate(node.test, scope);
        const known = test.length === 1 && test[0] ? truthiness(test[0].v) : null;
        if (known === true) return this.evaluate(node.consequent, scope);
        if (known === false) return this.evaluate(node.alternate, scope);
        return [...this.evaluate(node.consequent, scope), ...this.evaluate(node.alternate, scope)];
      }
      case 'SequenceExpression': {
        const last = node.expressions[node.expressions.length - 1];
        return last ? this.evaluate(last, scope) : this.opaque(node, 'an empty sequence');
      }
      case 'AssignmentExpression':
        return node.operator === '='
          ? this.evaluate(node.right, scope)
          : this.opaque(node, 'a compound assignment');
      case 'ObjectExpression':
        return this.one(this.object(node, scope));
      case 'ArrayExpression': {
        let open = false;
        const items: LazyValue[] = [];
        for (const element of node.elements) {
          if (!element) items.push({ value: { k: 'nullish', which: 'undefined' } });
          else if (element.type === 'SpreadElement') open = true;
          else items.push({ node: element, scope, owner: this });
        }
        return this.one({ k: 'arr', items, open, node });
      }
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return this.member(node, scope);
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.call(node, scope);
      case 'NewExpression':
        return this.construct(node, scope);
      case 'UnaryExpression':
        if (node.operator === 'void') return this.one({ k: 'nullish', which: 'undefined' });
        if (node.operator === '!') {
          return this.evaluate(node.argument, scope).map((alt) => {
            const t = truthiness(alt.v);
            return {
              v: t === null ? unknown(this.label(node), 'a negated unknown') : { k: 'bool', b: !t },
              trace: alt.trace,
            };
          });
        }
        return this.opaque(node, 'a unary expression');
      case 'ThisExpression':
        return this.opaque(node, 'this');
      // An anonymous `export default function (…) {}` (or class) is read as the export's value.
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
        return this.one({ k: 'fn', node, owner: this });
      case 'ClassExpression':
      case 'ClassDeclaration':
        return this.one({ k: 'class', node, owner: this });
      case 'AwaitExpression':
        // `await x` is x for a value that is not a promise, and the promise's value for one we modelled.
        return node.argument ? this.evaluate(node.argument, scope) : this.opaque(node, 'an await');
      case 'MetaProperty':
        return node.meta.name === 'import' && node.property.name === 'meta'
          ? this.one({ k: 'global', name: 'import.meta' })
          : this.opaque(node, 'new.target');
      default:
        return this.opaque(node, describeNode(node));
    }
  }

  private identifier(name: string, scope: Scope): Alt[] {
    const binding = scope.lookup(name);
    if (!binding) {
      if (isBuiltinName(name) && name !== 'sendBeacon') return this.one({ k: 'builtin', name });
      if (name === 'undefined') return this.one({ k: 'nullish', which: 'undefined' });
      if (name === 'location') return this.one({ k: 'location' });
      if (PAGE_GLOBALS.has(name) || name === 'process') return this.one({ k: 'global', name });
      return this.one(unknown(name, `the global ${name}, which is not defined in this file`));
    }
    const step: TraceStep = {
      location: this.location(binding.id),
      note: `${declarationWord(binding)} ${name}`,
    };
    const withStep = (alts: Alt[]): Alt[] =>
      alts.map((alt) => {
        if (alt.v.k === 'unknown' && alt.trace.length === 0) OPAQUE_STEPS.add(step);
        return { v: stampValue(alt.v, [step]), trace: [step, ...alt.trace] };
      });
    switch (binding.kind) {
      case 'param':
        PARAMETER_STEPS.add(step);
        return withStep(this.parameter(binding, name));
      case 'import': {
        if (
          binding.importSource !== null &&
          FETCH_POLYFILLS.has(binding.importSource) &&
          (binding.importName === 'default' || binding.importName === 'fetch')
        ) {
          return withStep(this.one({ k: 'builtin', name: 'fetch' }));
        }
        if (!this.followImports)
          return withStep(
            this.one(unknown(name, `${name} is imported from '${binding.importSource ?? '?'}'`)),
          );
        if (this.visiting.has(binding)) return this.one(unknown(name, `${name} is part of an import cycle`));
        this.visiting.add(binding);
        try {
          let alts = this.links.importValue(binding, name);
          for (const pathStep of binding.path) alts = alts.flatMap((alt) => this.step(alt, pathStep, name));
          return withStep(alts);
        } finally {
          this.visiting.delete(binding);
        }
      }
      case 'catch':
        return withStep(this.one(unknown(name, `${name} is a caught error`)));
      case 'template':
        return this.one(
          unknown(name, `${name} is not declared in the script: in a Vue template it is the component's`),
        );
      case 'function':
        return withStep(this.one({ k: 'fn', node: binding.fn ?? binding.id, owner: this }));
      case 'class':
        return withStep(
          this.one(
            binding.init
              ? { k: 'class', node: binding.init, owner: this }
              : unknown(name, `${name} is a class`),
          ),
        );
      case 'enum':
        return withStep(
          this.one(binding.init ? this.enumValue(binding.init) : unknown(name, `${name} is an enum`)),
        );
      default:
        break;
    }
    if (this.visiting.has(binding)) return this.one(unknown(name, `${name} refers to itself`));
    if (binding.reassigned) return withStep(this.reassigned(binding, name));
    this.visiting.add(binding);
    try {
      if (!binding.init) {
        return withStep(
          this.one(
            binding.path.length > 0 || binding.kind === 'const'
              ? unknown(name, `${name} has no initial value`)
              : { k: 'nullish', which: 'undefined' },
          ),
        );
      }
      let alts = this.evaluate(binding.init, binding.scope);
      if (binding.mutations.length > 0 && binding.path.length === 0)
        alts = alts.map((alt) => this.mutated(alt, binding, name));
      if (binding.path.length === 0 && !this.isolated && this.index.writes.length > 0) {
        const literal = unwrap(binding.init);
        if (literal.type === 'ObjectExpression' || literal.type === 'ArrayExpression')
          alts = alts.map((alt) => this.aliased(alt, literal, name));
      }
      for (const step of binding.path) alts = alts.flatMap((alt) => this.step(alt, step, name));
      if (binding.defaultValue) {
        const fallback = binding.defaultValue;
        alts = alts.flatMap((alt) => {
          if (alt.v.k === 'nullish' && alt.v.which === 'undefined')
            return this.evaluate(fallback, binding.scope);
          if (alt.v.k === 'unknown') return [alt, ...this.evaluate(fallback, binding.scope)];
          return [alt];
        });
      }
      return withStep(alts);
    } finally {
      this.visiting.delete(binding);
    }
  }

  /**
   * A variable written more than once may hold any of its values when it is read (flow is not
   * tracked): the initializer and every assignment. `x += v` appends to each of the others, so
   * an origin written first survives; a write the tool cannot read adds an unknown.
   */
  private reassigned(binding: Binding, name: string): Alt[] {
    this.visiting.add(binding);
    try {
      const base: Alt[] = binding.init
        ? this.evaluate(binding.init, binding.scope)
        : binding.kind === 'const' || binding.path.length > 0
          ? []
          : this.one({ k: 'nullish', which: 'undefined' });
      for (const step of binding.path) {
        const stepped = base.splice(0).flatMap((alt) => this.step(alt, step, name));
        base.push(...stepped);
      }
      const out: Alt[] = [
        ...base.filter((alt) => !(alt.v.k === 'nullish' && binding.assignments.length > 0)),
      ];
      for (const assignment of binding.assignments) {
        if (assignment.value === null) {
          out.push(...this.one(unknown(name, `${name} is changed in a way the tool does not follow`)));
        } else if (assignment.append) {
          const suffix = this.evaluate(assignment.value, assignment.scope);
          out.push(
            ...product(base, suffix, (a, b) => ({
              k: 'str',
              pieces: concatPieces(toPieces(a), toPieces(b)),
            })),
          );
        } else {
          out.push(...this.evaluate(assignment.value, assignment.scope));
        }
      }
      return out.length > 0 ? out : this.one(unknown(name, `${name} has no value the tool can see`));
    } finally {
      this.visiting.delete(binding);
    }
  }

  /** A value with the writes made to its binding after the declaration folded in. */
  private mutated(alt: Alt, binding: Binding, name: string): Alt {
    const v = alt.v;
    if (v.k === 'str') {
      // A URL object whose host, port or scheme is assigned later no longer has the origin it was made with.
      const changed = binding.mutations.find((m) => m.key === null || URL_ORIGIN_PARTS.has(m.key));
      if (!changed) return alt;
      const line = this.location(changed.at).line;
      return {
        v: unknown(name, `${name}.${changed.key ?? '[…]'} is assigned at line ${line}`),
        trace: alt.trace,
      };
    }
    if (v.k !== 'obj' && v.k !== 'arr' && v.k !== 'instance') return alt;
    const written = new Map<string, LazyValue[]>();
    for (const [key, list] of v.written ?? []) written.set(key, [...list]);
    let anyKey = v.anyKey;
    if (binding.mutations.length > MAX_WRITES) {
      anyKey ??= `${name} is written ${binding.mutations.length} times`;
      return { v: { ...v, written, anyKey }, trace: alt.trace };
    }
    for (const m of binding.mutations) {
      if (m.key === null) {
        anyKey ??= `${name} is changed at line ${this.location(m.at).line}`;
        continue;
      }
      const lazy: LazyValue = m.value
        ? { node: m.value, scope: m.scope, owner: this }
        : {
            value: unknown(
              `${name}.${m.key}`,
              `${name}.${m.key} is changed at line ${this.location(m.at).line}`,
            ),
          };
      written.set(m.key, [...(written.get(m.key) ?? []), lazy]);
    }
    return { v: { ...v, written, ...(anyKey !== undefined ? { anyKey } : {}) }, trace: alt.trace };
  }

  /**
   * A declared object, marked so that reading a key adds the writes made to it through other
   * expressions, as its own name's writes are added (see mutated): `const d = CONFIG; d.url = v`,
   * `getConfig().url = v`, `list[0].url = v`, `this.cfg.url = v` (see aliasWritesFor).
   */
  private aliased(alt: Alt, literal: Node, name: string): Alt {
    const v = alt.v;
    if ((v.k !== 'obj' && v.k !== 'arr') || v.node !== literal) return alt;
    return { v: { ...v, aliases: { owner: this, literal, name } }, trace: alt.trace };
  }

  /**
   * Values written to `key` (or to any key) of the object `literal` makes, through the writes of
   * this module's index that may reach it. Which objects a write may reach is decided once per
   * write (see writeTargets); one that could not be decided adds an unknown.
   */
  aliasWritesFor(literal: Node, key: string, name: string, label: string): Alt[] {
    const out: Alt[] = [];
    for (const write of this.index.writes) {
      if (write.key !== null && write.key !== key) continue;
      const targets = this.writeTargets(write);
      if (targets !== null && !targets.has(literal)) continue;
      const line = this.location(write.at).line;
      if (targets === null) {
        out.push(
          ...this.one(
            unknown(label, `the write at line ${line} may change ${name} (too involved to evaluate)`),
          ),
        );
      } else if (write.key === null) {
        out.push(...this.one(unknown(label, `${name} may be changed at line ${line}`)));
      } else if (write.value) {
        out.push(...this.evaluate(write.value, write.scope));
      } else {
        out.push(...this.one(unknown(label, `${name}.${key} may be changed at line ${line}`)));
      }
    }
    return out;
  }

  /** Write -> the literals whose objects it may change, or null when that could not be decided. */
  private readonly targetsOfWrite = new Map<MemberWrite, ReadonlySet<Node> | null>();

  /**
   * The declared objects a write may change: its object expression evaluated on its own (no
   * frame, this module only, a budget of its own), so the answer is the same whenever it is asked.
   */
  private writeTargets(write: MemberWrite): ReadonlySet<Node> | null {
    const known = this.targetsOfWrite.get(write);
    if (known !== undefined) return known;
    const state = this.links.state;
    const saved = {
      budget: state.budget,
      frames: state.frames,
      paramDeps: state.paramDeps,
      depth: state.depth,
      visiting: [...state.visiting],
      follow: this.followImports,
      isolated: this.isolated,
    };
    state.frames = null;
    state.paramDeps = null;
    state.depth = 0;
    state.visiting.clear();
    state.budget = ALIAS_BUDGET;
    this.followImports = false;
    this.isolated = true;
    let targets: Set<Node> | null = new Set();
    try {
      const alts = this.evaluate(write.object, write.scope);
      for (const alt of alts) {
        if ((alt.v.k === 'obj' || alt.v.k === 'arr') && alt.v.node) targets.add(alt.v.node);
        else if (alt.v.k === 'unknown' && LIMITS.has(alt.v.reason)) targets = null;
        if (targets === null) break;
      }
      if (state.budget < 0) targets = null;
    } finally {
      this.isolated = saved.isolated;
      this.followImports = saved.follow;
      state.budget = saved.budget;
      state.frames = saved.frames;
      state.paramDeps = saved.paramDeps;
      state.depth = saved.depth;
      state.visiting.clear();
      for (const binding of saved.visiting) state.visiting.add(binding);
    }
    this.targetsOfWrite.set(write, targets);
    return targets;
  }

  /** Values written to `key` after the object was made, and an unknown when any key may have changed. */
  private writes(v: Mutable, key: string, label: string): Alt[] {
    const out: Alt[] = [];
    for (const lazy of v.written?.get(key) ?? []) {
      out.push(...('value' in lazy ? this.one(lazy.value) : lazy.owner.evaluate(lazy.node, lazy.scope)));
    }
    if (v.anyKey !== undefined) out.push(...this.one(unknown(label, v.anyKey)));
    return out;
  }

  private step(alt: Alt, step: PathStep, name: string): Alt[] {
    if ('rest' in step) return [{ v: unknown(name, `${name} is a rest element`), trace: alt.trace }];
    if ('each' in step) {
      const v = alt.v;
      if (v.k !== 'arr' || v.open || v.items.length === 0) {
        return [
          { v: unknown(name, `${name} is an element of a list the tool cannot see`), trace: alt.trace },
        ];
      }
      return v.items.flatMap((item) =>
        'value' in item ? this.one(item.value) : item.owner.evaluate(item.node, item.scope),
      );
    }
    const key = 'key' in step ? step.key : String(step.index);
    return this.readProperty(alt, key, name);
  }

  private readProperty(alt: Alt, key: string, label: string): Alt[] {
    const v = alt.v;
    // The steps that reached the object are nearer the sink than those that made the property's value.
    const withTrace = (alts: Alt[]): Alt[] =>
      alts.map((a) => ({ v: stampValue(a.v, alt.trace), trace: [...alt.trace, ...a.trace] }));
    // Writes after the object was made (`config.apiUrl = v`) add to what it was made with.
    if (
      (v.k === 'obj' || v.k === 'arr' || v.k === 'instance') &&
      (v.written !== undefined || v.anyKey !== undefined || v.aliases !== undefined)
    ) {
      const aliases = v.aliases;
      const extra = withTrace([
        ...this.writes(v, key, label),
        ...(aliases ? aliases.owner.aliasWritesFor(aliases.literal, key, aliases.name, label) : []),
      ]);
      const made = {
        v: { ...v, written: undefined, anyKey: undefined, aliases: undefined },
        trace: alt.trace,
      };
      return [...this.readProperty(made, key, label), ...extra];
    }
    switch (v.k) {
      case 'obj': {
        const prop = v.props.get(key);
        if (prop)
          return withTrace(
            'value' in prop ? this.one(prop.value) : prop.owner.evaluate(prop.node, prop.scope),
          );
        return [
          {
            v: v.open
              ? unknown(label, `property ${key} comes from a spread`)
              : { k: 'nullish', which: 'undefined' },
            trace: alt.trace,
          },
        ];
      }
      case 'arr': {
        const index = Number(key);
        const item = Number.isInteger(index) ? v.items[index] : undefined;
        if (item && !v.open)
          return withTrace(
            'value' in item ? this.one(item.value) : item.owner.evaluate(item.node, item.scope),
          );
        return [{ v: unknown(label, `element ${key} is not known`), trace: alt.trace }];
      }
      case 'location':
        return [{ v: locationPart(key, label), trace: alt.trace }];
      case 'module':
        return withTrace(this.links.moduleProperty(v.id, key, label));
      case 'instance':
      case 'class': {
        const method = classMethod(v.node, key, v.k === 'class');
        if (method) return [{ v: { k: 'fn', node: method, owner: v.owner }, trace: alt.trace }];
        const sites = v.owner.fieldSites(v.node, v.k === 'class' ? `static ${key}` : key);
        if (sites.length > 0)
          return withTrace(sites.flatMap((site) => v.owner.evaluate(site.node, site.scope)));
        return [{ v: unknown(label, `${key} is not a member the tool can see`), trace: alt.trace }];
      }
      case 'global':
        if (v.name === 'import.meta' && key === 'env')
          return [{ v: { k: 'global', name: 'import.meta.env' }, trace: alt.trace }];
        if (v.name === 'process') {
          if (key === 'env') return [{ v: { k: 'global', name: 'process.env' }, trace: alt.trace }];
          return [{ v: unknown(label, `process.${key}`), trace: alt.trace }];
        }
        if (v.name === 'import.meta' || v.name === 'import.meta.env' || v.name === 'process.env') {
          return withTrace(
            this.isolated
              ? [{ v: unknown(label, `${v.name}.${key} is set by the build or the environment`), trace: [] }]
              : this.links.envValue(
                  v.name === 'process.env'
                    ? 'process.env'
                    : v.name === 'import.meta'
                      ? 'import.meta'
                      : 'import.meta.env',
                  key,
                  label,
                ),
          );
        }
        if (key === 'location' || (v.name === 'document' && key === 'location'))
          return [{ v: { k: 'location' }, trace: alt.trace }];
        if (key === 'origin' && v.name !== 'document')
          return [{ v: { k: 'str', pieces: [{ t: 'page-origin' }] }, trace: alt.trace }];
        if (v.name === 'navigator') {
          return [
            {
              v:
                key === 'sendBeacon'
                  ? { k: 'builtin', name: 'sendBeacon' }
                  : unknown(label, `navigator.${key}`),
              trace: alt.trace,
            },
          ];
        }
        if (isBuiltinName(key) && key !== 'sendBeacon' && v.name !== 'document')
          return [{ v: { k: 'builtin', name: key }, trace: alt.trace }];
        if (PAGE_GLOBALS.has(key)) return [{ v: { k: 'global', name: key }, trace: alt.trace }];
        return [{ v: unknown(label, `the global ${key}`), trace: alt.trace }];
      case 'str':
        return [{ v: urlPart(v, key, label), trace: alt.trace }];
      case 'unknown':
        return [{ v: unknown(label, v.reason), trace: alt.trace }];
      default:
        return [{ v: unknown(label, `property ${key} of a ${v.k}`), trace: alt.trace }];
    }
  }

  private binary(node: Node & { type: 'BinaryExpression' }, scope: Scope): Alt[] {
    if (node.left.type === 'PrivateName') return this.opaque(node, 'a private name');
    const left = this.evaluate(node.left, scope);
    const right = this.evaluate(node.right, scope);
    if (node.operator === '+') {
      return product(left, right, (a, b) =>
        a.k === 'num' && b.k === 'num'
          ? { k: 'num', n: a.n + b.n }
          : { k: 'str', pieces: concatPieces(toPieces(a), toPieces(b)) },
      );
    }
    if (
      node.operator === '===' ||
      node.operator === '!==' ||
      node.operator === '==' ||
      node.operator === '!='
    ) {
      const negate = node.operator.startsWith('!');
      return product(left, right, (a, b) => {
        const same = primitiveEquals(a, b);
        return same === null
          ? unknown(this.label(node), 'a comparison with an unknown')
          : { k: 'bool', b: negate ? !same : same };
      });
    }
    return this.opaque(node, `the ${node.operator} operator`);
  }

  private object(node: Node & { type: 'ObjectExpression' }, scope: Scope): Value {
    const props = new Map<string, LazyValue>();
    let open = false;
    for (const prop of node.properties) {
      if (prop.type === 'SpreadElement') {
        const spread = this.evaluate(prop.argument, scope);
        const only = spread.length === 1 ? spread[0] : undefined;
        if (only?.v.k === 'obj') {
          for (const [key, value] of only.v.props) props.set(key, value);
          open ||= only.v.open;
        } else {
          // Later keys still win over what the spread brought; earlier ones may be overwritten.
          props.clear();
          open = true;
        }
        continue;
      }
      const key = propertyKey(prop.key, prop.computed);
      if (key === null) {
        open = true;
        continue;
      }
      if (prop.type === 'ObjectProperty') props.set(key, { node: prop.value, scope, owner: this });
      else if (prop.kind === 'get') props.set(key, { value: unknown(key, `${key} is a getter`) });
      else props.set(key, { value: { k: 'fn', node: prop, owner: this } });
    }
    return { k: 'obj', props, open, node };
  }

  private member(
    node: Node & { type: 'MemberExpression' | 'OptionalMemberExpression' },
    scope: Scope,
  ): Alt[] {
    const label = this.label(node);
    const key = memberKey(node, (n) => this.evaluate(n, scope));
    if (key === null) return this.opaque(node, 'a computed property');
    const object = unwrap(node.object);
    if (object.type === 'ThisExpression' && scope.thisClass) {
      const sites = this.index.classFields.get(scope.thisClass)?.get(key);
      if (!sites || sites.length === 0)
        return this.opaque(node, `this.${key} is never assigned in its class`);
      const alts = sites.flatMap((site) => this.evaluate(site.node, site.scope));
      const step: TraceStep = { location: this.location(sites[0]?.node ?? node), note: `this.${key}` };
      return alts.map((alt) => ({ v: stampValue(alt.v, [step]), trace: [step, ...alt.trace] }));
    }
    return this.evaluate(object, scope).flatMap((alt) => this.readProperty(alt, key, label));
  }

  private call(node: Node & { type: 'CallExpression' | 'OptionalCallExpression' }, scope: Scope): Alt[] {
    const callee = unwrap(node.callee);
    const args = node.arguments;
    const arg = (i: number): Node | undefined => {
      const a = args[i];
      return a && a.type !== 'SpreadElement' && a.type !== 'ArgumentPlaceholder' ? a : undefined;
    };
    if (callee.type === 'Identifier' && !scope.lookup(callee.name)) {
      const first = arg(0);
      if (callee.name === 'String' && first) return this.asString(first, scope);
      if (callee.name === 'require' && first?.type === 'StringLiteral')
        return this.isolated
          ? this.one(unknown(this.label(node), `required from '${first.value}'`))
          : this.links.requireValue(first.value, this.label(node));
      if ((callee.name === 'encodeURIComponent' || callee.name === 'encodeURI') && first) {
        return this.evaluate(first, scope).map((alt) => {
          const known = knownText(alt.v) ?? (alt.v.k === 'num' ? String(alt.v.n) : null);
          const encode = callee.name === 'encodeURI' ? encodeURI : encodeURIComponent;
          return {
            v:
              known === null
                ? unknown(this.label(node), 'an encoded unknown')
                : text(safeEncode(encode, known)),
            trace: alt.trace,
          };
        });
      }
    }
    if (
      (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
      !callee.computed &&
      unwrap(callee.object).type === 'Identifier' &&
      (unwrap(callee.object) as { name: string }).name === 'Object' &&
      !scope.lookup('Object') &&
      ['freeze', 'seal', 'preventExtensions'].includes(memberName(callee) ?? '')
    ) {
      // Object.freeze(x) is x, made read-only.
      const first = arg(0);
      return first ? this.evaluate(first, scope) : this.opaque(node, 'Object.freeze()');
    }
    if (
      (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
      !callee.computed
    ) {
      const method = memberName(callee);
      if (method !== null) {
        const result = this.stringMethod(
          method,
          callee.object,
          args.map((_, i) => arg(i)),
          scope,
          node,
        );
        if (result) return result;
      }
    }
    return this.callValue(
      node,
      callee,
      args.map((_, i) => arg(i) ?? null),
      scope,
    );
  }

  /** A call of something that evaluates to a function: the function's return values. */
  private callValue(node: Node, callee: Node, args: readonly (Node | null)[], scope: Scope): Alt[] {
    const label = this.label(node);
    const callees = this.evaluate(callee, scope);
    const out: Alt[] = [];
    for (const alt of callees) {
      if (alt.v.k === 'fn') {
        const results = this.callFunction(alt.v.node, alt.v.owner, args, scope, label);
        out.push(...results.map((r) => ({ v: r.v, trace: [...r.trace, ...alt.trace] })));
      } else {
        out.push({ v: unknown(label, 'the result of a call'), trace: alt.trace });
      }
    }
    return out.length > 0 ? out : this.opaque(node, 'the result of a call');
  }

  private stringMethod(
    method: string,
    objectNode: Node,
    args: (Node | undefined)[],
    scope: Scope,
    call: Node,
  ): Alt[] | null {
    switch (method) {
      case 'bind':
        // `window.fetch.bind(window)` is still fetch.
        return this.evaluate(objectNode, scope).map((alt) =>
          alt.v.k === 'builtin'
            ? alt
            : { v: unknown(this.label(call), 'a bound function'), trace: alt.trace },
        );
      case 'toString':
      case 'valueOf':
      case 'toJSON':
        return this.asString(objectNode, scope);
      case 'concat': {
        const parts = [
          this.asString(objectNode, scope),
          ...args.map((a) => (a ? this.asString(a, scope) : this.opaque(call, 'a spread argument'))),
        ];
        return concatAlts(parts);
      }
      case 'trim':
      case 'toLowerCase':
      case 'toUpperCase':
        return this.asString(objectNode, scope).map((alt) => {
          const known = knownText(alt.v);
          if (known === null)
            return { v: unknown(this.label(call), `${method}() of an unknown`), trace: alt.trace };
          const out =
            method === 'trim'
              ? known.trim()
              : method === 'toLowerCase'
                ? known.toLowerCase()
                : known.toUpperCase();
          return { v: text(out), trace: alt.trace };
        });
      case 'replace':
        return this.replace(objectNode, args, scope, call);
      case 'join': {
        const separatorNode = args[0];
        const separators = separatorNode ? this.evaluate(separatorNode, scope) : this.one(text(','));
        const separator = separators.length === 1 && separators[0] ? knownText(separators[0].v) : null;
        const arrays = this.evaluate(objectNode, scope);
        if (separator === null || arrays.length !== 1 || arrays[0]?.v.k !== 'arr' || arrays[0].v.open)
          return null;
        const parts: Alt[][] = [];
        arrays[0].v.items.forEach((item, i) => {
          if (i > 0) parts.push(this.one(text(separator)));
          parts.push(
            'value' in item ? this.one(item.value) : toStringAlts(item.owner.evaluate(item.node, item.scope)),
          );
        });
        return concatAlts(parts);
      }
      default:
        return null;
    }
  }

  /**
   * `.replace()` with a literal pattern only: regexes from scanned code are never run, so only
   * plain prefixes like /^http/ are understood. `location.origin.replace(/^http/, 'ws')` keeps the page origin.
   */
  private replace(objectNode: Node, args: (Node | undefined)[], scope: Scope, call: Node): Alt[] {
    const pattern = args[0];
    const replacementNode = args[1];
    const replacements = replacementNode ? this.evaluate(replacementNode, scope) : [];
    const replacement = replacements.length === 1 && replacements[0] ? knownText(replacements[0].v) : null;
    let literal: { value: string; anchored: boolean; global: boolean } | null = null;
    if (pattern?.type === 'StringLiteral') literal = { value: pattern.value, anchored: false, global: false };
    if (
      pattern?.type === 'RegExpLiteral' &&
      /^\^?[A-Za-z0-9:/._-]+$/.test(pattern.pattern) &&
      /^g?$/.test(pattern.flags)
    ) {
      literal = {
        value: pattern.pattern.replace(/^\^/, '').replace(/\\/g, ''),
        anchored: pattern.pattern.startsWith('^'),
        global: pattern.flags === 'g',
      };
    }
    return this.asString(objectNode, scope).map((alt) => {
      if (alt.v.k !== 'str' || literal === null || replacement === null || /\$/.test(replacement)) {
        return { v: unknown(this.label(call), 'a replace() the tool does not model'), trace: alt.trace };
      }
      const first = alt.v.pieces[0];
      if (
        first?.t === 'page-origin' &&
        literal.anchored &&
        /^https?$/.test(literal.value) &&
        /^wss?$/.test(replacement)
      ) {
        return alt;
      }
      const known = knownText(alt.v);
      if (known === null)
        return { v: unknown(this.label(call), 'a replace() on an unknown string'), trace: alt.trace };
      let out: string;
      if (literal.anchored)
        out = known.startsWith(literal.value) ? replacement + known.slice(literal.value.length) : known;
      else
        out = literal.global
          ? known.split(literal.value).join(replacement)
          : known.replace(literal.value, () => replacement);
      return { v: text(out), trace: alt.trace };
    });
  }

  private construct(node: Node & { type: 'NewExpression' }, scope: Scope): Alt[] {
    const first = node.arguments[0];
    const second = node.arguments[1];
    const input =
      first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder' ? first : null;
    if (input && this.isGlobal(node.callee, 'Request', scope)) return this.asString(input, scope);
    if (input && this.isGlobal(node.callee, 'URL', scope)) {
      const base =
        second && second.type !== 'SpreadElement' && second.type !== 'ArgumentPlaceholder' ? second : null;
      if (!base) return this.asString(input, scope);
      return product(this.asString(input, scope), this.asString(base, scope), (path, baseValue) =>
        resolveAgainst(path, baseValue),
      );
    }
    const classes = this.evaluate(node.callee, scope).filter((alt) => alt.v.k === 'class');
    if (classes.length > 0) {
      return classes.map((alt) => ({
        v: {
          k: 'instance',
          node: (alt.v as { node: Node }).node,
          owner: (alt.v as { owner: NodeEvaluator }).owner,
        },
        trace: alt.trace,
      }));
    }
    return this.opaque(node, 'a constructed object');
  }

  private asString(node: Node, scope: Scope): Alt[] {
    return this.evaluate(node, scope).map((alt) => ({
      v: { k: 'str', pieces: toPieces(alt.v) },
      trace: alt.trace,
    }));
  }
}

function toStringAlts(alts: Alt[]): Alt[] {
  return alts.map((alt) => ({ v: { k: 'str', pieces: toPieces(alt.v) }, trace: alt.trace }));
}

/** `new URL(path, base)`: exact when both are known, else the base's origin with an unknown path. */
function resolveAgainst(path: Value, base: Value): Value {
  const pathText = knownText(path);
  const baseText = knownText(base);
  if (pathText !== null && baseText !== null) {
    try {
      return text(new URL(pathText, baseText).href);
    } catch {
      return unknown(
        `new URL(${JSON.stringify(pathText)}, ${JSON.stringify(baseText)})`,
        'the URL constructor would throw',
      );
    }
  }
  if (pathText !== null && /^[a-z][a-z0-9+.-]*:/i.test(pathText)) return text(pathText);
  if (base.k === 'str' && (pathText === null || !pathText.startsWith('//'))) {
    return {
      k: 'str',
      pieces: concatPieces(originOf(base.pieces), [
        { t: 'hole', label: 'path', reason: 'a path resolved against a base' },
      ]),
    };
  }
  return unknown('new URL(...)', 'neither the URL nor its base is known');
}

/** The leading part of a URL up to its authority's end, keeping whatever is not known. */
function originOf(pieces: readonly UrlPiece[]): UrlPiece[] {
  const out: UrlPiece[] = [];
  for (const piece of pieces) {
    if (piece.t !== 'text') {
      out.push(piece);
      if (piece.t === 'hole') return out;
      continue;
    }
    const schemeEnd = piece.value.indexOf('://');
    const searchFrom = out.length === 0 && schemeEnd !== -1 ? schemeEnd + 3 : 0;
    const end = piece.value.slice(searchFrom).search(/[/?#]/);
    if (end === -1) out.push(piece);
    else {
      out.push({ t: 'text', value: piece.value.slice(0, searchFrom + end) });
      return out;
    }
  }
  return out;
}

function urlPart(v: Value & { k: 'str' }, key: string, label: string): Value {
  if (key === 'href') return v;
  const known = knownText(v);
  if (key === 'origin') {
    if (known !== null) {
      try {
        const origin = new URL(known).origin;
        return origin === 'null' ? unknown(label, 'an opaque origin') : text(origin);
      } catch {
        return unknown(label, 'not a URL');
      }
    }
    return { k: 'str', pieces: originOf(v.pieces) };
  }
  if (known !== null && (key === 'host' || key === 'hostname' || key === 'protocol' || key === 'port')) {
    try {
      return text(new URL(known)[key]);
    } catch {
      return unknown(label, 'not a URL');
    }
  }
  if (key === 'length' && known !== null) return { k: 'num', n: known.length };
  return unknown(label, `property ${key} of a string`);
}

function locationPart(key: string, label: string): Value {
  switch (key) {
    case 'origin':
      return { k: 'str', pieces: [{ t: 'page-origin' }] };
    case 'host':
      return { k: 'str', pieces: [{ t: 'page-host' }] };
    case 'hostname':
      return { k: 'str', pieces: [{ t: 'page-hostname' }] };
    case 'protocol':
      return { k: 'str', pieces: [{ t: 'page-protocol' }] };
    case 'href':
      return { k: 'str', pieces: [{ t: 'page-origin' }, { t: 'hole', label, reason: 'the page path' }] };
    default:
      return unknown(label, `location.${key} depends on the page`);
  }
}

function memberName(node: Node & { type: 'MemberExpression' | 'OptionalMemberExpression' }): string | null {
  if (node.property.type === 'PrivateName') return `#${node.property.id.name}`;
  return propertyKey(node.property, node.computed);
}

function memberKey(
  node: Node & { type: 'MemberExpression' | 'OptionalMemberExpression' },
  evaluate: (n: Node) => Alt[],
): string | null {
  const direct = memberName(node);
  if (direct !== null || !node.computed) return direct;
  const keys = evaluate(node.property);
  if (keys.length !== 1 || !keys[0]) return null;
  const v = keys[0].v;
  return v.k === 'num' ? String(v.n) : knownText(v);
}

function declarationWord(binding: Binding): string {
  return binding.kind === 'param' ? 'parameter' : binding.kind;
}

function describeNode(node: Node): string {
  const words: Record<string, string> = {
    AwaitExpression: 'an awaited value',
    ArrowFunctionExpression: 'a function',
    FunctionExpression: 'a function',
    TaggedTemplateExpression: 'a tagged template',
    RegExpLiteral: 'a regular expression',
    YieldExpression: 'a yielded value',
    JSXElement: 'a JSX element',
  };
  return words[node.type] ?? `a ${node.type}`;
}

function isNonNullish(v: Value): boolean {
  return (
    v.k === 'str' ||
    v.k === 'num' ||
    v.k === 'bool' ||
    v.k === 'obj' ||
    v.k === 'arr' ||
    v.k === 'location' ||
    v.k === 'global'
  );
}

function primitiveEquals(a: Value, b: Value): boolean | null {
  if (a.k === 'num' && b.k === 'num') return a.n === b.n;
  if (a.k === 'bool' && b.k === 'bool') return a.b === b.b;
  if (a.k === 'nullish' && b.k === 'nullish') return true;
  const at = knownText(a);
  const bt = knownText(b);
  if (at !== null && bt !== null) return at === bt;
  return null;
}

function safeEncode(encode: (s: string) => string, value: string): string {
  try {
    return encode(value);
  } catch {
    return value;
  }
}

/** Past the limit the rest become one unknown: reported, never dropped in silence. */
function cap(alts: Alt[]): Alt[] {
  if (alts.length <= MAX_ALTERNATIVES) return alts;
  const rest = unknown(
    `${alts.length - MAX_ALTERNATIVES + 1} more values`,
    `more than ${MAX_ALTERNATIVES} possible values`,
  );
  return [
    ...alts.slice(0, MAX_ALTERNATIVES - 1),
    { v: rest, trace: alts[MAX_ALTERNATIVES - 1]?.trace ?? [] },
  ];
}

function product(left: Alt[], right: Alt[], combine: (a: Value, b: Value) => Value): Alt[] {
  const out: Alt[] = [];
  for (const a of left)
    for (const b of right) out.push({ v: combine(a.v, b.v), trace: mergeTraces(a.trace, b.trace) });
  return cap(out);
}

function concatAlts(parts: Alt[][]): Alt[] {
  let acc: Alt[] = [{ v: text(''), trace: [] }];
  for (const part of parts) {
    acc = product(acc, part, (a, b) => ({ k: 'str', pieces: concatPieces(toPieces(a), toPieces(b)) }));
  }
  return acc;
}

/**
 * The function a call may reach: a node of a parsed module, or a test of a function node and the
 * evaluator of its module (to know one by its position, without parsing its module first).
 */
export type Wrapper = Node | ((fn: Node, owner: NodeEvaluator) => boolean);

/**
 * Whether a call whose callee evaluates to `callees()` reaches `fn`, with a site's budget: true,
 * false, or null when a limit of the evaluator left it open. `how` is how the call is made
 * (`either` for calls not seen yet: true if it would be for a call or for `new`).
 */
export function callReaches(
  state: EvalState,
  fn: Wrapper,
  how: 'call' | 'new' | 'either',
  callees: () => Alt[],
): boolean | null {
  const saved = state.budget;
  state.budget = SITE_BUDGET;
  try {
    const alts = callees();
    if (
      alts.some(
        (alt) => (how !== 'new' && reaches(alt.v, false, fn)) || (how !== 'call' && reaches(alt.v, true, fn)),
      )
    )
      return true;
    const limited = alts.some((alt) => alt.v.k === 'unknown' && LIMITS.has(alt.v.reason));
    return limited || state.budget < 0 ? null : false;
  } finally {
    state.budget = saved;
  }
}

/** Is `v`, a callee, the function `fn` (or, with `new`, the class whose constructor it is)? */
function reaches(v: Value, isNew: boolean, fn: Wrapper): boolean {
  let target: Node | null = null;
  if (isNew) {
    if (v.k === 'class') target = constructorOf(v.node);
  } else if (v.k === 'fn') target = v.node;
  if (target === null) return false;
  if (typeof fn !== 'function') return target === fn;
  return (v.k === 'fn' || v.k === 'class') && fn(target, v.owner);
}

/** Traces are never changed once made, so a merge with an empty side shares the other. */
function mergeTraces(a: readonly TraceStep[], b: readonly TraceStep[]): TraceStep[] {
  if (b.length === 0 || a === b) return a as TraceStep[];
  if (a.length === 0) return b as TraceStep[];
  const seen = new Set<string>();
  for (const step of a) seen.add(stepKey(step));
  const extra = b.filter((step) => !seen.has(stepKey(step)));
  return extra.length === 0 ? (a as TraceStep[]) : [...a, ...extra];
}

const STEP_KEYS = new WeakMap<TraceStep, string>();

function stepKey(step: TraceStep): string {
  let key = STEP_KEYS.get(step);
  if (key === undefined) {
    key = `${step.location.file}:${step.location.line}:${step.location.column}`;
    STEP_KEYS.set(step, key);
  }
  return key;
}

/** The position of the parameter that declares `id` (directly or inside a pattern), or -1. */
function parameterIndex(fn: Node, id: Node): number {
  if (!('params' in fn) || !Array.isArray(fn.params)) return -1;
  return (fn.params as Node[]).findIndex((param) => containsNode(param, id));
}

function containsNode(root: Node, target: Node): boolean {
  if (root === target) return true;
  if (target.start == null || root.start == null || root.end == null) return false;
  return target.start >= root.start && (target.end ?? 0) <= root.end;
}

/** A method declared in a class body (static or not). */
function classMethod(classNode: Node, key: string, isStatic: boolean): Node | null {
  if (classNode.type !== 'ClassDeclaration' && classNode.type !== 'ClassExpression') return null;
  for (const member of classNode.body.body) {
    if (member.type !== 'ClassMethod' && member.type !== 'ClassPrivateMethod') continue;
    if (member.kind !== 'method' || Boolean(member.static) !== isStatic) continue;
    const name =
      member.key.type === 'PrivateName'
        ? `#${member.key.id.name}`
        : propertyKey(member.key, member.computed ?? false);
    if (name === key) return member;
  }
  return null;
}

function constructorOf(classNode: Node): Node | null {
  if (classNode.type !== 'ClassDeclaration' && classNode.type !== 'ClassExpression') return null;
  return classNode.body.body.find((m) => m.type === 'ClassMethod' && m.kind === 'constructor') ?? null;
}
