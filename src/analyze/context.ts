import type { File, Node } from '@babel/types';
import type { ParsedModule } from '../parse/module.js';

// Modules only Node.js (or a server framework) provides: a browser bundle cannot import them.
const SERVER_MODULES = new Set([
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'tls',
  'http',
  'https',
  'http2',
  'dgram',
  'cluster',
  'worker_threads',
  'os',
  'readline',
  'vm',
  'express',
  'koa',
  'fastify',
  '@nestjs/core',
  '@hapi/hapi',
]);

/**
 * Why a file is server code (a `node:` or server-only import, a shebang), or null. Its connections
 * are made by a server, not by the page, so they do not belong in the page's connect-src.
 */
export function serverCodeReason(ast: File, text: string): string | null {
  if (text.startsWith('#!')) return 'it starts with a #! line';
  for (const statement of ast.program.body) {
    const source = importedModule(statement);
    if (source !== null && (source.startsWith('node:') || SERVER_MODULES.has(source))) {
      return `it imports '${source}'`;
    }
  }
  return null;
}

function importedModule(statement: Node): string | null {
  if (statement.type === 'ImportDeclaration') return statement.source.value;
  if (statement.type !== 'VariableDeclaration') return null;
  const init = statement.declarations[0]?.init;
  if (
    init?.type === 'CallExpression' &&
    init.callee.type === 'Identifier' &&
    init.callee.name === 'require' &&
    init.arguments[0]?.type === 'StringLiteral'
  ) {
    return init.arguments[0].value;
  }
  return null;
}

const WORKER_NAME = /(^|[/._-])(service-?worker|sw|worker|shared-?worker)\.[mc]?[jt]sx?$/i;

/**
 * Why a file runs in a worker (its name, `importScripts`, a service worker's fetch or install
 * handler), or null. Connections there are governed by the policy served with the worker script.
 */
export function workerReason(path: string, text: string): string | null {
  if (WORKER_NAME.test(path)) return 'the file is named as a worker';
  if (/\bimportScripts\s*\(/.test(text)) return 'it calls importScripts()';
  if (/\bself\.addEventListener\(\s*['"](fetch|install|activate|push)['"]/.test(text))
    return 'it handles service-worker events';
  return null;
}

/** serverCodeReason for a parsed file: read from its first script's top level (none for HTML). */
export function serverReasonOf(module: ParsedModule): string | null {
  const first = module.scripts[0];
  return module.file.language !== 'html' && first ? serverCodeReason(first.ast, module.text) : null;
}
