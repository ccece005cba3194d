import { parseSourceExpression } from './grammar.js';

/**
 * Why a user-supplied `allow` entry cannot go into connect-src, or null when it can.
 * Keywords other than 'self' either mean nothing for connections or weaken the policy.
 */
export function allowProblem(source: string): string | null {
  const parsed = parseSourceExpression(source);
  if (!parsed) return 'not a valid CSP source expression';
  if (parsed.type === 'keyword' && parsed.keyword !== "'self'")
    return `${parsed.keyword} does not belong in connect-src`;
  if (parsed.type === 'nonce' || parsed.type === 'hash')
    return 'nonces and hashes do not apply to connections';
  if (parsed.type === 'host' && parsed.host === '*' && parsed.scheme === null)
    return "'*' allows every origin; list the origins instead";
  return null;
}
