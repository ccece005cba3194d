// The walk finds what to do with a node by one map lookup (TYPE_INFO in src/analyze/walk.ts): only
// types in HANDLED_TYPES reach its switch. A case added to the switch but not to that list would
// never run, silently; this keeps the two the same.
import { readFileSync } from 'node:fs';
import { parse } from '@babel/parser';
import type { Node } from '@babel/types';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_TYPES, HANDLED_TYPES, SKIPPED_TYPES } from '../../src/analyze/walk.js';
import { VISITOR_KEYS } from '../../src/parse/babel-ast.js';

function find(node: unknown, test: (n: Node) => boolean): Node[] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((item) => find(item, test));
  const found: Node[] = [];
  if (typeof (node as Node).type === 'string' && test(node as Node)) found.push(node as Node);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'loc') found.push(...find(value, test));
  }
  return found;
}

describe('the walk dispatch', () => {
  it('sends to the switch exactly the types the switch has cases for', () => {
    const source = readFileSync(new URL('../../src/analyze/walk.ts', import.meta.url), 'utf8');
    const ast = parse(source, { sourceType: 'module', plugins: ['typescript'] });
    const [visit] = find(
      ast,
      (n) => n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === 'visit',
    );
    expect(visit).toBeDefined();
    const switches = find(
      visit,
      (n) =>
        n.type === 'SwitchStatement' &&
        n.discriminant.type === 'MemberExpression' &&
        n.discriminant.object.type === 'Identifier' &&
        n.discriminant.object.name === 'node',
    );
    expect(switches).toHaveLength(1);
    const cases = find(switches[0], (n) => n.type === 'SwitchCase').flatMap((c) =>
      c.type === 'SwitchCase' && c.test?.type === 'StringLiteral' ? [c.test.value] : [],
    );
    expect(cases.length).toBeGreaterThan(20);
    expect([...new Set(cases)].sort()).toEqual([...HANDLED_TYPES].sort());
  });

  it('knows every type it treats apart: a type it has no visitor keys for is not walked at all', () => {
    for (const type of [...HANDLED_TYPES, ...CANDIDATE_TYPES, ...SKIPPED_TYPES]) {
      expect(Object.hasOwn(VISITOR_KEYS, type), type).toBe(true);
    }
  });
});
