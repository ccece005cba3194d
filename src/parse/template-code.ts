// The JavaScript found in a component's markup, kept as statements in the scopes the markup
// gives them (`v-for` aliases, `{#each}` items, slot props), ready to be glued after the
// component's script and parsed with it.
import type { ScriptLanguage } from './babel.js';
import type { MarkupPing } from './module.js';
import { decodeAttributeText } from './sfc-tags.js';
import { glue, original, type Piece } from './synthetic.js';

/**
 * The parameter that marks the scope of a Vue template's code (`((__csp_connect_vue_template__) =>
 * { … })`): the walk gives that scope VUE_TEMPLATE_GLOBALS (see Scope.template).
 */
export const TEMPLATE_SCOPE_PARAM = '__csp_connect_vue_template__';

/**
 * The globals a Vue template reaches: Vue 3's list (GLOBALS_ALLOWED in @vue/shared), and Vue 2's
 * `require` (its templates may require assets). Any other name the template's own code and the
 * script do not declare is the component's (`_ctx.name`): `fetch`, `window`, `navigator` and
 * `location` there are not the browser's.
 */
export const VUE_TEMPLATE_GLOBALS: ReadonlySet<string> = new Set([
  'Infinity',
  'undefined',
  'NaN',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'Math',
  'Number',
  'Date',
  'Array',
  'Object',
  'Boolean',
  'String',
  'RegExp',
  'Map',
  'Set',
  'JSON',
  'Intl',
  'BigInt',
  'console',
  'Error',
  'Symbol',
  'require',
]);

export type TemplateNode =
  /** Markup that introduces names: emitted as `((params) => { ...children });`. */
  | { readonly kind: 'scope'; readonly params: readonly Piece[]; readonly children: TemplateNode[] }
  | {
      readonly kind: 'code';
      readonly pieces: readonly Piece[];
      /**
       * Vue code that only matters when it sees the script's names (a call of a script function):
       * dropped from a template whose names are the component instance's (see vue.ts).
       */
      readonly callsOnly?: boolean;
    };

/** A top-level <script> block: module-level code, or the component instance's code. */
export interface ScriptBlock {
  readonly role: 'module' | 'instance';
  readonly language: ScriptLanguage;
  /** The script text inside the tags. */
  readonly start: number;
  readonly end: number;
}

/** What a component file holds, as ranges of its text. */
export interface ComponentParts {
  readonly blocks: readonly ScriptBlock[];
  readonly template: readonly TemplateNode[];
  /**
   * Whether markup names are the script's names: always in Svelte, and in Vue with <script setup>.
   * A Vue component without it reads its template's names from the component instance (data,
   * props, methods), which is not modelled, so its template code is parsed on its own.
   */
  readonly templateSeesScript: boolean;
  readonly pings: readonly MarkupPing[];
  /** Static inline event-handler attributes (`onclick="..."`): page scripts, not component code. */
  readonly handlers: readonly { readonly start: number; readonly end: number }[];
  /** Parts that could not be read, with why (a `lang` that is not JavaScript, ...). */
  readonly problems: readonly { readonly offset: number; readonly reason: string }[];
}

export class TemplateCode {
  readonly root: TemplateNode[] = [];
  private readonly open: TemplateNode[][] = [this.root];

  constructor(private readonly source: string) {}

  private get current(): TemplateNode[] {
    return this.open[this.open.length - 1] ?? this.root;
  }

  /** Starts a scope whose parameters are these pieces (already comma-separated). Returns 1. */
  openScope(params: readonly Piece[]): number {
    const node: TemplateNode = { kind: 'scope', params, children: [] };
    this.current.push(node);
    this.open.push(node.children);
    return 1;
  }

  closeScopes(count: number): void {
    for (let n = 0; n < count && this.open.length > 1; n++) this.open.pop();
  }

  /** `(EXPR\n);` keeps EXPR's own node (parentheses make no node) and survives a trailing `//` comment. */
  expression(start: number, end: number): void {
    if (isBlank(start, end, this.source)) return;
    this.current.push({
      kind: 'code',
      pieces: [glue('(', start), original(start, end), glue('\n);\n', end)],
    });
  }

