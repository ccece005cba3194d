import type { Node } from '@babel/types';
import { unwrap } from '../walk.js';
import { knownText, type Value } from '../../resolve/values.js';
import type { Scope } from '../scope.js';
import { either, isConfigObject, libraryRef, pageOrigin, protocolRelative, readCallKey } from './library.js';
import type { Detector, DetectorContext, SinkHit } from './types.js';
import { argumentAt, hit } from './types.js';

const PACKAGES: ReadonlySet<string> = new Set(['socket.io-client']);

/** socket.io-client's own test of a URL with a scheme; anything else is a host on the page's scheme. */
const WITH_SCHEME = /^(https?|wss?):\/\//i;
const COULD_GET_SCHEME = /^(?:h(?:t(?:t(?:ps?)?)?)?|w(?:ss?)?)(?::\/?)?$/i;

type Transport = 'polling' | 'websocket';

/**
 * socket.io-client, only as imported or required from 'socket.io-client': `io()`, `io(url)`,
 * `io(url, opts)`, `io(opts)`, `io.connect(...)` and `new Manager(url)`. One call opens two
 * connections, HTTP long-polling first and then a WebSocket upgrade to the same host, so it is two
 * hits: `socket.io` (http/https) and `socket.io-websocket` (ws/wss). A literal `transports` list
 * (or `upgrade: false`) narrows that down. No URL means the page's own origin.
 */
export const socketIoDetector: Detector = {
  name: 'socket.io',
  nodeTypes: ['CallExpression', 'OptionalCallExpression', 'NewExpression'],
  detect(node, context) {
    if (
      node.type !== 'CallExpression' &&
      node.type !== 'OptionalCallExpression' &&
      node.type !== 'NewExpression'
    )
      return null;
    const ref = libraryRef(node.callee, context.scope, PACKAGES);
    if (!ref) return null;
    const names = ref.names;
    const last = names[names.length - 1];
    const prefix = names.slice(0, -1);
    const lookup = names.every((name) => name === 'io' || name === 'connect');
    const manager = last === 'Manager' && prefix.every((name) => name === 'io');
    if (node.type === 'NewExpression' ? !manager : !lookup) return null;
    const args = node.arguments as readonly Node[];
    const first = argumentAt(args, 0);
    const optionsFirst = first !== null && isConfigObject(first, context.scope, context.evaluator);
    const url = optionsFirst ? null : first;
    const options = optionsFirst ? first : argumentAt(args, 1);
    const target = url ? withScheme(url, context) : pageOrigin(context.scope);
    const at = url ?? node;
    const hits: SinkHit[] = [];
    const used = transports(options, context);
    if (used.has('polling')) hits.push(hit('socket.io', node, target, { at }));
    if (used.has('websocket')) hits.push(hit('socket.io-websocket', node, target, { at }));
    return hits;
  },
};

/**
 * The URL as socket.io reads it: a path is on the page's host, `scheme://` is kept, and anything
 * else (`rt.example.com`, `localhost:3000`) is a host on the page's scheme, written `//host`.
 */
function withScheme(url: Node, context: DetectorContext): Node {
  const kinds = context.evaluator.evaluate(url, context.scope).map((alt) => urlKind(alt.v));
  if (!kinds.some((kind) => kind === 'host')) return url;
  if (kinds.every((kind) => kind !== 'kept')) return protocolRelative(url);
  return either(url, protocolRelative(url));
}

function urlKind(v: Value): 'kept' | 'host' | 'unknown' {
  if (v.k === 'nullish' || v.k === 'location') return 'kept';
  if (v.k !== 'str') return 'unknown';
  const first = v.pieces[0];
  if (first === undefined) return 'kept';
  if (first.t === 'page-origin' || first.t === 'page-protocol') return 'kept';
  if (first.t === 'page-host' || first.t === 'page-hostname') return 'host';
  if (first.t !== 'text') return 'unknown';
  const text = first.value;
  if (text.startsWith('/') || WITH_SCHEME.test(text)) return 'kept';
  if (v.pieces.length > 1 && COULD_GET_SCHEME.test(text)) return 'unknown';
  return 'host';
}

/** The transports a literal `transports` option (and `upgrade: false`) allows; both when unknown. */
function transports(options: Node | null, context: DetectorContext): Set<Transport> {
  const both = new Set<Transport>(['polling', 'websocket']);
  if (!options) return both;
  const scope: Scope = context.scope;
  const listed = listedTransports(readCallKey(options, 'transports', scope, context.evaluator), context);
  const upgradeNode = readCallKey(options, 'upgrade', scope, context.evaluator);
  const upgrade = upgradeNode ? context.evaluator.evaluate(upgradeNode, scope) : [];
  const noUpgrade = upgrade.length > 0 && upgrade.every((alt) => alt.v.k === 'bool' && !alt.v.b);
  const order = listed ?? ['polling', 'websocket'];
  // Without the upgrade the client stays on the first transport it opens.
  const kept = noUpgrade ? order.slice(0, 1) : order;
  const out = new Set<Transport>();
  for (const name of kept) if (name === 'polling' || name === 'websocket') out.add(name);
  // A list with neither (say only webtransport, which connect-src does not govern here) or one
  // the tool cannot read counts both.
  return out.size > 0 ? out : both;
}

function listedTransports(node: Node | null, context: DetectorContext): string[] | null {
  if (!node) return null;
  const values = context.evaluator.evaluate(unwrap(node), context.scope);
  const names: string[] = [];
  for (const alt of values) {
    if (alt.v.k !== 'arr' || alt.v.open) return null;
    for (const item of alt.v.items) {
      const values = 'value' in item ? [{ v: item.value }] : item.owner.evaluate(item.node, item.scope);
      for (const value of values) {
        const name = knownText(value.v);
        if (name === null) return null;
        if (!names.includes(name)) names.push(name);
      }
    }
  }
  return names;
}
