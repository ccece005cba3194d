// The finite set of strings an expression can produce, read from the types the checker gives it.
import type { ts } from 'ts-morph';
import type { TsApi } from './typed-config.js';

/** More values than this is no longer an exact list worth emitting one source each for. */
export const MAX_VALUES = 32;
const MAX_DEPTH = 24;

export interface TypedOutcome {
  /** Sorted, distinct; null when the type allows more than a finite list of values. */
  readonly values: readonly string[] | null;
  /**
   * The walk met the checker's error type (an unresolved import or name): a file the program has
   * not loaded may hold the answer.
   */
  readonly sawError: boolean;
}

type Values = Set<string> | null;

function intrinsicName(type: ts.Type): string | undefined {
  // Not in the public typings, but present on every intrinsic type (any, error, true, false...).
  const name: unknown = (type as ts.Type & { intrinsicName?: unknown }).intrinsicName;
  return typeof name === 'string' ? name : undefined;
}

function product(left: Values, right: Values): Values {
  if (left === null || right === null) return null;
  if (left.size * right.size > MAX_VALUES) return null;
  const out = new Set<string>();
  for (const a of left) for (const b of right) out.add(a + b);
  return out;
}

function union(parts: readonly Values[]): Values {
  const out = new Set<string>();
  for (const part of parts) {
    if (part === null) return null;
    for (const value of part) out.add(value);
    if (out.size > MAX_VALUES) return null;
  }
  return out;
}

class TypeReader {
  sawError = false;
  private readonly active = new Set<ts.Type | ts.Node>();

  constructor(
    private readonly tsApi: TsApi,
    private readonly checker: ts.TypeChecker,
  ) {}

  ofType(type: ts.Type, depth: number): Values {
    if (depth > MAX_DEPTH || this.active.has(type)) return null;
    this.active.add(type);
    try {
      return this.read(type, depth);
    } finally {
      this.active.delete(type);
    }
  }

  private read(type: ts.Type, depth: number): Values {
    const F = this.tsApi.TypeFlags;
    const flags = type.flags;
    if (flags & F.Any) {
      const name = intrinsicName(type);
      if (name === undefined || name === 'error') this.sawError = true;
      return null;
    }
    if (type.isUnion()) {
      if (type.types.length > MAX_VALUES) return null;
      return union(type.types.map((member) => this.ofType(member, depth + 1)));
    }
    if (type.isStringLiteral()) return new Set([type.value]);
    if (type.isNumberLiteral()) return new Set([String(type.value)]);
    if (flags & F.BigIntLiteral) {
      const { negative, base10Value } = (type as ts.BigIntLiteralType).value;
      return new Set([(negative ? '-' : '') + base10Value]);
    }
    if (flags & F.BooleanLiteral) {
      return new Set([intrinsicName(type) ?? this.checker.typeToString(type)]);
    }
    // The strings a template literal, String(x) or `${x}` would give.
    if (flags & F.Undefined) return new Set(['undefined']);
    if (flags & F.Null) return new Set(['null']);
    if (flags & F.TemplateLiteral) return this.template(type as ts.TemplateLiteralType, depth);
    if (type.isIntersection()) return this.intersection(type, depth);
    if (flags & (F.TypeParameter | F.IndexedAccess | F.Conditional | F.Substitution | F.Index)) {
      // Every value of a generic is a value of its constraint: an over-approximation, never a miss.
      const constraint = this.checker.getBaseConstraintOfType(type);
      return constraint && constraint !== type ? this.ofType(constraint, depth + 1) : null;
    }
    return null;
  }

  private template(type: ts.TemplateLiteralType, depth: number): Values {
    let out: Values = new Set([type.texts[0] ?? '']);
    type.types.forEach((hole, i) => {
      out = product(product(out, this.ofType(hole, depth + 1)), new Set([type.texts[i + 1] ?? '']));
    });
    return out;
  }

  /** A value of `A & B` is a value of each: the smallest finite member bounds it (a branded literal). */
  private intersection(type: ts.IntersectionType, depth: number): Values {
    let best: Values = null;
    for (const member of type.types) {
      const values = this.ofType(member, depth + 1);
      if (values !== null && (best === null || values.size < best.size)) best = values;
    }
    return best;
  }

  /** The type first; where it says only `string`, the expression's own shape (a template, `+`, a const). */
  ofExpression(node: ts.Node, depth: number): Values {
    if (depth > MAX_DEPTH || this.active.has(node)) return null;
    this.active.add(node);
    try {
      return this.ofType(this.checker.getTypeAtLocation(node), depth) ?? this.structural(node, depth);
    } finally {
      this.active.delete(node);
    }
  }

  private structural(node: ts.Node, depth: number): Values {
    const t = this.tsApi;
    const next = depth + 1;
    if (
      t.isParenthesizedExpression(node) ||
      t.isAsExpression(node) ||
      t.isSatisfiesExpression(node) ||
      t.isNonNullExpression(node) ||
      t.isTypeAssertionExpression(node)
    ) {
      // The value at run time is the inner expression's, whatever type the cast claims.
      return this.ofExpression(node.expression, next);
    }
    if (t.isTemplateExpression(node)) {
      let out: Values = new Set([node.head.text]);
      for (const span of node.templateSpans) {
        out = product(product(out, this.ofExpression(span.expression, next)), new Set([span.literal.text]));
        if (out === null) return null;
      }
      return out;
    }
    if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.PlusToken) {
      // Only a concatenation: a sum of numbers is not the concatenation of their digits.
      const type = this.checker.getTypeAtLocation(node);
      if (!(type.flags & t.TypeFlags.StringLike)) return null;
      return product(this.ofExpression(node.left, next), this.ofExpression(node.right, next));
    }
    if (t.isConditionalExpression(node)) {
      return union([this.ofExpression(node.whenTrue, next), this.ofExpression(node.whenFalse, next)]);
    }
    if (t.isIdentifier(node)) {
      const initializer = this.constInitializer(node);
      return initializer ? this.ofExpression(initializer, next) : null;
    }
    return null;
  }

  /** The initializer of the `const` an identifier names (its only value), wherever it is declared. */
  private constInitializer(node: ts.Identifier): ts.Expression | null {
    const t = this.tsApi;
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & t.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (!declaration || !t.isVariableDeclaration(declaration) || !declaration.initializer) return null;
    if (!t.isIdentifier(declaration.name)) return null;
    return t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const ? declaration.initializer : null;
  }
}

export function readLiteralValues(tsApi: TsApi, checker: ts.TypeChecker, node: ts.Node): TypedOutcome {
  const reader = new TypeReader(tsApi, checker);
  const found = reader.ofExpression(node, 0);
  const values = found === null || found.size === 0 ? null : [...found].sort();
  return { values, sawError: reader.sawError };
}
