import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

export const websocketDetector: Detector = {
  name: 'websocket',
  nodeTypes: ['NewExpression'],
  detect(node, { scope, evaluator }) {
    const args = evaluator.builtinCall(node, scope, 'WebSocket');
    return args ? hit('websocket', node, argumentAt(args, 0)) : null;
  },
};
