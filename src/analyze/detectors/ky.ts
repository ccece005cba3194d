import type { Node } from '@babel/types';
import { unwrap } from '../../resolve/evaluate.js';
import {
  type Client,
  type ClientSpec,
  clientMethodCall,
  factoryConfig,
  firstDefined,
  methodCall,
  readKey,
  requestThroughClients,
  resolveClients,
} from './library.js';
import type { Detector, DetectorContext, SinkHit } from './types.js';
import { argumentAt, hit } from './types.js';

export const KY: ClientSpec = {
  packages: new Set(['ky', 'ky-universal']),
  isFunction: (names) => names.length === 0,
  // ky.create() starts from fresh defaults; extend() merges into the parent's.
  factories: new Map([
    ['create', 'replace'],
    ['extend', 'extend'],
  ]),
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
    if (clients) return requestTo(node, clients, argumentAt(args, 0), argumentAt(args, 1), context);
    return instancePrefix(node, context);
  },
};

function requestTo(
  node: Node,
  clients: readonly Client[],
  input: Node | null,
  options: Node | null,
  context: DetectorContext,
): SinkHit[] {
  return requestThroughClients(
    { sink: 'ky', key: 'prefixUrl', absolute: null },
    node,
    clients,
    input,
    options,
    context,
  );
}

/** `ky.create({ prefixUrl })` / `api.extend({ prefixUrl })`: the instance's requests go there. */
function instancePrefix(node: Node, context: DetectorContext): SinkHit | null {
  const call = methodCall(node);
  if (!call || !KY.factories.has(call.method)) return null;
  if (resolveClients(call.object, context.scope, context.evaluator, KY).length === 0) return null;
  const options = factoryConfig((node as Node & { arguments: Node[] }).arguments);
  if (!options) return null;
  const read = readKey(
    { node: options, scope: context.scope, factory: node, evaluator: context.evaluator },
    'prefixUrl',
    context.scope,
    context.evaluator,
  );
  const prefix = read && firstDefined([read], context.scope, context.evaluator);
  if (!prefix) return null;
  return hit('ky', node, prefix, {
    at: unwrap(options).type === 'ObjectExpression' ? prefix : node,
    note: 'the prefixUrl of a ky instance: its requests go here',
  });
}
