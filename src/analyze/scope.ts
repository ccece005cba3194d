import type { Identifier, Node } from '@babel/types';

export type BindingKind =
  | 'var'
  | 'let'
  | 'const'
  | 'param'
  | 'function'
  | 'class'
  | 'import'
  | 'catch'
  | 'enum'
  /** A name in a Vue template that nothing declares: the component's, never a browser global. */
  | 'template';

/** A step into a destructured value: `const { api: { host } } = cfg` reads cfg.api.host. */
export type PathStep =
  | { readonly key: string }
  | { readonly index: number }
  | { readonly rest: true }
  /** Any element: the variable of `for (const x of list)`. */
  | { readonly each: true };

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  readonly id: Identifier;
  /** The scope the initializer is evaluated in. */
  readonly scope: Scope;
  readonly init: Node | null;
  readonly path: readonly PathStep[];
  readonly defaultValue: Node | null;
  /** Function declarations and function-valued initializers, for return-value lookups. */
  readonly fn: Node | null;
  readonly importSource: string | null;
  readonly importName: string | null;
  reassigned: boolean;
  /**
   * Later writes to the name: `x = value`, `x += value` (append), or one the tool cannot read
   * (`x++`, destructuring). Added with addAssignment.
   */
  assignments: readonly Assignment[];
  /**
   * Writes into the bound object after its declaration: `config.apiUrl = v` (key 'apiUrl'),
   * `Object.assign(config, src)` and `config[k] = v` (key null: any key may change). Added with
   * addMutation.
   */
  mutations: readonly Mutation[];
}

/**
 * The empty list every binding starts with, for its path, writes and mutations: most have none,
 * and an empty array per binding and list was 3% of the npm corpus's live heap. Frozen, so that
 * a write that bypasses addAssignment or addMutation fails loudly instead of writing into every
 * binding's list.
 */
export const NONE: readonly never[] = Object.freeze([]);

/** Records a later write to a binding (its list is made on the first). */
export function addAssignment(binding: Binding, assignment: Assignment): void {
  if (binding.assignments === NONE) binding.assignments = [assignment];
  else (binding.assignments as Assignment[]).push(assignment);
}

/** Records a write into the object a binding holds (its list is made on the first). */
export function addMutation(binding: Binding, mutation: Mutation): void {
  if (binding.mutations === NONE) binding.mutations = [mutation];
  else (binding.mutations as Mutation[]).push(mutation);
}

export interface Assignment {
  /** The right-hand side, or null when it cannot be read. */
  readonly value: Node | null;
  readonly scope: Scope;
  /** `x += value` keeps x's value in front: an origin written before survives. */
  readonly append: boolean;
}

export interface Mutation {
  readonly key: string | null;
  /** The value written, or null when it cannot be read (`+=`, an Object.assign source). */
  readonly value: Node | null;
  readonly scope: Scope;
  readonly at: Node;
}

export type ScopeKind = 'program' | 'function' | 'block' | 'class';

/** The bindings of a scope that declares none (most block scopes): no Map is made for them. */
const NO_BINDINGS: ReadonlyMap<string, Binding> = new Map();

export class Scope {
  /** Made on the first declaration: an empty Map per scope was 3% of the corpus's live heap. */
  private own: Map<string, Binding> | null = null;

  /** The names this scope declares itself. */
  get bindings(): ReadonlyMap<string, Binding> {
    return this.own ?? NO_BINDINGS;
  }

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
    /** The class whose instance `this` is in this scope, or null. */
    readonly thisClass: Node | null,
    /** The function node owning this scope (for `return` bookkeeping), or null at top level. */
    readonly fn: Node | null,
  ) {}

  /** Where `var` and hoisted functions land. */
  functionScope(): Scope {
    return this.kind === 'block' && this.parent ? this.parent.functionScope() : this;
  }

  /**
   * Set on the scope of a Vue template's code (see TEMPLATE_SCOPE_PARAM): a name that no enclosing
   * scope declares and that is not one of `globals` is the component's (`_ctx.name`), as Vue
   * compiles it, not the browser's.
   */
  template: { readonly id: Identifier; readonly globals: ReadonlySet<string> } | null = null;
  private templateNames: Map<string, Binding> | null = null;

  lookup(name: string): Binding | undefined {
    const own = this.own?.get(name);
    if (own) return own;
    const above = this.parent?.lookup(name);
    if (above || !this.template || this.template.globals.has(name)) return above;
    return this.templateName(name, this.template.id);
  }

  private templateName(name: string, id: Identifier): Binding {
    this.templateNames ??= new Map();
    let binding = this.templateNames.get(name);
    if (!binding) {
      binding = {
        name,
        kind: 'template',
        id,
        scope: this,
        init: null,
        path: NONE,
        defaultValue: null,
        fn: null,
        importSource: null,
        importName: null,
        reassigned: false,
        assignments: NONE,
        mutations: NONE,
      };
      this.templateNames.set(name, binding);
    }
    return binding;
  }

  declare(binding: Binding): void {
    // A redeclared var or function keeps the first record but is no longer a single value.
    this.own ??= new Map();
    const existing = this.own.get(binding.name);
    if (existing) {
      existing.reassigned = true;
      addAssignment(existing, { value: binding.init, scope: binding.scope, append: false });
      return;
    }
    this.own.set(binding.name, binding);
  }
}
