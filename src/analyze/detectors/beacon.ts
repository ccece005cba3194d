import { unwrap } from '../../resolve/evaluate.js';
import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

/** `navigator.sendBeacon(url, data)`, also through `window.navigator`. */
export const beaconDetector: Detector = {
  name: 'beacon',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, { scope, evaluator }) {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
    const name =
      callee.property.type === 'Identifier' && !callee.computed
        ? callee.property.name
        : callee.property.type === 'StringLiteral'
          ? callee.property.value
          : null;
    if (name !== 'sendBeacon' || !evaluator.isGlobal(callee.object, 'navigator', scope)) return null;
    return hit('beacon', node, argumentAt(node.arguments, 0));
  },
};
