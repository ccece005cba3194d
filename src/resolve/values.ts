import type { Node } from '@babel/types';
import type { Scope } from '../analyze/scope.js';
import type { TraceStep, UrlPiece } from '../types.js';

/** Writes into an object after it was made (`config.apiUrl = v`): more possible values per key. */
export interface Mutable {
  readonly written?: ReadonlyMap<string, readonly LazyValue[]>;
  /** Set when any key may have changed (`Object.assign(config, ...)`, `config[k] = v`): why. */
  readonly anyKey?: string;
  /**
   * A declared object that writes through other expressions may change (`const d = CONFIG;
   * d.url = v`): read per key from the module that declares it (see Evaluator.aliasWritesFor).
   */
  readonly aliases?: { readonly owner: NodeEvaluator; readonly literal: Node; readonly name: string };
}

/** Evaluates a node of the module it belongs to (a lazy property may be read from another module). */
export interface NodeEvaluator {
  evaluate(node: Node, scope: Scope): Alt[];
  returnsOf(fn: Node): readonly { readonly node: Node; readonly scope: Scope }[];
  /** Values assigned to `this.key` in a class of this module. */
  fieldSites(classNode: Node, key: string): readonly { readonly node: Node; readonly scope: Scope }[];
  /** Values written to `key` of the object `literal` makes through other expressions than `name`. */
  aliasWritesFor(literal: Node, key: string, name: string, label: string): Alt[];
}

/** A property or element not yet evaluated: objects are read lazily, only along the keys a sink needs. */
export type LazyValue =
  { readonly node: Node; readonly scope: Scope; readonly owner: NodeEvaluator } | { readonly value: Value };

/** The abstract values the resolver tracks. Anything it cannot model is `unknown`, never dropped. */
export type Value =
  | { readonly k: 'str'; readonly pieces: readonly UrlPiece[] }
  | { readonly k: 'num'; readonly n: number }
  | { readonly k: 'bool'; readonly b: boolean }
  | { readonly k: 'nullish'; readonly which: 'null' | 'undefined' }
  /** An object or array; `node` is the literal that made it, when the tool saw it made. */
  | ({
      readonly k: 'obj';
      readonly props: ReadonlyMap<string, LazyValue>;
      readonly open: boolean;
      readonly node?: Node;
    } & Mutable)
  | ({
      readonly k: 'arr';
      readonly items: readonly LazyValue[];
      readonly open: boolean;
      readonly node?: Node;
    } & Mutable)
  | { readonly k: 'location' }
  | { readonly k: 'global'; readonly name: string }
  /** A browser API the detectors care about (`fetch`, `WebSocket`, ...), however it was reached. */
  | { readonly k: 'builtin'; readonly name: BuiltinName }
  /** A function (declaration, expression, arrow or method), with the evaluator of its module. */
  | { readonly k: 'fn'; readonly node: Node; readonly owner: NodeEvaluator }
  /** A class, and an instance made by `new` of it. */
  | { readonly k: 'class'; readonly node: Node; readonly owner: NodeEvaluator }
  | ({ readonly k: 'instance'; readonly node: Node; readonly owner: NodeEvaluator } & Mutable)
  /** A module namespace (`import * as cfg`, `require('./cfg')`), by absolute path. */
  | { readonly k: 'module'; readonly id: string }
  | {
      readonly k: 'unknown';
      readonly label: string;
      readonly reason: string;
      readonly env?: { readonly name: string; readonly files: readonly string[] };
    };

export const BUILTIN_NAMES = [
  'fetch',
  'WebSocket',
  'EventSource',
  'XMLHttpRequest',
  'sendBeacon',
  'Request',
  'URL',
] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];
const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_NAMES);

export function isBuiltinName(name: string): name is BuiltinName {
  return BUILTINS.has(name);
}

/** One possible value, with the locations it came from (nearest first). */
export interface Alt {
  readonly v: Value;
  readonly trace: readonly TraceStep[];
}

export const MAX_ALTERNATIVES = 16;

export function text(value: string): Value {
  return { k: 'str', pieces: value === '' ? [] : [{ t: 'text', value }] };
}

export function unknown(label: string, reason: string): Value {
  return { k: 'unknown', label, reason };
}

