import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

export const eventSourceDetector: Detector = {
  name: 'event-source',
  nodeTypes: ['NewExpression'],
  detect(node, { scope, evaluator }) {
    if (node.type !== 'NewExpression' || !evaluator.isGlobal(node.callee, 'EventSource', scope)) return null;
    return hit('event-source', node, argumentAt(node.arguments, 0));
  },
};
