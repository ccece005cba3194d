import { deriveSource, sinkLabel } from '../csp/derive.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { DiagnosticCode } from '../diagnostics/registry.js';
import type { ParsedModule } from '../parse/module.js';
import type { Node } from '@babel/types';
import { type CallSite, Evaluator, type Frame, isOpaqueStep, isParameterStep } from '../resolve/evaluate.js';
import { concatPieces, stampOf, truthiness } from '../resolve/values.js';
import type { Diagnostic, Finding, Location, SinkKind, TraceStep, UrlPiece } from '../types.js';
import { codeFrameOfLines, splitLines } from '../util/frame.js';
import { serverReasonOf, workerReason } from './context.js';
import { DETECTORS } from './detectors/index.js';
import type { Detector, SinkHit } from './detectors/types.js';
import type { Scope } from './scope.js';
import { type Guard, indexModule, type ModuleIndex } from './walk.js';

export interface AnalyzeModuleOptions {
  readonly origin: string | null;
  /** The build mode, named in diagnostics about code that cannot run in it. */
  readonly mode: string;
  /** The text of another scanned or loaded file (root-relative path), for code frames of trace steps. */
  readonly textOf?: (file: string) => string | null;
  /**
   * Why another parsed module (absolute path) is server code, or null (see serverCodeReason): a
   * wrapper's call in a server file is a request the server makes, not the page.
   */
  readonly serverReasonOf?: (absPath: string) => string | null;
}

export interface ModuleAnalysis {
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
}

const DETECTORS_BY_TYPE = groupByNodeType(DETECTORS);

export interface AnalyzableModule {
  /** The file, its text and pings; its scripts' ASTs may be gone (the index keeps what is read). */
  readonly module: ParsedModule;
  readonly scripts: readonly { readonly index: ModuleIndex; readonly evaluator: Evaluator }[];
  /** Why the file is server code (see serverCodeReason), found before its AST was let go. */
  readonly serverReason: string | null;
}

