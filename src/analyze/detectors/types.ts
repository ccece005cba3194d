import type { Node } from '@babel/types';
import type { Evaluator } from '../../resolve/evaluate.js';
import type { SinkKind } from '../../types.js';
import type { Scope } from '../scope.js';
import type { ModuleIndex } from '../walk.js';

/** A connection sink found in code: what kind, and which expression holds its URL. */
export interface SinkHit {
  readonly sink: SinkKind;
  /** The URL expression; null when the call passes none (the browser then fetches "undefined"). */
  readonly target: Node | null;
  /** Where the finding is reported: the URL argument, else the call. */
  readonly at: Node;
  /** A ping value is a space-separated list of URLs. */
  readonly list: boolean;
  /** Why the tool believes this is a sink, when it is an inference. */
  readonly note?: string;
}

export interface DetectorContext {
  readonly scope: Scope;
  readonly evaluator: Evaluator;
  readonly index: ModuleIndex;
}

/** One sink family. Detectors never read files or format output; they only look at nodes. */
export interface Detector {
  readonly name: string;
  readonly nodeTypes: readonly string[];
  /** Null when the node is not this sink; several hits when one call opens several connections. */
  detect(node: Node, context: DetectorContext): SinkHit | readonly SinkHit[] | null;
}

export function argumentAt(args: readonly Node[], index: number): Node | null {
  const arg = args[index];
  if (!arg || arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') return null;
  return arg;
}

export function hit(sink: SinkKind, call: Node, target: Node | null, extra: Partial<SinkHit> = {}): SinkHit {
  return { sink, target, at: target ?? call, list: false, ...extra };
}
