import type { Node } from '@babel/types';
import { unwrap } from '../../resolve/evaluate.js';
import { knownText } from '../../resolve/values.js';
import type { Scope } from '../scope.js';
import type { Detector, DetectorContext } from './types.js';
import { argumentAt, hit } from './types.js';

const HTTP_METHOD =
  /^(get|post|put|delete|patch|head|options|propfind|proppatch|mkcol|copy|move|lock|unlock|report|search)$/i;
const MAX_HOPS = 8;

/**
 * `xhr.open(method, url)` where xhr comes from `new XMLHttpRequest()` through variables, fields
 * (`this.xhr`) and factory returns. When the receiver cannot be traced (a parameter, say), a literal
 * HTTP method as first argument still marks the call: missing an origin is worse than a rare extra finding.
 */
export const xhrDetector: Detector = {
  name: 'xhr',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, context) {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
    const name =
      callee.property.type === 'Identifier' && !callee.computed
        ? callee.property.name
        : callee.property.type === 'StringLiteral'
          ? callee.property.value
          : null;
    if (name !== 'open' || node.arguments.length < 2) return null;
    const url = argumentAt(node.arguments, 1);
    if (isXhr(callee.object, context.scope, context, 0)) return hit('xhr', node, url);
    const method = argumentAt(node.arguments, 0);
    if (!method) return null;
    const values = context.evaluator.evaluate(method, context.scope);
    const isMethod = values.length > 0 && values.every((alt) => HTTP_METHOD.test(knownText(alt.v) ?? ''));
    if (!isMethod) return null;
    return hit('xhr', node, url, {
      note: 'the receiver was not traced to new XMLHttpRequest(); its HTTP method marks it',
    });
  },
};

function isXhr(node: Node, scope: Scope, context: DetectorContext, hops: number): boolean {
  if (hops > MAX_HOPS) return false;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'NewExpression':
      return context.evaluator.isGlobal(inner.callee, 'XMLHttpRequest', scope);
    case 'Identifier': {
      const binding = scope.lookup(inner.name);
      if (!binding || binding.path.length > 0) return false;
      if (binding.init && isXhr(binding.init, binding.scope, context, hops + 1)) return true;
      return binding.assignments.some(
        (value) => value !== null && isXhr(value, binding.scope, context, hops + 1),
      );
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      if (unwrap(inner.object).type !== 'ThisExpression' || !scope.thisClass) return false;
      const key =
        inner.property.type === 'Identifier' && !inner.computed
          ? inner.property.name
          : inner.property.type === 'PrivateName'
            ? `#${inner.property.id.name}`
            : null;
      const sites = key === null ? undefined : context.index.classFields.get(scope.thisClass)?.get(key);
      return sites?.some((site) => isXhr(site.node, site.scope, context, hops + 1)) ?? false;
    }
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      if (callee.type !== 'Identifier') return false;
      const fn = scope.lookup(callee.name)?.fn;
      const returned = fn ? context.index.returns.get(fn) : undefined;
      return returned?.some((site) => isXhr(site.node, site.scope, context, hops + 1)) ?? false;
    }
    case 'AssignmentExpression':
      return isXhr(inner.right, scope, context, hops + 1);
    default:
      return false;
  }
}