/** Indexes a parsed file on its own, with no project around it (imports stay unknown). */
export function isolatedModule(module: ParsedModule): AnalyzableModule {
  return {
    module,
    serverReason: serverReasonOf(module),
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
  const lineCache = new Map<string, readonly string[]>();
  const frameIn = (text: string, location: Location, context?: number): string => {
    let lines = lineCache.get(location.file);
    if (!lines) {
      lines = splitLines(text);
      lineCache.set(location.file, lines);
    }
    return codeFrameOfLines(lines, location.line, location.column, context);
  };
  const frameAt = (location: Location): string => frameIn(module.text, location);
  /**
   * One finding. `location` is where the URL is written (a wrapper's call site, when the sink's
   * value came through one); `via` are the steps from there to the sink, outermost first.
   */
  const emit = (
    sink: SinkKind,
    location: Location,
    pieces: UrlPiece[],
    trace: readonly TraceStep[],
    note?: string,
    text: string = module.text,
    via: readonly TraceStep[] = [],
  ): void => {
    const derivation = deriveSource({ pieces, sink }, options.origin);
    // Alternatives of one call that need the same source (ws: and wss: to the page's host) are one finding.
    const key = `${location.file}:${location.line}:${location.column}:${sink}:${derivation.ok ? derivation.source : `?${derivation.display}`}`;
    if (seen.has(key)) return;
    seen.add(key);
    const frame = frameIn(text, location);
    // A resolved target is explained by what made its origin; an unresolved one by everything it touched.
    const steps: TraceStep[] = distinctSteps(
      (derivation.ok ? originSteps(pieces, trace) : [...trace]).reverse(),
    );
    const sinkStep =
      via.length > 0 ? via : [{ location, note: note ? `${sinkLabel(sink)} (${note})` : sinkLabel(sink) }];
    steps.push(...sinkStep);
    const framed = steps.map((step) => {
      const source =
        step.location.file === module.file.path
          ? module.text
          : (options.textOf?.(step.location.file) ?? null);
      if (source === null) return step;
      // An env file's other lines may hold secrets: its frame is the one line that was used.
      const envFile = /(^|\/)\.env(\.|$)/.test(step.location.file);
      return { ...step, frame: frameIn(source, step.location, envFile ? 0 : undefined) };
    });
    findings.push({
      sink,
      location,
      value: derivation.display,
      valueKind: derivation.valueKind,
      source: derivation.ok ? derivation.source : null,
      coveredBy: null,
      trace: framed,
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

  /**
   * A target that depends on a parameter of its function (a wrapper such as `request(url)`) is
   * resolved at each call site instead, up to MAX_WRAPPER_DEPTH wrappers out. Each call site is
   * its own finding; a wrapper with no call site in the scan keeps the unresolved finding.
   */
  const expand = (
    found: SinkHit,
    evaluator: Evaluator,
    scope: Scope,
    sinkLocation: Location,
    chain: readonly { fn: Node; site: CallSite }[],
    deps: ReadonlyMap<Node, Evaluator>,
  ): boolean => {
    let expanded = false;
    for (const [fn, owner] of deps) {
      if (chain.some((link) => link.fn === fn) || chain.length >= MAX_WRAPPER_DEPTH) continue;
      const { sites: all, undecided } = owner.callSitesOf(fn);
      const sites = all.slice(0, MAX_CALL_SITES);
      if (all.length > MAX_CALL_SITES) {
        // Past the cap the rest are not followed: say so with an unresolved finding, never in silence.
        const reason = `${calleeName(fn)} has ${all.length} call sites; only the first ${MAX_CALL_SITES} were followed`;
        emit(found.sink, sinkLocation, [{ t: 'hole', label: calleeName(fn), reason }], [], found.note);
        expanded = true;
      }
      if (undecided > 0) {
        // Calls whose callee was too involved to evaluate may reach the wrapper: also said, never dropped.
        const reason = `${undecided} call${undecided === 1 ? '' : 's'} with the name of ${calleeName(fn)} could not be checked (too involved to evaluate)`;
        emit(found.sink, sinkLocation, [{ t: 'hole', label: calleeName(fn), reason }], [], found.note);
        expanded = true;
      }
      for (const site of sites) {
        expanded = true;
        const next = [...chain, { fn, site }];
        // A call in server code runs on the server, and so does everything it calls: as for a
        // sink written there, a diagnostic instead of a finding, and its callers are not followed.
        const server = options.serverReasonOf?.(site.file) ?? null;
        if (server !== null) {
          const at = site.evaluator.location(site.node);
          const args = { sink: sinkLabel(found.sink), file: site.evaluator.path, reason: server };
          diagnostics.push(createDiagnostic('server-code', args, at, frameIn(site.text, at)));
          continue;
        }
        const { values, paramDeps } = evaluator.evaluateInFrame(
          found.target as Node,
          scope,
          frameChain(next),
        );
        const siteLocation = site.evaluator.location(site.node);
        const via: TraceStep[] = [...next].reverse().map((link) => ({
          location: link.site.evaluator.location(link.site.node),
          note: `calls ${calleeName(link.fn)}`,
        }));
        via.push({ location: sinkLocation, note: sinkLabel(found.sink) });
        // Expanded once per call site, as at the sink: the next wrapper out resolves every value
        // that needed a parameter at once (expanding per value would repeat the same work and
        // findings once for each such value).
        let expandedAll = false;
        for (const value of found.list ? values.flatMap(splitValue) : values) {
          const derivation = deriveSource({ pieces: value.pieces, sink: found.sink }, options.origin);
          if (!derivation.ok && paramDeps.size > 0) {
            if (expandedAll || expand(found, evaluator, scope, sinkLocation, next, paramDeps)) {
              expandedAll = true;
              continue;
            }
          }
          emit(found.sink, siteLocation, value.pieces, value.trace, found.note, site.text, via);
        }
      }
    }
    return expanded;
  };

  const serverReason = target.serverReason;
  const workerWhy = module.file.language !== 'html' ? workerReason(module.file.path, module.text) : null;

  for (const { index, evaluator } of target.scripts) {
    const verdicts = new Map<Guard, Guard | null>();
    for (const candidate of index.candidates) {
      const detectors = DETECTORS_BY_TYPE.get(candidate.node.type);
      if (!detectors) continue;
      evaluator.resetBudget();
      for (const detector of detectors) {
        const detected = detector.detect(candidate.node, { scope: candidate.scope, evaluator, index });
        if (!detected) continue;
        const hits: readonly SinkHit[] = Array.isArray(detected) ? detected : [detected as SinkHit];
        for (const found of hits) {
          const location = evaluator.location(found.at);
          const blocking = deadGuard(candidate.guard, evaluator, verdicts);
          if (blocking) {
            const args = {
              sink: sinkLabel(found.sink),
              condition: evaluator.label(blocking.test),
              expected: blocking.expect ? 'truthy' : 'falsy',
              mode: options.mode,
            };
            diagnostics.push(createDiagnostic('mode-excluded', args, location, frameAt(location)));
            continue;
          }
          if (serverReason !== null) {
            const args = { sink: sinkLabel(found.sink), file: module.file.path, reason: serverReason };
            diagnostics.push(createDiagnostic('server-code', args, location, frameAt(location)));
            continue;
          }
          if (workerWhy !== null) {
            // A service worker's `fetch(event.request)` re-sends a request the page made: no new origin.
            const passThrough =
              found.target?.type === 'MemberExpression' &&
              found.target.property.type === 'Identifier' &&
              found.target.property.name === 'request';
            const reason = passThrough ? `${workerWhy}; it passes a page request through` : workerWhy;
            diagnostics.push(
              createDiagnostic(
                'worker-context',
                { sink: sinkLabel(found.sink), reason },
                location,
                frameAt(location),
              ),
            );
            if (passThrough) continue;
          }
          if (!found.target) {
            emit(
              found.sink,
              location,
              [{ t: 'hole', label: 'no argument', reason: 'the call passes no URL' }],
              [],
              found.note,
            );
            continue;
          }
          const { values, paramDeps } = evaluator.evaluateInFrame(found.target, candidate.scope, null);
          let expandedAll = false;
          for (const value of found.list ? values.flatMap(splitValue) : values) {
            const derivation = deriveSource({ pieces: value.pieces, sink: found.sink }, options.origin);
            if (!derivation.ok && paramDeps.size > 0) {
              // Expanded once per hit: every value that needed a parameter is resolved at the call sites.
              if (expandedAll || expand(found, evaluator, candidate.scope, location, [], paramDeps)) {
                expandedAll = true;
                continue;
              }
            }
            emit(found.sink, location, value.pieces, value.trace, found.note);
          }
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

/**
 * A ping value split into its URLs. `ping={undefined}` and `ping={cond ? url : null}` leave the
 * attribute out (React omits nullish attributes), so those alternatives are no URL at all.
 */
function splitValue(value: {
  pieces: UrlPiece[];
  trace: readonly TraceStep[];
}): { pieces: UrlPiece[]; trace: readonly TraceStep[] }[] {
  const only = value.pieces.length === 1 ? value.pieces[0] : undefined;
  if (only?.t === 'text' && (only.value === 'undefined' || only.value === 'null')) return [];
  return splitList(value.pieces).map((pieces) => ({ pieces, trace: value.trace }));
}

const MAX_WRAPPER_DEPTH = 3;
const MAX_CALL_SITES = 256;

/** Frames for a chain of wrapper calls, innermost first: each frame's parent is the next call out. */
function frameChain(chain: readonly { fn: Node; site: CallSite }[]): Frame | null {
  let frame: Frame | null = null;
  for (let i = chain.length - 1; i >= 0; i--) {
    const link = chain[i];
    if (!link) continue;
    const node = link.site.node;
    const args =
      node.type === 'CallExpression' ||
      node.type === 'OptionalCallExpression' ||
      node.type === 'NewExpression'
        ? node.arguments.map((a) =>
            a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder' ? null : a,
          )
        : [];
    frame = {
      fn: link.fn,
      args,
      scope: link.site.scope,
      owner: link.site.evaluator,
      parent: frame,
      depth: chain.length - i,
    };
  }
  return frame;
}

function calleeName(fn: Node): string {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id)
    return `${fn.id.name}()`;
  if ((fn.type === 'ClassMethod' || fn.type === 'ObjectMethod') && fn.key.type === 'Identifier') {
    return fn.type === 'ClassMethod' && fn.kind === 'constructor' ? 'a constructor' : `${fn.key.name}()`;
  }
  return 'a wrapper function';
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

/**
 * The steps behind the part of a URL that decides its origin: the pieces up to the end of the
 * authority (or the first unknown), by their stamps. Falls back to the whole trace, less opaque
 * steps, when no piece carries a stamp.
 */
function originSteps(pieces: readonly UrlPiece[], trace: readonly TraceStep[]): TraceStep[] {
  const steps: TraceStep[] = [];
  let seenScheme = false;
  for (const piece of pieces) {
    for (const step of stampOf(piece)) if (!steps.includes(step)) steps.push(step);
    if (piece.t !== 'text') {
      if (piece.t === 'hole') break;
      continue;
    }
    const schemeAt = piece.value.indexOf('://');
    const from = !seenScheme && schemeAt !== -1 ? schemeAt + 3 : 0;
    if (schemeAt !== -1) seenScheme = true;
    if (/[/?#]/.test(piece.value.slice(from)) && (seenScheme || piece.value.startsWith('/'))) break;
  }
  const kept = steps.filter((step) => !isParameterStep(step));
  return kept.length > 0 || steps.length > 0 ? kept : trace.filter((step) => !isOpaqueStep(step));
}

/** The steps with repeats left out (a value read twice through the same code), first one kept. */
function distinctSteps(steps: readonly TraceStep[]): TraceStep[] {
  const seen = new Set<string>();
  return steps.filter((step) => {
    const key = `${step.location.file}:${step.location.line}:${step.location.column}:${step.note}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
