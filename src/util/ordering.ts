import type { Diagnostic, Finding, Location } from '../types.js';

/** Code-unit order: the same everywhere, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareLocations(a: Location | undefined, b: Location | undefined): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareLocations(a.location, b.location) ||
    compareStrings(a.sink, b.sink) ||
    compareStrings(a.value, b.value) ||
    compareStrings(a.source ?? '', b.source ?? '') ||
    compareStrings(traceKey(a), traceKey(b))
  );
}

/** The same target reached two ways (two wrappers, say) differs only in its trace. */
function traceKey(f: Finding): string {
  return f.trace
    .map((s) => `${s.location.file}:${s.location.line}:${s.location.column} ${s.note}`)
    .join('\n');
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareLocations(a.location, b.location) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}
