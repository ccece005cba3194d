import type { Node } from '@babel/types';
import { unwrap } from '../walk.js';
import {
  type AbsoluteRule,
  type Client,
  type ClientSpec,
  clientMethodCall,
  firstDefined,
  instanceBase,
  type InstanceRule,
  isConfigObject,
  joinBase,
  readCallKey,
  readKey,
  resolveClients,
} from './library.js';
import type { Detector, DetectorContext, SinkHit } from './types.js';
import { argumentAt, hit } from './types.js';

export const AXIOS: ClientSpec = {
  packages: new Set(['axios']),
  isFunction: (names) => names.length === 0,
  // `instance.create(config)` merges config into the instance's own defaults.
  factories: new Map([['create', 'extend']]),
};

/** Methods that take (url, config). */
const URL_CONFIG = new Set(['get', 'delete', 'head', 'options']);
/** Methods that take (url, data, config). */
const URL_DATA_CONFIG = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const METHODS: ReadonlySet<string> = new Set(['request', ...URL_CONFIG, ...URL_DATA_CONFIG]);

/** axios's isAbsoluteURL: `scheme://` or `//` in front; anything else is joined to baseURL. */
const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i;
const COULD_BECOME_ABSOLUTE = /^(?:[a-z][a-z\d+\-.]*(?::\/?)?|\/)?$/i;

export const axiosAbsolute: AbsoluteRule = (prefix, complete) => {
  if (ABSOLUTE.test(prefix)) return 'absolute';
  if (complete || !COULD_BECOME_ABSOLUTE.test(prefix)) return 'relative';
  return 'unknown';
};

/** The baseURL of `axios.create({ baseURL })`, a finding of its own (see instanceBase). */
const INSTANCE: InstanceRule = {
  sink: 'axios',
  key: 'baseURL',
  note: 'the baseURL of an axios instance: its requests with a relative URL go here',
};

/**
 * axios, only as imported or required from 'axios': `axios(url | config)`, `axios.get(url)` and
 * the other request methods, instances from `axios.create({ baseURL })` (the request goes to
 * baseURL + path unless the path is an absolute URL), and the baseURL of an instance itself,
 * so that an instance used from other modules still adds its origin.
 */
export const axiosDetector: Detector = {
  name: 'axios',
  nodeTypes: ['CallExpression', 'OptionalCallExpression', 'AssignmentExpression'],
  detect(node, context) {
    if (node.type === 'AssignmentExpression') return defaultsAssignment(node, context);
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    const args = node.arguments as readonly Node[];
    const direct = resolveClients(node.callee, context.scope, context.evaluator, AXIOS);
    if (direct.length > 0) return request(node, direct, argumentAt(args, 0), argumentAt(args, 1), context);
    const call = clientMethodCall(node, context, AXIOS, METHODS);
    if (call) {
      if (call.method === 'request')
        return request(node, call.clients, argumentAt(args, 0), argumentAt(args, 1), context);
      const config = argumentAt(args, URL_DATA_CONFIG.has(call.method) ? 2 : 1);
      return requestTo(node, call.clients, argumentAt(args, 0), config, context);
    }
    return instanceBase(AXIOS, INSTANCE, node, context);
  },
};

/** `axios(url, config)` or `axios(config)`: the URL may be inside the config. */
function request(
  node: Node,
  clients: readonly Client[],
  first: Node | null,
  second: Node | null,
  context: DetectorContext,
): SinkHit[] {
  if (first && isConfigObject(first, context.scope, context.evaluator)) {
    const url = readCallKey(first, 'url', context.scope, context.evaluator);
    return requestTo(node, clients, url, first, context);
  }
  return requestTo(node, clients, first, second, context);
}

function requestTo(
  node: Node,
  clients: readonly Client[],
  url: Node | null,
  config: Node | null,
  context: DetectorContext,
): SinkHit[] {
  const { scope, evaluator } = context;
  const absoluteWins = !isFalse(readCallKey(config, 'allowAbsoluteUrls', scope, evaluator), context);
  return clients.flatMap((client) => {
    const read = client.configs.map((ref) => readKey(ref, 'baseURL', scope, evaluator));
    if (read.includes(undefined)) return [];
    const reads = read.filter((r): r is Node => r !== null && r !== undefined);
    const own = readCallKey(config, 'baseURL', scope, evaluator);
    if (own) reads.push(own);
    const base = firstDefined(reads, scope, evaluator);
    const composed = joinBase(base, url, absoluteWins ? axiosAbsolute : null, scope, evaluator);
    const created = client.configs[client.configs.length - 1];
    const via =
      base && created && !own
        ? `baseURL of the instance made on line ${created.evaluator.location(created.factory).line}`
        : null;
    const note = [via, composed.note].filter((part) => part !== null && part !== undefined).join('; ');
    return hit('axios', node, composed.target, { at: url ?? node, ...(note ? { note } : {}) });
  });
}

function isFalse(node: Node | null, context: DetectorContext): boolean {
  if (!node) return false;
  const values = context.evaluator.evaluate(node, context.scope);
  return values.length > 0 && values.every((alt) => alt.v.k === 'bool' && !alt.v.b);
}

/** `axios.defaults.baseURL = url` (or on an instance): relative requests go there from then on. */
function defaultsAssignment(
  node: Node & { type: 'AssignmentExpression' },
  context: DetectorContext,
): SinkHit | null {
  const left = node.left;
  if (node.operator !== '=' || left.type !== 'MemberExpression') return null;
  if (left.computed || left.property.type !== 'Identifier' || left.property.name !== 'baseURL') return null;
  const defaults = unwrap(left.object);
  if (
    defaults.type !== 'MemberExpression' ||
    defaults.computed ||
    defaults.property.type !== 'Identifier' ||
    defaults.property.name !== 'defaults'
  )
    return null;
  if (resolveClients(defaults.object, context.scope, context.evaluator, AXIOS).length === 0) return null;
  return hit('axios', node, node.right, {
    note: 'the default baseURL of axios: its requests with a relative URL go here',
  });
}
