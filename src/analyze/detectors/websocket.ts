import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

export const websocketDetector: Detector = {
  name: 'websocket',
  nodeTypes: ['NewExpression'],
  detect(node, { scope, evaluator }) {
    if (node.type !== 'NewExpression' || !evaluator.isGlobal(node.callee, 'WebSocket', scope)) return null;
    return hit('websocket', node, argumentAt(node.arguments, 0));
  },
};
