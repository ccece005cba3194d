// src/parse/babel-ast.ts holds what the analysis needs of @babel/types, so that the 55 ms package
// is not loaded at run time. Here it is checked against the installed package itself.
import * as t from '@babel/types';
import { describe, expect, it } from 'vitest';
import * as ast from '../../src/parse/babel-ast.js';

describe('babel-ast: the facts about the Babel AST the analysis keeps', () => {
  it('has the visitor keys of every node type, in order, as the installed @babel/types', () => {
    expect(ast.VISITOR_KEYS).toEqual(t.VISITOR_KEYS);
  });

  it('has the expression types of the installed @babel/types', () => {
    expect([...ast.EXPRESSION_TYPES].sort()).toEqual([...(t.FLIPPED_ALIAS_KEYS.Expression ?? [])].sort());
    expect(ast.isExpression(t.identifier('a'))).toBe(true);
    expect(ast.isExpression(t.objectPattern([]))).toBe(false);
    expect(ast.isExpression(null)).toBe(false);
  });

  it('builds the nodes @babel/types builds', () => {
    const a = t.identifier('a');
    const b = t.identifier('b');
    const s = t.stringLiteral('s');
    expect(ast.identifier('a')).toEqual(a);
    expect(ast.stringLiteral('s')).toEqual(s);
    expect(ast.memberExpression(a, b)).toEqual(t.memberExpression(a, b));
    expect(ast.binaryExpression('+', s, a)).toEqual(t.binaryExpression('+', s, a));
    expect(ast.logicalExpression('??', a, b)).toEqual(t.logicalExpression('??', a, b));
    expect(ast.conditionalExpression(a, b, s)).toEqual(t.conditionalExpression(a, b, s));
    const quasis = [
      ast.templateElement({ raw: 'x', cooked: 'x' }, false),
      ast.templateElement({ raw: '', cooked: '' }, true),
    ];
    expect(quasis).toEqual([
      t.templateElement({ raw: 'x', cooked: 'x' }, false),
      t.templateElement({ raw: '', cooked: '' }, true),
    ]);
    expect(ast.templateLiteral(quasis, [a])).toEqual(t.templateLiteral(quasis, [a]));
  });
});
