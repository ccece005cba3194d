import { unwrap } from '../../resolve/evaluate.js';
import { knownText } from '../../resolve/values.js';
import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

/**
 * `<a ping>` set from script: the JSX `ping` prop on a/area, `el.ping = ...`, and
 * `el.setAttribute('ping', ...)`. Markup attributes come from the HTML parser instead.
 */
export const pingDetector: Detector = {
  name: 'ping',
  nodeTypes: ['JSXOpeningElement', 'AssignmentExpression', 'CallExpression', 'OptionalCallExpression'],
  detect(node, { scope, evaluator }) {
    if (node.type === 'JSXOpeningElement') {
      const attribute = node.attributes.find(
        (a) => a.type === 'JSXAttribute' && a.name.type === 'JSXIdentifier' && a.name.name === 'ping',
      );
      if (attribute?.type !== 'JSXAttribute' || !attribute.value) return null;
      const value =
        attribute.value.type === 'JSXExpressionContainer' ? attribute.value.expression : attribute.value;
      if (value.type === 'JSXEmptyExpression') return null;
      const element = node.name.type === 'JSXIdentifier' ? node.name.name : null;
      if (element === 'a' || element === 'area') return hit('ping', attribute, value, { list: true });
      if (element !== null && /^[a-z]/.test(element)) return null;
      // A component's ping prop (`<Link ping=...>`) almost always reaches an <a>; booleans do not.
      const values = evaluator.evaluate(value, scope);
      if (!values.some((alt) => alt.v.k === 'str')) return null;
      return hit('ping', attribute, value, {
        list: true,
        note: 'a component prop named ping, assumed to reach an <a>',
      });
    }
    if (node.type === 'AssignmentExpression') {
      const left = node.left;
      if (node.operator !== '=' || left.type !== 'MemberExpression') return null;
      const name = left.property.type === 'Identifier' && !left.computed ? left.property.name : null;
      if (name !== 'ping') return null;
      // `stats.ping = 42` is common; only a string-valued ping is an anchor's ping list.
      const values = evaluator.evaluate(node.right, scope);
      if (!values.some((alt) => alt.v.k === 'str' && (knownText(alt.v) ?? 'x').length > 0)) return null;
      return hit('ping', node, node.right, { list: true });
    }
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
    const name = callee.property.type === 'Identifier' && !callee.computed ? callee.property.name : null;
    if (name !== 'setAttribute') return null;
    const attribute = argumentAt(node.arguments, 0);
    if (!attribute) return null;
    const names = evaluator.evaluate(attribute, scope);
    if (
      names.length !== 1 ||
      (knownText(names[0]?.v ?? { k: 'nullish', which: 'null' }) ?? '').toLowerCase() !== 'ping'
    )
      return null;
    return hit('ping', node, argumentAt(node.arguments, 1), { list: true });
  },
};
