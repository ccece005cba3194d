// The evaluation state every module's evaluator shares must not keep what one evaluation met:
// whatever it keeps stays in memory, with the modules it names, to the end of the scan.
import type { Node } from '@babel/types';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/analyze/scope.js';
import { indexModule } from '../../src/analyze/walk.js';
import { parseModule } from '../../src/parse/parse.js';
import { type EvalState, Evaluator, newEvalState } from '../../src/resolve/evaluate.js';

const CODE = 'function w(send) { send(); return send; }\n';

function setup(): { evaluator: Evaluator; state: EvalState; call: Node; ret: Node; scope: Scope } {
  const file = { path: 'w.js', absPath: '/virtual/w.js', language: 'js' as const };
  const unit = parseModule(file, CODE).module.scripts[0];
  if (!unit) throw new Error('no script');
  // Taken before indexing: the walk detaches function bodies once it is done (DETACHED_BODY).
  const fn = unit.ast.program.body[0];
  const [callStatement, returnStatement] = fn?.type === 'FunctionDeclaration' ? fn.body.body : [];
  const index = indexModule(unit.ast);
  const state = newEvalState();
  const notAsked = (): never => {
    throw new Error('not asked in this test');
  };
  const evaluator = new Evaluator(file.path, CODE, index, {
    state,
    importValue: notAsked,
    requireValue: notAsked,
    moduleProperty: notAsked,
    envValue: notAsked,
    callSites: () => ({ sites: [], undecided: 0 }),
    importDefinition: () => null,
  });
  const candidate = index.candidates.find((c) => c.node.type === 'CallExpression');
  if (
    callStatement?.type !== 'ExpressionStatement' ||
    returnStatement?.type !== 'ReturnStatement' ||
    !returnStatement.argument ||
    !candidate
  )
    throw new Error('unexpected shape');
  return {
    evaluator,
    state,
    call: callStatement.expression,
    ret: returnStatement.argument,
    scope: candidate.scope,
  };
}

describe('the shared evaluation state', () => {
  it('collects the functions whose parameters made a value unknown, within evaluateInFrame', () => {
    const { evaluator, state, ret, scope } = setup();
    const found = evaluator.evaluateInFrame(ret, scope, null);
    expect([...found.paramDeps.keys()].map((fn) => fn.type)).toEqual(['FunctionDeclaration']);
    expect(state.paramDeps).toBeNull();
  });

  it('keeps nothing from a call decided outside evaluateInFrame (a wrapper lookup)', () => {
    const { evaluator, state, call, scope } = setup();
    expect(evaluator.callsWithin(call, scope, () => false)).toBe(false);
    expect(state.paramDeps).toBeNull();
  });
});
