import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

/** `navigator.sendBeacon(url, data)`, through `window.navigator`, an alias, `.call` or `.apply`. */
export const beaconDetector: Detector = {
  name: 'beacon',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, { scope, evaluator }) {
    const args = evaluator.builtinCall(node, scope, 'sendBeacon');
    return args ? hit('beacon', node, argumentAt(args, 0)) : null;
  },
};
