import { unwrap } from '../walk.js';
import type { Node } from '@babel/types';
import { type Alt, knownText } from '../../resolve/values.js';
import type { Scope } from '../scope.js';
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
      // A component's ping prop (`<Link ping=...>`) reaches an <a> when it holds URLs;
      // `<StatusDot ping="pulse" />` and `ping={true}` are something else.
      if (!holdsUrls(evaluator.evaluate(value, scope))) return null;
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
      // `stats.ping = 42` or `server.ping = 'https://...'` are common; only an element's ping counts:
      // a receiver named like one (a, el, link, anchor, ...Link) or made by createElement('a').
      if (!looksLikeAnchor(left.object, scope) || !holdsUrls(evaluator.evaluate(node.right, scope)))
        return null;
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

// A ping list entry: a path, a relative path, an absolute or protocol-relative URL.
const URL_TOKEN = /^(\/|\.{1,2}\/|https?:|\/\/)/i;

/** Some alternative is a string whose known tokens look like URLs (holes count as possible URLs). */
function holdsUrls(alts: readonly Alt[]): boolean {
  return alts.some((alt) => {
    if (alt.v.k !== 'str') return false;
    const first = alt.v.pieces[0];
    if (!first) return false;
    if (first.t !== 'text') return true;
    return first.value
      .trim()
      .split(/\s+/)
      .every((token) => URL_TOKEN.test(token));
  });
}

const ANCHOR_NAME = /^(a|el|elem|element|link|anchor|area)$|(Link|Anchor|Element|El)$/;

function looksLikeAnchor(object: Node, scope: Scope): boolean {
  const inner = unwrap(object);
  if (inner.type !== 'Identifier') return false;
  if (ANCHOR_NAME.test(inner.name)) return true;
  const init = scope.lookup(inner.name)?.init;
  return (
    init?.type === 'CallExpression' &&
    init.callee.type === 'MemberExpression' &&
    init.callee.property.type === 'Identifier' &&
    init.callee.property.name === 'createElement' &&
    init.arguments[0]?.type === 'StringLiteral' &&
    /^(a|area)$/i.test(init.arguments[0].value)
  );
}
