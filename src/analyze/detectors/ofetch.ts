import type { Node } from '@babel/types';
import { unwrap } from '../../resolve/evaluate.js';
import {
  type AbsoluteRule,
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

export const OFETCH: ClientSpec = {
  packages: new Set(['ofetch']),
  isFunction: (names) => names.length === 1 && (names[0] === 'ofetch' || names[0] === '$fetch'),
  // `$fetch.create(defaults)` merges defaults into the parent's.
  factories: new Map([['create', 'extend']]),
};

/** `.raw()` returns the response instead of the body; `.native()` is the plain fetch, without baseURL. */
const METHODS: ReadonlySet<string> = new Set(['raw', 'native']);

// ufo's hasProtocol, which ofetch's withBase uses: a scheme of two or more characters and a
// colon, unless it reads as host:port (`localhost:3000/x`). `//host` is not absolute there.
const PROTOCOL = /^[\s\w\0+.-]{2,}:([/\\]{2})?/;
const HOST_PORT = /^[\s\0]*(?!tel:|fax:|sms:|skype:|callto:)[\w+.-]{2,}:\d+(?:[/?#\\]|$)/i;
const COULD_BE_PROTOCOL = /^[\s\w\0+.-]*(:\d*)?$/;

export const ofetchAbsolute: AbsoluteRule = (prefix, complete) => {
  if (HOST_PORT.test(prefix)) return 'relative';
  if (complete) return PROTOCOL.test(prefix) ? 'absolute' : 'relative';
  if (/^[\s\w\0+.-]{2,}:\D/.test(prefix)) return 'absolute';
  return COULD_BE_PROTOCOL.test(prefix) ? 'unknown' : 'relative';
};

/**
 * ofetch, only as imported from 'ofetch': `ofetch(url, { baseURL })`, `$fetch(url)`, `.raw()`,
 * and instances from `ofetch.create({ baseURL })`. A string request is joined to baseURL unless it
 * has a protocol; `.native()` is fetch itself. An instance's baseURL is a finding of its own.
 */
export const ofetchDetector: Detector = {
  name: 'ofetch',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, context) {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    const args = node.arguments as readonly Node[];
    const direct = resolveClients(node.callee, context.scope, context.evaluator, OFETCH);
    if (direct.length > 0) return requestTo(node, direct, argumentAt(args, 0), argumentAt(args, 1), context);
    const call = clientMethodCall(node, context, OFETCH, METHODS);
    if (call?.method === 'native') return hit('ofetch', node, argumentAt(args, 0));
    if (call) return requestTo(node, call.clients, argumentAt(args, 0), argumentAt(args, 1), context);
    return instanceBase(node, context);
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
    { sink: 'ofetch', key: 'baseURL', absolute: ofetchAbsolute },
    node,
    clients,
    input,
    options,
    context,
  );
}

/** `ofetch.create({ baseURL })`: the instance's relative requests go there. */
function instanceBase(node: Node, context: DetectorContext): SinkHit | null {
  const call = methodCall(node);
  if (!call || call.method !== 'create') return null;
  if (resolveClients(call.object, context.scope, context.evaluator, OFETCH).length === 0) return null;
  const defaults = factoryConfig((node as Node & { arguments: Node[] }).arguments);
  if (!defaults) return null;
  const read = readKey(
    { node: defaults, scope: context.scope, factory: node, evaluator: context.evaluator },
    'baseURL',
    context.scope,
    context.evaluator,
  );
  const base = read && firstDefined([read], context.scope, context.evaluator);
  if (!base) return null;
  return hit('ofetch', node, base, {
    at: unwrap(defaults).type === 'ObjectExpression' ? base : node,
    note: 'the baseURL of an ofetch instance: its requests with a relative URL go here',
  });
}
