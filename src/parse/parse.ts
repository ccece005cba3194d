import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic, SourceFile } from '../types.js';
import { parseScript, type ScriptLanguage } from './babel.js';
import { parseComponent } from './component.js';
import { extractMarkup } from './html.js';
import type { ParsedModule, ScriptUnit } from './module.js';
import { parseError } from './parse-error.js';
import { scanSvelte } from './svelte.js';
import type { ComponentParts } from './template-code.js';
import { scanVue } from './vue.js';

export interface ParseOutcome {
  readonly module: ParsedModule;
  readonly diagnostics: readonly Diagnostic[];
}

/** Never throws on user code: what does not parse becomes a diagnostic, and the rest is kept. */
export function parseModule(file: SourceFile, text: string): ParseOutcome {
  const diagnostics: Diagnostic[] = [];
  const scripts: ScriptUnit[] = [];
  if (file.language === 'vue' || file.language === 'svelte') {
    let parts: ComponentParts;
    try {
      parts = file.language === 'vue' ? scanVue(file, text) : scanSvelte(file, text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      diagnostics.push(
        createDiagnostic('parse-error', { file: file.path, reason }, { file: file.path, line: 1, column: 1 }),
      );
      return { module: { file, text, scripts, pings: [] }, diagnostics };
    }
    return parseComponent(file, text, parts);
  }
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
