import type { Node } from '@babel/types';
import {
  type BaseRule,
  type ClientSpec,
  clientMethodCall,
  instanceBase,
  type InstanceRule,
  requestThroughClients,
  resolveClients,
} from './library.js';
import type { Detector } from './types.js';
import { argumentAt } from './types.js';

export const KY: ClientSpec = {
  packages: new Set(['ky', 'ky-universal']),
  isFunction: (names) => names.length === 0,
  // ky.create() starts from fresh defaults; extend() merges into the parent's.
  factories: new Map([
    ['create', 'replace'],
    ['extend', 'extend'],
  ]),
};

/** Requests go to prefixUrl + input; `ky.create({ prefixUrl })` / `api.extend({ prefixUrl })` set it. */
const PREFIX: BaseRule & InstanceRule = {
  sink: 'ky',
  key: 'prefixUrl',
  absolute: null,
  note: 'the prefixUrl of a ky instance: its requests go here',
};

const METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);

/**
 * ky, only as imported from 'ky' (or 'ky-universal'): `ky(input)`, `ky.get(input)` and the other
 * method shortcuts, instances from `ky.create()` / `ky.extend()`. With `prefixUrl` the request
 * goes to prefixUrl + '/' + input, whatever the input (ky never lets an absolute input replace
 * the prefix); the prefixUrl of an instance is itself a finding, for use from other modules.
 */
export const kyDetector: Detector = {
  name: 'ky',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, context) {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    const args = node.arguments as readonly Node[];
    const direct = resolveClients(node.callee, context.scope, context.evaluator, KY);
    const clients = direct.length > 0 ? direct : clientMethodCall(node, context, KY, METHODS)?.clients;
    if (clients)
      return requestThroughClients(PREFIX, node, clients, argumentAt(args, 0), argumentAt(args, 1), context);
    return instanceBase(KY, PREFIX, node, context);
  },
};
