import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

/** `fetch(input, init)` however the global is reached; `new Request(url)` inputs are unwrapped by the resolver. */
export const fetchDetector: Detector = {
  name: 'fetch',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, { scope, evaluator }) {
    const args = evaluator.builtinCall(node, scope, 'fetch');
    return args ? hit('fetch', node, argumentAt(args, 0)) : null;
  },
};
