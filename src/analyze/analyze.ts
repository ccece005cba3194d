import { deriveSource, sinkLabel } from '../csp/derive.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { DiagnosticCode } from '../diagnostics/registry.js';
import type { ParsedModule } from '../parse/module.js';
import { Evaluator, isOpaqueStep } from '../resolve/evaluate.js';
import { concatPieces, truthiness } from '../resolve/values.js';
import type { Diagnostic, Finding, Location, SinkKind, TraceStep, UrlPiece } from '../types.js';
import { codeFrameOfLines, splitLines } from '../util/frame.js';
import { DETECTORS } from './detectors/index.js';
import type { Detector, SinkHit } from './detectors/types.js';
import { type Guard, indexModule, type ModuleIndex } from './walk.js';

export interface AnalyzeModuleOptions {
  readonly origin: string | null;
  /** The build mode, named in diagnostics about code that cannot run in it. */
  readonly mode: string;
}

export interface ModuleAnalysis {
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
}

const DETECTORS_BY_TYPE = groupByNodeType(DETECTORS);

export interface AnalyzableModule {
  readonly module: ParsedModule;
  readonly scripts: readonly { readonly index: ModuleIndex; readonly evaluator: Evaluator }[];
}

/** Indexes a parsed file on its own, with no project around it (imports stay unknown). */
export function isolatedModule(module: ParsedModule): AnalyzableModule {
  return {
    module,
    scripts: module.scripts.map((unit) => {
      const index = indexModule(unit.ast);
      return { index, evaluator: new Evaluator(module.file.path, module.text, index) };
    }),
  };
}

/** Finds every connection in one parsed file and derives a source expression for each target. */
export function analyzeModule(target: AnalyzableModule, options: AnalyzeModuleOptions): ModuleAnalysis {
  const module = target.module;
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let lines: readonly string[] | null = null;
  const frameAt = (location: Location): string => {
    lines ??= splitLines(module.text);
    return codeFrameOfLines(lines, location.line, location.column);
  };
  const emit = (
    sink: SinkKind,
    location: Location,
    pieces: UrlPiece[],
    trace: readonly TraceStep[],
    note?: string,
  ): void => {
    const derivation = deriveSource({ pieces, sink }, options.origin);
    // Alternatives of one call that need the same source (ws: and wss: to the page's host) are one finding.
    const key = `${location.line}:${location.column}:${sink}:${derivation.ok ? derivation.source : `?${derivation.display}`}`;
    if (seen.has(key)) return;
    seen.add(key);
    const frame = frameAt(location);
    const steps: TraceStep[] = (
      derivation.ok ? trace.filter((step) => !isOpaqueStep(step)) : [...trace]
    ).reverse();
    steps.push({ location, note: note ? `${sinkLabel(sink)} (${note})` : sinkLabel(sink) });
    findings.push({
      sink,
      location,
      value: derivation.display,
      valueKind: derivation.valueKind,
      source: derivation.ok ? derivation.source : null,
      coveredBy: null,
      trace: steps,
      frame,
    });
    for (const n of derivation.notes) {
      diagnostics.push(createDiagnostic(n.code as DiagnosticCode, n.args, location, frame));
    }
    if (!derivation.ok) {
      for (const piece of pieces) {
        if (piece.t !== 'hole' || !piece.env) continue;
        const files = piece.env.files.length > 0 ? piece.env.files.join(', ') : 'no env file was found';
        diagnostics.push(
          createDiagnostic('env-unresolved', { name: piece.env.name, files }, location, frame),
        );
      }
    }
  };

  for (const { index, evaluator } of target.scripts) {
    const verdicts = new Map<Guard, Guard | null>();
    for (const candidate of index.candidates) {
      const detectors = DETECTORS_BY_TYPE.get(candidate.node.type);
      if (!detectors) continue;
      for (const detector of detectors) {
        const found = detector.detect(candidate.node, { scope: candidate.scope, evaluator, index });
        if (!found) continue;
        const location = evaluator.location(found.at);
        const blocking = deadGuard(candidate.guard, evaluator, verdicts);
        if (blocking) {
          const frame = frameAt(location);
          const args = {
            sink: sinkLabel(found.sink),
            condition: evaluator.label(blocking.test),
            expected: blocking.expect ? 'truthy' : 'falsy',
            mode: options.mode,
          };
          diagnostics.push(createDiagnostic('mode-excluded', args, location, frame));
          break;
        }
        for (const value of valuesOf(found, evaluator, candidate.scope)) {
          emit(found.sink, location, value.pieces, value.trace, found.note);
        }
        break;
      }
    }
  }
  for (const ping of module.pings) {
    for (const url of splitList([{ t: 'text', value: ping.value }])) emit('ping', ping.location, url, []);
  }
  return { findings, diagnostics };
}

function valuesOf(
  found: SinkHit,
  evaluator: Evaluator,
  scope: Parameters<Evaluator['evaluate']>[1],
): { pieces: UrlPiece[]; trace: readonly TraceStep[] }[] {
  if (!found.target) {
    return [{ pieces: [{ t: 'hole', label: 'no argument', reason: 'the call passes no URL' }], trace: [] }];
  }
  const values = evaluator.evaluateString(found.target, scope);
  if (!found.list) return values;
  return values.flatMap((value) => splitList(value.pieces).map((pieces) => ({ pieces, trace: value.trace })));
}

/** A ping value is a list separated by ASCII whitespace; holes stay with the URL they touch. */
export function splitList(pieces: readonly UrlPiece[]): UrlPiece[][] {
  const out: UrlPiece[][] = [];
  let current: UrlPiece[] = [];
  for (const piece of pieces) {
    if (piece.t !== 'text') {
      current.push(piece);
      continue;
    }
    const parts = piece.value.split(/[\t\n\f\r ]+/);
    parts.forEach((part, i) => {
      if (i > 0 && current.length > 0) {
        out.push(current);
        current = [];
      }
      if (part !== '') current = concatPieces(current, [{ t: 'text', value: part }]);
    });
  }
  if (current.length > 0) out.push(current);
  return out;
}

function groupByNodeType(detectors: readonly Detector[]): Map<string, Detector[]> {
  const map = new Map<string, Detector[]>();
  for (const detector of detectors) {
    for (const type of detector.nodeTypes) {
      const list = map.get(type);
      if (list) list.push(detector);
      else map.set(type, [detector]);
    }
  }
  return map;
}

/**
 * The first guard around a candidate that is certainly false (in this build mode), or null when
 * the code may run. Only conditions the resolver folds to a constant count: anything unknown runs.
 */
function deadGuard(
  guard: Guard | null,
  evaluator: Evaluator,
  verdicts: Map<Guard, Guard | null>,
): Guard | null {
  if (!guard) return null;
  const known = verdicts.get(guard);
  if (known !== undefined) return known;
  const values = evaluator.evaluate(guard.test, guard.scope);
  const dead = values.length > 0 && values.every((alt) => truthiness(alt.v) === !guard.expect);
  const verdict = dead ? guard : deadGuard(guard.parent, evaluator, verdicts);
  verdicts.set(guard, verdict);
  return verdict;
}
