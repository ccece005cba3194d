import type { Node } from '@babel/types';
import {
  type AbsoluteRule,
  type BaseRule,
  type ClientSpec,
  clientMethodCall,
  instanceBase,
  type InstanceRule,
  requestThroughClients,
  resolveClients,
} from './library.js';
import type { Detector } from './types.js';
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

/** A string request is joined to baseURL unless it has a protocol; `ofetch.create({ baseURL })` sets it. */
const BASE: BaseRule & InstanceRule = {
  sink: 'ofetch',
  key: 'baseURL',
  absolute: ofetchAbsolute,
  note: 'the baseURL of an ofetch instance: its requests with a relative URL go here',
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
    const input = argumentAt(args, 0);
    const options = argumentAt(args, 1);
    if (direct.length > 0) return requestThroughClients(BASE, node, direct, input, options, context);
    const call = clientMethodCall(node, context, OFETCH, METHODS);
    if (call?.method === 'native') return hit('ofetch', node, input);
    if (call) return requestThroughClients(BASE, node, call.clients, input, options, context);
    return instanceBase(OFETCH, BASE, node, context);
  },
};
