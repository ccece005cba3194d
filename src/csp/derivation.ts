// The result type of deriving one source expression, and the few builders every derivation
// step shares, so that each note carries the same `sink` and `value` arguments.

import type { DiagnosticCode } from '../diagnostics/registry.js';
import type { SinkKind, ValueKind } from '../types.js';
import { sinkLabel } from './sink-label.js';

export interface DeriveNote {
  readonly code: DiagnosticCode;
  readonly args: Readonly<Record<string, string | number>>;
}

export type Derivation =
  | {
      readonly ok: true;
      readonly source: string;
      readonly valueKind: Exclude<ValueKind, 'unknown'>;
      readonly display: string;
      readonly notes: readonly DeriveNote[];
    }
  | {
      readonly ok: false;
      readonly valueKind: 'unknown';
      readonly display: string;
      /** Never empty: at least one note says why nothing was derived. */
      readonly notes: readonly DeriveNote[];
    };

/** The page's own origin, split the way the `'self'` rules need it. */
export interface PageOrigin {
  /** Serialised, e.g. `http://localhost:8080`. */
  readonly origin: string;
  readonly scheme: 'http' | 'https';
  /** hostname plus `:port` when the port is not the default. */
  readonly host: string;
  readonly hostname: string;
  /** Empty when it is the scheme's default port, as `URL#port` gives it. */
  readonly port: string;
}

/** What every step needs to know about the target besides its text. */
export interface DeriveContext {
  readonly sink: SinkKind;
  /** The whole target as people read it (see displayTemplate). */
  readonly display: string;
  readonly origin: PageOrigin | null;
}

export function makeNote(
  ctx: DeriveContext,
  code: DiagnosticCode,
  extra: Readonly<Record<string, string | number>> = {},
): DeriveNote {
  return { code, args: { sink: sinkLabel(ctx.sink), value: ctx.display, ...extra } };
}

export function failed(ctx: DeriveContext, notes: readonly [DeriveNote, ...DeriveNote[]]): Derivation {
  return { ok: false, valueKind: 'unknown', display: ctx.display, notes };
}

export function fail(
  ctx: DeriveContext,
  code: DiagnosticCode,
  extra: Readonly<Record<string, string | number>> = {},
): Derivation {
  return failed(ctx, [makeNote(ctx, code, extra)]);
}

export function derived(
  ctx: DeriveContext,
  source: string,
  valueKind: Exclude<ValueKind, 'unknown'>,
  notes: readonly DeriveNote[] = [],
): Derivation {
  return { ok: true, source, valueKind, display: ctx.display, notes };
}

export function selfSource(ctx: DeriveContext): Derivation {
  return derived(ctx, "'self'", 'self');
}