  /**
   * An expression written in markup, from `start` to `end`, as pieces: the original text, or, when
   * it holds a character reference (`a &amp;&amp; b`, decoded by the template compiler), the
   * decoded text as one piece at `start`.
   */
  private markupText(start: number, end: number): Piece {
    const raw = this.source.slice(start, end);
    return /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);?/i.test(raw)
      ? glue(decodeAttributeText(raw), start)
      : original(start, end);
  }

  /** A directive's expression in markup (`:title="…"`, `v-if="…"`); see markupText for references. */
  attributeExpression(start: number, end: number): void {
    if (isBlank(start, end, this.source)) return;
    this.current.push({
      kind: 'code',
      pieces: [glue('(', start), this.markupText(start, end), glue('\n);\n', end)],
      callsOnly: true,
    });
  }

  /**
   * A Vue event handler (`@click="…"`, `v-on:submit.prevent="…"`). As Vue compiles it: a function
   * expression is the handler itself, `(VALUE);`; anything else (a method's name, a call, several
   * statements) is run as statements with `$event` in scope, `(($event) => { VALUE });`. Either way
   * every call in it is in the code, where a wrapper's lookup finds it.
   */
  handler(start: number, end: number): void {
    if (isBlank(start, end, this.source)) return;
    const value = this.markupText(start, end);
    const pieces = FUNCTION_EXPRESSION.test(this.source.slice(start, end))
      ? [glue('(', start), value, glue('\n);\n', end)]
      : [glue('(($event) => {\n', start), value, glue('\n});\n', end)];
    this.current.push({ kind: 'code', pieces, callsOnly: true });
  }

  /** `{@const x = EXPR}`: a declaration later markup in the same block can read. */
  declaration(start: number, end: number): void {
    if (isBlank(start, end, this.source)) return;
    this.current.push({
      kind: 'code',
      pieces: [glue('const ', start), original(start, end), glue('\n;\n', end)],
    });
  }

  /**
   * A ping value bound to an expression. On <a>/<area> it becomes
   * `element.setAttribute("ping", (VALUE));`, which the ping detector reads as a ping list whatever
   * the value resolves to (unknown values included, so nothing is dropped). `<a ping={VALUE} />`
   * would say the same but needs JSX, which `lang="ts"` code cannot be parsed with (`<T>x` casts).
   * On a component (whose root element receives the attribute) it becomes `element.ping = (VALUE);`,
   * which, like the JSX rule for a component's prop, counts only string values.
   */
  ping(value: readonly Piece[], at: number, target: 'element' | 'component'): void {
    const head = target === 'element' ? 'element.setAttribute("ping", (' : 'element.ping = (';
    const tail = target === 'element' ? '\n));\n' : '\n);\n';
    // A syntax error found at the closing parenthesis is reported at the end of the value.
    const last = value[value.length - 1];
    const end = last ? (last.t === 'original' ? last.end : last.at) : at;
    this.current.push({ kind: 'code', pieces: [glue(head, at), ...value, glue(tail, end)] });
  }
}

/**
 * A handler value Vue takes as a function expression (an arrow function, or `function (…)`), the
 * way its compiler tells: anything else is inline statements.
 */
const FUNCTION_EXPRESSION =
  /^\s*(?:async\s*)?(?:\([^)]*?\)|[\w$]+)\s*(?::[^=]+)?=>|^\s*(?:async\s+)?function(?:\s+[\w$]+)?\s*\(/;

function isBlank(start: number, end: number, source: string): boolean {
  return !/\S/.test(source.slice(start, end));
}

/** The ping value `"text"` as glue (a static value on a component, which has no markup ping rule). */
export function stringGlue(value: string, at: number): Piece {
  return glue(JSON.stringify(value), at);
}

/** Text of an attribute as a template literal's raw text: backslashes, backticks and `${` escaped. */
export function templateText(value: string): string {
  return value.replace(/[\\`]|\$(?=\{)/g, (c) => `\\${c}`);
}
