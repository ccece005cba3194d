import type { Node, Program } from '@babel/types';
import { propertyKey } from '../analyze/walk.js';

/** Where an exported name's value lives. */
export type ExportEntry =
  | { readonly kind: 'local'; readonly name: string }
  | { readonly kind: 'expression'; readonly node: Node }
  | { readonly kind: 'reexport'; readonly from: string; readonly name: string }
  | { readonly kind: 'namespace'; readonly from: string };

export interface ModuleExports {
  readonly named: ReadonlyMap<string, ExportEntry>;
  /** `export * from '...'` sources, searched in order for names not found above. */
  readonly stars: readonly string[];
  /** `module.exports = value` / `export = value`: the whole CommonJS export. */
  readonly commonjs: Node | null;
}

/** Reads a module's exports from its top-level statements (ES modules and CommonJS). */
export function collectExports(program: Program): ModuleExports {
  const named = new Map<string, ExportEntry>();
  const stars: string[] = [];
  let commonjs: Node | null = null;
  const set = (name: string, entry: ExportEntry): void => {
    if (!named.has(name)) named.set(name, entry);
  };
  for (const statement of program.body) {
    switch (statement.type) {
      case 'ExportNamedDeclaration': {
        if (statement.exportKind === 'type') break;
        const from = statement.source?.value ?? null;
        const declaration = statement.declaration;
        if (declaration) {
          if (declaration.type === 'VariableDeclaration') {
            for (const d of declaration.declarations)
              for (const name of patternNames(d.id)) set(name, { kind: 'local', name });
          } else if ('id' in declaration && declaration.id && declaration.id.type === 'Identifier') {
            set(declaration.id.name, { kind: 'local', name: declaration.id.name });
          }
        }
        for (const spec of statement.specifiers) {
          if (spec.type === 'ExportSpecifier') {
            if (spec.exportKind === 'type') continue;
            const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
            // `export { 'get' as load } from './http'`: a string names the other module's export
            // (Babel's types say Identifier; the parser gives a StringLiteral).
            const written = spec.local as { type: string; name?: string; value?: string };
            const local = written.type === 'StringLiteral' ? (written.value ?? '') : (written.name ?? '');
            set(exported, from ? { kind: 'reexport', from, name: local } : { kind: 'local', name: local });
          } else if (spec.type === 'ExportNamespaceSpecifier' && from) {
            set(spec.exported.name, { kind: 'namespace', from });
          } else if (spec.type === 'ExportDefaultSpecifier' && from) {
            set(spec.exported.name, { kind: 'reexport', from, name: 'default' });
          }
        }
        break;
      }
      case 'ExportDefaultDeclaration': {
        const declaration = statement.declaration;
        if (
          (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') &&
          declaration.id
        ) {
          set('default', { kind: 'local', name: declaration.id.name });
        } else {
          set('default', { kind: 'expression', node: declaration });
        }
        break;
      }
      case 'ExportAllDeclaration':
        if (statement.exportKind !== 'type') stars.push(statement.source.value);
        break;
      case 'TSExportAssignment':
        commonjs = statement.expression;
        break;
      case 'VariableDeclaration':
        // Babel's `const API = exports.API = "…";` and `var _default = exports.default = …;`.
        for (const declarator of statement.declarations) {
          if (declarator.init) exportChain(declarator.init, set, (value) => (commonjs = value));
        }
        break;
      case 'ExpressionStatement': {
        exportChain(statement.expression, set, (value) => (commonjs = value));
        break;
      }
      default:
        break;
    }
  }
  return { named, stars, commonjs };
}

/**
 * An assignment to exports: `exports.a = exports.b = value` exports value under both names. tsc and
 * Babel first write `exports.a = exports.b = void 0;` (a placeholder), then the value: a
 * placeholder is not an export's value, or a later `exports.a = get` would never be seen.
 */
function exportChain(
  expression: Node,
  set: (name: string, entry: ExportEntry) => void,
  setCommonjs: (value: Node) => void,
): void {
  const targets: Node[] = [];
  let value: Node = expression;
  while (
    value.type === 'AssignmentExpression' &&
    value.operator === '=' &&
    value.left.type === 'MemberExpression'
  ) {
    targets.push(value.left);
    value = value.right;
  }
  if (targets.length === 0 || isPlaceholder(value)) return;
  for (const left of targets) {
    const target = exportTarget(left);
    if (target === 'module.exports') setCommonjs(value);
    else if (target !== null) set(target, { kind: 'expression', node: value });
  }
}

/** `void 0` or `undefined`: what compilers assign to exports before their values. */
function isPlaceholder(node: Node): boolean {
  return (
    (node.type === 'UnaryExpression' &&
      node.operator === 'void' &&
      node.argument.type === 'NumericLiteral') ||
    (node.type === 'Identifier' && node.name === 'undefined')
  );
}

/** `module.exports` -> 'module.exports'; `exports.x` / `module.exports.x` -> 'x'; else null. */
function exportTarget(node: Node): string | null {
  if (node.type !== 'MemberExpression') return null;
  const key = propertyKey(node.property, node.computed);
  const object = node.object;
  if (object.type === 'Identifier' && object.name === 'module' && key === 'exports') return 'module.exports';
  if (object.type === 'Identifier' && object.name === 'exports') return key;
  if (exportTarget(object) === 'module.exports') return key;
  return null;
}

function patternNames(pattern: Node): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? patternNames(e) : []));
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'RestElement':
      return patternNames(pattern.argument);
    default:
      return [];
  }
}
