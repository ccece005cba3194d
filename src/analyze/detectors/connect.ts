import type { Node } from '@babel/types';
import { libraryRef, readKey } from './library.js';
import type { Detector } from './types.js';
import { argumentAt, hit } from './types.js';

const PACKAGES: ReadonlySet<string> = new Set(['@connectrpc/connect-web', '@bufbuild/connect-web']);
const FACTORIES: ReadonlySet<string> = new Set(['createConnectTransport', 'createGrpcWebTransport']);

/**
 * Connect for the web (connect-web): `createConnectTransport({ baseUrl })` and
 * `createGrpcWebTransport({ baseUrl })` imported from '@connectrpc/connect-web' (or the older
 * '@bufbuild/connect-web'). Every RPC of the transport is a fetch to baseUrl + '/' + service +
 * '/' + method, so the baseUrl's origin is the connection target.
 */
export const connectDetector: Detector = {
  name: 'connect',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, { scope, evaluator }) {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    const ref = libraryRef(node.callee, scope, PACKAGES);
    const name = ref?.names.length === 1 ? ref.names[0] : undefined;
    if (name === undefined || !FACTORIES.has(name)) return null;
    const options = argumentAt(node.arguments as readonly Node[], 0);
    const baseUrl = options
      ? readKey({ node: options, scope, factory: node, evaluator }, 'baseUrl', scope, evaluator)
      : null;
    return hit('connect', node, baseUrl ?? null);
  },
};
