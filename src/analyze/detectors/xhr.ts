import type { Node } from '@babel/types';
import { unwrap } from '../walk.js';
import { knownText } from '../../resolve/values.js';
import type { Scope } from '../scope.js';
import type { Detector, DetectorContext } from './types.js';
import { argumentAt, hit } from './types.js';

const HTTP_METHOD = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/;
const HTTP_METHOD_ANY_CASE = /^(get|post|put|delete|patch|head|options)$/i;
// The second argument of an XHR open is a URL: a path, a scheme, or a protocol-relative reference.
const URL_LIKE = /^(\/|\.{1,2}\/|[a-z][a-z0-9+.-]*:|\?)/i;
const MAX_HOPS = 8;

/**
 * `xhr.open(method, url)` where xhr comes from `new XMLHttpRequest()` through variables, fields
 * (`this.xhr`) and factory returns. When the receiver cannot be traced (a parameter, say), a literal
 * HTTP method (or the async flag) still marks the call: missing an origin is worse than a rare extra finding.
 */
export const xhrDetector: Detector = {
  name: 'xhr',
  nodeTypes: ['CallExpression', 'OptionalCallExpression'],
  detect(node, context) {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
    const receiver = openReceiver(node);
    if (receiver === null || node.arguments.length < 2) return null;
    const url = argumentAt(node.arguments, 1);
    if (isXhr(receiver, context.scope, context, 0)) return hit('xhr', node, url);
    const method = argumentAt(node.arguments, 0);
    if (!method || !url) return null;
    if (!looksLikeXhrOpen(method, url, argumentAt(node.arguments, 2), context)) return null;
    return hit('xhr', node, url, {
      note: 'the receiver was not traced to new XMLHttpRequest(); its HTTP method marks it',
    });
  },
};

/**
 * The receiver of a call of a member named `open`, as this detector reads one: `x.open(…)` or
 * `x['open'](…)`, past what unwrap() looks through; null for any other node. The pre-filter's
 * OPEN_CALL must let through every file where this finds one (test/analyze/prefilter.test.ts).
 */
export function openReceiver(node: Node): Node | null {
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return null;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
  const name =
    callee.property.type === 'Identifier' && !callee.computed
      ? callee.property.name
      : callee.property.type === 'StringLiteral'
        ? callee.property.value
        : null;
  return name === 'open' ? callee.object : null;
}

/**
 * For a receiver the tool cannot trace: `open(METHOD, url)` with an upper-case method literal,
 * a lower-case one with a URL-looking second argument, or any method with the boolean async flag
 * (`req.open(method, url, true)`). `menu.open('search', …)` and `dialog.open('delete', {id})` are not.
 */
function looksLikeXhrOpen(method: Node, url: Node, third: Node | null, context: DetectorContext): boolean {
  const methods = context.evaluator.evaluate(method, context.scope).map((alt) => knownText(alt.v));
  if (methods.some((m) => m !== null && HTTP_METHOD.test(m))) return true;
  const urls = context.evaluator.evaluate(url, context.scope).map((alt) => knownText(alt.v));
  const urlLike = urls.some((u) => u !== null && URL_LIKE.test(u));
  if (urlLike && methods.some((m) => m !== null && HTTP_METHOD_ANY_CASE.test(m))) return true;
  if (third?.type === 'BooleanLiteral' && methods.every((m) => m === null || HTTP_METHOD_ANY_CASE.test(m)))
    return true;
  return false;
}

function isXhr(node: Node, scope: Scope, context: DetectorContext, hops: number): boolean {
  if (hops > MAX_HOPS) return false;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'NewExpression':
      return context.evaluator.refersTo(inner.callee, scope, 'XMLHttpRequest');
    case 'Identifier': {
      const binding = scope.lookup(inner.name);
      if (!binding || binding.path.length > 0) return false;
      if (binding.init && isXhr(binding.init, binding.scope, context, hops + 1)) return true;
      return binding.assignments.some(
        (a) => a.value !== null && !a.append && isXhr(a.value, a.scope, context, hops + 1),
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
