// Which files an expression's type depends on that the program has not loaded yet: the modules of
// the imports its names come from, followed through the declarations those names lead to. On-demand
// loading adds these instead of every import of the file.
import type { ts } from 'ts-morph';
import type { TsApi } from './typed-config.js';

/** Enough for a long chain of declarations; a bound, not a goal. */
const MAX_VISITED_NODES = 20_000;

export interface DependencyContext {
  readonly tsApi: TsApi;
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  /** The file an import resolves to with the project's options, or null. */
  readonly resolve: (source: ts.SourceFile, specifier: ts.StringLiteralLike) => string | null;
  readonly isLoaded: (absPath: string) => boolean;
}

/** The module an import or re-export declaration names, for the declaration of an alias. */
function moduleSpecifierOf(tsApi: TsApi, declaration: ts.Node): ts.StringLiteralLike | null {
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (tsApi.isImportDeclaration(node) || tsApi.isExportDeclaration(node)) {
      const specifier = node.moduleSpecifier;
      return specifier && tsApi.isStringLiteralLike(specifier) ? specifier : null;
    }
    if (tsApi.isImportEqualsDeclaration(node)) {
      const reference = node.moduleReference;
      return tsApi.isExternalModuleReference(reference) && tsApi.isStringLiteralLike(reference.expression)
        ? reference.expression
        : null;
    }
    if (tsApi.isSourceFile(node)) return null;
  }
  return null;
}

/**
 * Whether walking a declaration can tell more about a value's type. A class, interface, enum or
 * namespace is reached member by member through the names that use it, never walked whole.
 */
function worthWalking(tsApi: TsApi, declaration: ts.Node): boolean {
  return !(
    tsApi.isClassDeclaration(declaration) ||
    tsApi.isClassExpression(declaration) ||
    tsApi.isInterfaceDeclaration(declaration) ||
    tsApi.isEnumDeclaration(declaration) ||
    tsApi.isModuleDeclaration(declaration) ||
    tsApi.isSourceFile(declaration)
  );
}

export function unloadedDependencies(context: DependencyContext, node: ts.Node): Set<string> {
  const { tsApi, checker, program } = context;
  const needed = new Set<string>();
  const walked = new Set<ts.Node>();
  const symbols = new Set<ts.Symbol>();
  let budget = MAX_VISITED_NODES;

  const followSymbol = (symbol: ts.Symbol): void => {
    if (symbols.has(symbol)) return;
    symbols.add(symbol);
    for (const declaration of symbol.declarations ?? []) {
      const source = declaration.getSourceFile();
      // What the compiler's own libraries and packages declare is loaded with them, or not at all.
      if (program.isSourceFileDefaultLibrary(source) || program.isSourceFileFromExternalLibrary(source))
        continue;
      if (symbol.flags & tsApi.SymbolFlags.Alias) {
        const specifier = moduleSpecifierOf(tsApi, declaration);
        const file = specifier ? context.resolve(source, specifier) : null;
        if (file !== null && !context.isLoaded(file)) needed.add(file);
      } else if (worthWalking(tsApi, declaration)) {
        walk(declaration);
      }
    }
    if (symbol.flags & tsApi.SymbolFlags.Alias) {
      const next = checker.getImmediateAliasedSymbol(symbol);
      if (next && next !== symbol) followSymbol(next);
    }
  };

  const walk = (start: ts.Node): void => {
    if (walked.has(start)) return;
    walked.add(start);
    const visit = (current: ts.Node): void => {
      if (--budget < 0) return;
      if (tsApi.isIdentifier(current)) {
        const symbol = checker.getSymbolAtLocation(current);
        if (symbol) followSymbol(symbol);
        return;
      }
      current.forEachChild(visit);
    };
    visit(start);
  };

  walk(node);
  return needed;
}
