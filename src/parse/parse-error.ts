import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic, SourceFile } from '../types.js';
import { codeFrame } from '../util/frame.js';

/** A `parse-error` at a 1-based line and column of the original file, with its code frame. */
export function parseError(
  file: SourceFile,
  text: string,
  reason: string,
  line: number,
  column: number,
): Diagnostic {
  return createDiagnostic(
    'parse-error',
    { file: file.path, reason },
    { file: file.path, line, column },
    codeFrame(text, line, column),
  );
}
