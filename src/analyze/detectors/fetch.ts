import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

/** `fetch(input, init)`, `window.fetch(...)`; `new Request(url)` inputs are unwrapped by the resolver. */
export const fetchDetector: Detector = {
  name: 'fetch',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, { scope, evaluator }) {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    if (!evaluator.isGlobal(node.callee, 'fetch', scope)) return null;
    return hit('fetch', node, argumentAt(node.arguments, 0));
  },
};
