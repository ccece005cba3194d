import { createRequire } from 'node:module';
import type { ParserOptions, ParserPlugin } from '@babel/parser';
import type { File } from '@babel/types';
import type { Language } from '../types.js';
import { type CodeCached, requireWithCodeCache, TOOL_CACHE_DIR } from '../util/code-cache.js';

/** The languages @babel/parser reads directly; markup files are split into these first. */
export type ScriptLanguage = Exclude<Language, 'html' | 'vue' | 'svelte'>;

const COMMON: ParserPlugin[] = [
  'decorators-legacy',
  // `accessor url = …` (TypeScript 4.9+ and the decorators proposal): without it the file fails.
  'decoratorAutoAccessors',
  'explicitResourceManagement',
  'importReflection',
  'sourcePhaseImports',
];

/** The plugin set per language: a .ts file is not JSX (`<T>x` is a cast there); .tsx is. */
function pluginsFor(language: ScriptLanguage, flow: boolean): ParserPlugin[] {
  switch (language) {
    case 'ts':
      return ['typescript', ...COMMON];
    case 'tsx':
      return ['typescript', 'jsx', ...COMMON];
    default:
      return flow ? ['jsx', 'flow', ...COMMON] : ['jsx', ...COMMON];
  }
}

export interface ScriptPosition {
  /** 1-based line and 0-based column where the script text starts in its file. */
  readonly startLine: number;
  readonly startColumn: number;
  /** Offset of the script text in its file, so node.start/end index the original text. */
  readonly startIndex: number;
}

export type BabelResult =
  | { readonly ok: true; readonly ast: File }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly line: number;
      /** 1-based. */
      readonly column: number;
      /** Offset of the error in the file (startIndex included), for callers that map positions. */
      readonly index: number;
    };

/**
 * Parses with error recovery. Plain .js may hold Flow annotations (React Native and older React code),
 * so a .js file that fails as JSX gets one more try with the Flow plugin.
 */
export function parseScript(
  code: string,
  language: ScriptLanguage,
  position: ScriptPosition = { startLine: 1, startColumn: 0, startIndex: 0 },
  sourceType: 'module' | 'script' | 'unambiguous' = 'unambiguous',
): BabelResult {
  const first = attempt(code, language, false, position, sourceType);
  if (first.ok || language !== 'js') return first;
  const withFlow = attempt(code, language, true, position, sourceType);
  return withFlow.ok ? withFlow : first;
}

function attempt(
  code: string,
  language: ScriptLanguage,
  flow: boolean,
  position: ScriptPosition,
  sourceType: 'module' | 'script' | 'unambiguous',
): BabelResult {
  const options: ParserOptions = {
    sourceType,
    errorRecovery: true,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    allowSuperOutsideMethod: true,
    allowUndeclaredExports: true,
    allowNewTargetOutsideFunction: true,
    attachComment: false,
    startLine: position.startLine,
    startColumn: position.startColumn,
    startIndex: position.startIndex,
    plugins: pluginsFor(language, flow),
  };
  try {
    return { ok: true, ast: babel().parse(code, options) };
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number; index?: number } }).loc;
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: message.replace(/\s*\(\d+:\d+\)\s*$/, ''),
      line: loc?.line ?? position.startLine,
      column: (loc?.column ?? position.startColumn) + 1,
      index: loc?.index ?? position.startIndex,
    };
  }
}

let parser: typeof import('@babel/parser') | null = null;
let compiled: CodeCached<unknown> | null = null;

/**
 * Writes the parser's compiled code for later processes (see requireWithCodeCache), if this one
 * loaded the parser and compiled it. Called once a scan is done: the cache holds the functions
 * compiled when it is written, and is not written again for the same parser.
 */
export function saveParserCode(): void {
  compiled?.save();
}

/**
 * @babel/parser, loaded on the first parse: a warm run that parses nothing (the common case in a
 * pre-commit hook) does not pay the 12 ms it takes to load. Its compiled code is kept with the
 * tool's own files (node_modules/.cache/csp-connect-code below the package), never in the scan's
 * cache location: compiled code is as trusted as the folder it is read from.
 */
function babel(): typeof import('@babel/parser') {
  if (parser) return parser;
  const require = createRequire(import.meta.url);
  try {
    const loaded = requireWithCodeCache<typeof import('@babel/parser')>(
      require.resolve('@babel/parser'),
      TOOL_CACHE_DIR,
    );
    parser = loaded.exports;
    compiled = loaded;
  } catch {
    parser = require('@babel/parser') as typeof import('@babel/parser');
  }
  return parser;
}
