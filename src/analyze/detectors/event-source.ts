import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

export const eventSourceDetector: Detector = {
  name: 'event-source',
  nodeTypes: ['NewExpression'],
  detect(node, { scope, evaluator }) {
    const args = evaluator.builtinCall(node, scope, 'EventSource');
    return args ? hit('event-source', node, argumentAt(args, 0)) : null;
  },
};
