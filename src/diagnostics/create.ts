import type { Diagnostic, Location } from '../types.js';
import { DIAGNOSTICS, type DiagnosticCode } from './registry.js';

export type DiagnosticArgs = Readonly<Record<string, string | number>>;

function fill(template: string, args: DiagnosticArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = args[name];
    return value === undefined ? whole : String(value);
  });
}

/** The one constructor: words come from the registry, never from the detection site. */
export function createDiagnostic(
  code: DiagnosticCode,
  args: DiagnosticArgs,
  location?: Location,
  frame?: string,
): Diagnostic {
  const spec = DIAGNOSTICS[code];
  return {
    code,
    severity: spec.severity,
    message: fill(spec.message, args),
    help: fill(spec.help, args),
    args,
    ...(location ? { location } : {}),
    ...(frame !== undefined ? { frame } : {}),
  };
}
