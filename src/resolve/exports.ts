import type { Node, Program } from '@babel/types';
import { VISITOR_KEYS } from '../parse/babel-ast.js';
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
  /** Top-level `var _x = require("./x")`: name -> specifier (Babel's `export *`, see babelStar). */
  const required = new Map<string, string>();
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
          const specifier = declarator.init ? requiredSpecifier(declarator.init) : null;
          if (declarator.id.type === 'Identifier' && specifier !== null)
            required.set(declarator.id.name, specifier);
        }
        break;
      case 'ExpressionStatement': {
        const getter = definedExport(statement.expression);
        const star = getter
          ? null
          : (exportStarSource(statement.expression) ?? babelStar(statement.expression, required));
        if (getter) set(getter.name, { kind: 'expression', node: getter.value });
        else if (star !== null) stars.push(star);
        else exportChain(statement.expression, set, (value) => (commonjs = value));
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

/**
 * tsc's CommonJS re-export, `Object.defineProperty(exports, "x", { enumerable: true, get:
 * function () { return m_1.x; } })`, or a `value:` instead of a getter: the export and the
 * expression it stands for. Only a getter without parameters whose body is one `return` of a
 * name or a chain of plain members (what tsc writes): that reads the same at the top level,
 * where an export's expression is evaluated. Anything else is not read as an export.
 */
function definedExport(expression: Node): { name: string; value: Node } | null {
  if (expression.type !== 'CallExpression' || expression.arguments.length !== 3) return null;
  const callee = expression.callee;
  if (
    callee.type !== 'MemberExpression' ||
    callee.object.type !== 'Identifier' ||
    callee.object.name !== 'Object' ||
    propertyKey(callee.property, callee.computed) !== 'defineProperty'
  )
    return null;
  const [target, key, descriptor] = expression.arguments;
  const onExports =
    (target?.type === 'Identifier' && target.name === 'exports') ||
    (target !== undefined && exportTarget(target) === 'module.exports');
  if (!onExports || key?.type !== 'StringLiteral' || descriptor?.type !== 'ObjectExpression') return null;
  // The interop marker tsc writes first, not an export.
  if (key.value === '__esModule') return null;
  for (const prop of descriptor.properties) {
    if (prop.type === 'ObjectProperty' && !prop.computed && propertyKey(prop.key, false) === 'value') {
      return { name: key.value, value: prop.value };
    }
    const fn =
      prop.type === 'ObjectMethod' && prop.kind === 'method'
        ? prop
        : prop.type === 'ObjectProperty' &&
            (prop.value.type === 'FunctionExpression' || prop.value.type === 'ArrowFunctionExpression')
          ? prop.value
          : null;
    if (!fn || !('key' in prop) || propertyKey(prop.key, prop.computed) !== 'get') continue;
    if (fn.params.length > 0) return null;
    const body = fn.body;
    const returned =
      body.type !== 'BlockStatement'
        ? body
        : body.body.length === 1 && body.body[0]?.type === 'ReturnStatement'
          ? body.body[0].argument
          : null;
    return returned && isPlainChain(returned) ? { name: key.value, value: returned } : null;
  }
  return null;
}

/**
 * tsc's CommonJS `export * from './x'`: `__exportStar(require("./x"), exports)`, also through
 * tslib (`tslib_1.__exportStar(…)`). The specifier, or null.
 */
function exportStarSource(expression: Node): string | null {
  if (expression.type !== 'CallExpression' || expression.arguments.length !== 2) return null;
  const callee = expression.callee;
  const name = callee.type === 'Identifier' ? callee.name : plainProperty(callee);
  if (name !== '__exportStar') return null;
  const [required, target] = expression.arguments;
  if (target?.type !== 'Identifier' || target.name !== 'exports' || !required) return null;
  return requiredSpecifier(required);
}

/** `require("x")` -> "x"; else null. */
function requiredSpecifier(node: Node): string | null {
  if (
    node.type !== 'CallExpression' ||
    node.callee.type !== 'Identifier' ||
    node.callee.name !== 'require' ||
    node.arguments.length !== 1 ||
    node.arguments[0]?.type !== 'StringLiteral'
  )
    return null;
  return node.arguments[0].value;
}

/**
 * Babel's CommonJS `export * from './x'`: `var _x = require("./x");` then
 * `Object.keys(_x).forEach(function (key) { … exports[key] = _x[key] or Object.defineProperty(exports, key, …) })`.
 * The specifier when the callback writes to `exports`, else null.
 */
function babelStar(expression: Node, required: ReadonlyMap<string, string>): string | null {
  if (expression.type !== 'CallExpression' || expression.arguments.length !== 1) return null;
  const forEach = expression.callee;
  if (forEach.type !== 'MemberExpression' || plainProperty(forEach) !== 'forEach') return null;
  const keys = forEach.object;
  if (
    keys.type !== 'CallExpression' ||
    keys.callee.type !== 'MemberExpression' ||
    plainProperty(keys.callee) !== 'keys' ||
    keys.callee.object.type !== 'Identifier' ||
    keys.callee.object.name !== 'Object' ||
    keys.arguments[0]?.type !== 'Identifier'
  )
    return null;
  const specifier = required.get(keys.arguments[0].name);
  const callback = expression.arguments[0];
  if (specifier === undefined || !callback || !mentionsExports(callback)) return null;
  return specifier;
}

/** Does the subtree read the name `exports` anywhere? */
function mentionsExports(root: Node): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      stack.push(...(value as unknown[]));
      continue;
    }
    const node = value as Node;
    if (node.type === 'Identifier' && node.name === 'exports') return true;
    for (const key of VISITOR_KEYS[node.type] ?? [])
      stack.push((node as unknown as Record<string, unknown>)[key]);
  }
  return false;
}

/** A name, or plain member reads of one: `m_1.x`, `m_1.default.x`. */
function isPlainChain(node: Node): boolean {
  if (node.type === 'Identifier') return true;
  return node.type === 'MemberExpression' && plainProperty(node) !== null && isPlainChain(node.object);
}

/** The property of a plain member read (`a.name`, not `a[k]` or `a['name']`), or null. */
function plainProperty(node: Node): string | null {
  return node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier'
    ? node.property.name
    : null;
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
