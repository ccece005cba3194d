// A local reading of a serialized policy (CSP3 "parse a serialized CSP") for renderers that
// need it directive by directive. TODO: use parsePolicy from src/csp/policy.ts once it lands.

export interface PolicyDirective {
  /** Lowercased, as browsers compare directive names. */
  readonly name: string;
  readonly values: readonly string[];
}

const ASCII_WHITESPACE = /[\t\n\f\r ]+/;

/** Directives in policy order; a repeated directive is dropped, as browsers ignore it. */
export function splitPolicy(policy: string): PolicyDirective[] {
  const out: PolicyDirective[] = [];
  const seen = new Set<string>();
  for (const part of policy.split(';')) {
    const tokens = part.split(ASCII_WHITESPACE).filter((t) => t !== '');
    const [first, ...values] = tokens;
    if (first === undefined) continue;
    const name = first.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, values });
  }
  return out;
}
