import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic, SourceFile } from '../types.js';
import { codeFrame } from '../util/frame.js';
import { parseScript, type ScriptLanguage } from './babel.js';
import { extractMarkup } from './html.js';
import type { ParsedModule, ScriptUnit } from './module.js';

export interface ParseOutcome {
  readonly module: ParsedModule;
  readonly diagnostics: readonly Diagnostic[];
}

/** Never throws on user code: what does not parse becomes a diagnostic, and the rest is kept. */
export function parseModule(file: SourceFile, text: string): ParseOutcome {
  const diagnostics: Diagnostic[] = [];
  const scripts: ScriptUnit[] = [];
  if (file.language === 'html') {
    let markup: ReturnType<typeof extractMarkup>;
    try {
      markup = extractMarkup(file, text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      diagnostics.push(
        createDiagnostic('parse-error', { file: file.path, reason }, { file: file.path, line: 1, column: 1 }),
      );
      return { module: { file, text, scripts, pings: [] }, diagnostics };
    }
    for (const inline of markup.scripts) {
      const language: ScriptLanguage = 'js';
      const result = parseScript(
        inline.code,
        inline.jsx ? 'jsx' : language,
        { startLine: inline.startLine, startColumn: inline.startColumn, startIndex: inline.startIndex },
        inline.kind === 'module' ? 'module' : 'script',
      );
      if (result.ok) {
        scripts.push({
          ast: result.ast,
          origin: inline.kind === 'event-handler' ? 'event-handler' : 'inline-script',
        });
      } else {
        diagnostics.push(parseError(file, text, result.reason, result.line, result.column));
      }
    }
    return { module: { file, text, scripts, pings: markup.pings }, diagnostics };
  }
  const result = parseScript(text, file.language);
  if (result.ok) scripts.push({ ast: result.ast, origin: 'file' });
  else diagnostics.push(parseError(file, text, result.reason, result.line, result.column));
  return { module: { file, text, scripts, pings: [] }, diagnostics };
}

function parseError(
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