/** The pieces of a value used as a string, as `String(v)` would make it. */
export function toPieces(v: Value): UrlPiece[] {
  switch (v.k) {
    case 'str':
      return [...v.pieces];
    case 'num':
      return [{ t: 'text', value: String(v.n) }];
    case 'bool':
      return [{ t: 'text', value: String(v.b) }];
    case 'nullish':
      return [{ t: 'text', value: v.which }];
    case 'location':
      return [{ t: 'page-origin' }, { t: 'hole', label: 'location.pathname', reason: 'the page path' }];
    case 'unknown':
      return [{ t: 'hole', label: v.label, reason: v.reason, ...(v.env ? { env: v.env } : {}) }];
    case 'global':
      return [{ t: 'hole', label: v.name, reason: `the global ${v.name}` }];
    case 'module':
      return [{ t: 'hole', label: 'module', reason: 'a module namespace used as a string' }];
    case 'builtin':
      return [{ t: 'hole', label: v.name, reason: `the function ${v.name} used as a string` }];
    case 'fn':
    case 'class':
    case 'instance':
      return [
        {
          t: 'hole',
          label: v.k === 'instance' ? 'object' : 'function',
          reason: `a ${v.k === 'instance' ? 'class instance' : 'function'} used as a string`,
        },
      ];
    default:
      return [{ t: 'hole', label: v.k === 'obj' ? 'object' : 'array', reason: 'an object used as a string' }];
  }
}

/** Joins pieces, merging neighbouring text. */
export function concatPieces(...parts: readonly (readonly UrlPiece[])[]): UrlPiece[] {
  const out: UrlPiece[] = [];
  for (const part of parts) {
    for (const piece of part) {
      const last = out[out.length - 1];
      if (piece.t === 'text' && last?.t === 'text') {
        const merged: UrlPiece = { t: 'text', value: last.value + piece.value };
        const steps = [...stampOf(last), ...stampOf(piece).filter((step) => !stampOf(last).includes(step))];
        if (steps.length > 0) STAMPS.set(merged, steps);
        out[out.length - 1] = merged;
      } else if (piece.t !== 'text' || piece.value !== '') out.push(piece);
    }
  }
  return out;
}

/** The whole string when every piece is known text. */
export function knownText(v: Value): string | null {
  if (v.k !== 'str') return null;
  let out = '';
  for (const piece of v.pieces) {
    if (piece.t !== 'text') return null;
    out += piece.value;
  }
  return out;
}

/** Truthiness when it is certain; null when it depends on something unknown. */
export function truthiness(v: Value): boolean | null {
  switch (v.k) {
    case 'str': {
      if (v.pieces.length === 0) return false;
      return v.pieces.some((p) => (p.t === 'text' && p.value !== '') || p.t.startsWith('page')) ? true : null;
    }
    case 'num':
      return v.n !== 0 && !Number.isNaN(v.n);
    case 'bool':
      return v.b;
    case 'nullish':
      return false;
    case 'obj':
    case 'arr':
    case 'location':
    case 'module':
    case 'builtin':
    case 'fn':
    case 'class':
    case 'instance':
      return true;
    default:
      return null;
  }
}

/**
 * Where each piece of a string came from. Traces on whole values say everything a value touched
 * (a path's parameter included); a piece's stamp says only what made that piece, so `explain` can
 * show the chain behind an origin alone.
 */
const STAMPS = new WeakMap<UrlPiece, readonly TraceStep[]>();

export function stampOf(piece: UrlPiece): readonly TraceStep[] {
  return STAMPS.get(piece) ?? [];
}

function restamp(piece: UrlPiece, steps: readonly TraceStep[]): UrlPiece {
  const copy = { ...piece };
  STAMPS.set(copy, steps);
  return copy;
}

/** The value with `before` steps put in front of, and `after` steps behind, each piece's stamp. */
export function stampValue(v: Value, before: readonly TraceStep[], after: readonly TraceStep[] = []): Value {
  if (v.k !== 'str' || (before.length === 0 && after.length === 0)) return v;
  return { k: 'str', pieces: v.pieces.map((p) => restamp(p, [...before, ...stampOf(p), ...after])) };
}
