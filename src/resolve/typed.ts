// Typed mode: asks the TypeScript type checker for the finite set of values a sink argument can take
// when the abstract evaluator could not resolve it (`region: 'eu' | 'us'`, an enum, a template
// literal type). The checker is expensive, so nothing here is loaded, parsed or checked before the
// first question, and then only the files that question needs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { Project, ts } from 'ts-morph';
import { extensionOf, resolvePath } from '../util/paths.js';
import { ConfigFinder, type TsApi } from './typed-config.js';
import { unloadedDependencies } from './typed-deps.js';
import { findExpression } from './typed-node.js';
import { readLiteralValues } from './typed-values.js';

export interface TypedStats {
  /** Source files in the programs built so far (lib and declaration files included). */
  readonly files: number;
  /** Files added to a program on purpose: the queried files and, on demand, what they import. */
  readonly roots: number;
  /** One per config file (tsconfig.json) the queried files belong to, plus one for files outside any. */
  readonly projects: number;
  /** Programs (and checkers) built: one per new set of roots a query needed. */
  readonly programs: number;
  /** Loading ts-morph and TypeScript, creating projects, adding files, building programs and checkers. */
  readonly createMs: number;
  /** Finding the expression and reading its type, once the program is there. */
  readonly queryMs: number;
  readonly queries: number;
  /**
   * Queries that failed inside TypeScript or on a missing file (each answered null), and prepared
   * files that could not be added.
   */
  readonly failures: number;
}

export interface TypedOptions {
  /**
   * How a program gets the files a queried file imports. `on-demand` (the default) starts with the
   * queried file alone (`noResolve`) and, only while the answer meets an unresolved name, adds the
   * modules that name comes from, a step at a time; `compiler` lets the compiler load every file
   * the queried files import, transitively.
   */
  readonly dependencies?: 'on-demand' | 'compiler';
  /** How many times `on-demand` may add files for one query. */
  readonly maxImportDepth?: number;
}

type TsMorph = typeof import('ts-morph');

const TYPED_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const DEFAULT_IMPORT_DEPTH = 4;

/** One ts-morph project per config file: its options, its files, and what on-demand loading added. */
class TypedProject {
  readonly roots = new Set<string>();
  private readonly resolutionCache: ts.ModuleResolutionCache;
  private built: { program: ts.Program; checker: ts.TypeChecker } | null = null;
  files = 0;
  programs = 0;

  constructor(
    private readonly tsApi: TsApi,
    readonly project: Project,
    private readonly options: ts.CompilerOptions,
    private readonly onDemand: boolean,
  ) {
    this.resolutionCache = tsApi.createModuleResolutionCache(
      tsApi.sys.getCurrentDirectory(),
      (name) => name,
      options,
    );
  }

  addRoot(absPath: string): void {
    if (this.roots.has(absPath)) return;
    this.project.addSourceFileAtPath(absPath);
    this.roots.add(absPath);
    this.built = null;
  }

  /** Whether the next `checker()` builds a program (ts-morph rebuilds it after a root is added). */
  get stale(): boolean {
    return this.built === null;
  }

  /** The files the last program read (sources, declarations, lib files), absolute. */
  programFiles(): string[] {
    return this.built ? this.built.program.getSourceFiles().map((f) => f.fileName) : [];
  }

  checker(): { program: ts.Program; checker: ts.TypeChecker } {
    if (this.built === null) {
      const program = this.project.getProgram().compilerObject;
      this.built = { program, checker: program.getTypeChecker() };
      this.files = program.getSourceFiles().length;
      this.programs++;
    }
    return this.built;
  }

  /**
   * Adds the files the expression's type depends on that the program lacks: the modules its names
   * are imported from, followed through their declarations. When that finds none, the modules the
   * queried file imports for their side effects (a `declare global` may live there). Returns how
   * many files were added.
   */
  loadDependencies(program: ts.Program, checker: ts.TypeChecker, node: ts.Node, absPath: string): number {
    let needed = unloadedDependencies(
      {
        tsApi: this.tsApi,
        checker,
        program,
        resolve: (source, specifier) => this.resolveSpecifier(source, specifier),
        isLoaded: (file) => this.roots.has(file),
      },
      node,
    );
    if (needed.size === 0) needed = new Set(this.sideEffectImports(program.getSourceFile(absPath)));
    let added = 0;
    for (const file of needed) {
      if (this.roots.has(file)) continue;
      this.addRoot(file);
      added++;
    }
    return added;
  }

  get isOnDemand(): boolean {
    return this.onDemand;
  }

  private sideEffectImports(source: ts.SourceFile | undefined): string[] {
    const t = this.tsApi;
    const out: string[] = [];
    for (const statement of source?.statements ?? []) {
      if (!source || !t.isImportDeclaration(statement) || statement.importClause) continue;
      if (!t.isStringLiteralLike(statement.moduleSpecifier)) continue;
      const file = this.resolveSpecifier(source, statement.moduleSpecifier);
      if (file !== null) out.push(file);
    }
    return out;
  }

  /** The file an import resolves to with the project's options (paths, baseUrl...), or null. */
  private resolveSpecifier(source: ts.SourceFile, specifier: ts.StringLiteralLike): string | null {
    const t = this.tsApi;
    const mode = t.getModeForUsageLocation(source, specifier, this.options);
    const resolved = t.resolveModuleName(
      specifier.text,
      source.fileName,
      this.options,
      t.sys,
      this.resolutionCache,
      undefined,
      mode,
    ).resolvedModule;
    if (!resolved || resolved.extension === t.Extension.Json) return null;
    // A package's JavaScript is not what the compiler reads for its types either.
    if (resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith('.d.ts')) return null;
    return resolvePath(resolved.resolvedFileName);
  }
}

export class TypedResolver {
  private morph: TsMorph | null = null;
  private configs: ConfigFinder | null = null;
  private readonly projects = new Map<string, TypedProject>();
  private readonly bomShift = new Map<string, number>();
  private readonly pending = new Set<string>();
  private readonly dependencies: 'on-demand' | 'compiler';
  private readonly maxImportDepth: number;
  private counters = { createMs: 0, queryMs: 0, queries: 0, failures: 0 };

  /** Cheap: loads, reads and creates nothing until the first query. */
  constructor(
    private readonly root: string,
    options: TypedOptions = {},
  ) {
    this.dependencies = options.dependencies ?? 'on-demand';
    this.maxImportDepth = options.maxImportDepth ?? DEFAULT_IMPORT_DEPTH;
  }

  /**
   * The finite set of string values the type checker allows for the expression spanning
   * [start, end) (UTF-16 offsets into the file's text as read from disk) in `absPath`, sorted, or
   * null when its type is not a finite union of literal types (string, any, unknown, a union of
   * more than 32...). Number, boolean, null and undefined literals count, as the strings a template
   * literal would make of them. Never throws: a failure is counted and answered null.
   */
  literalValues(absPath: string, start: number, end: number): readonly string[] | null {
    this.counters.queries++;
    const began = performance.now();
    const createdBefore = this.counters.createMs;
    try {
      return this.answer(resolvePath(this.root, absPath), start, end);
    } catch {
      this.counters.failures++;
      return null;
    } finally {
      const spent = performance.now() - began;
      this.counters.queryMs += spent - (this.counters.createMs - createdBefore);
    }
  }

  /**
   * Says which files will be queried, so that the first query builds one program for all of them
   * instead of one more program per new file. Loads nothing itself: without a query, nothing is.
   */
  prepare(absPaths: readonly string[]): void {
    for (const absPath of absPaths) {
      const full = resolvePath(this.root, absPath);
      if (TYPED_EXTENSIONS.has(extensionOf(full))) this.pending.add(full);
    }
  }

  /**
   * Every file the checker's answers depend on: the programs' files and their config files. A
   * cached typed answer holds only while none of them changes.
   */
  readFiles(): string[] {
    const files = new Set<string>();
    for (const [config, project] of this.projects) {
      if (config !== '') files.add(config);
      for (const file of project.programFiles()) files.add(file);
    }
    return [...files].sort();
  }

  get stats(): TypedStats {
    let files = 0;
    let roots = 0;
    let programs = 0;
    for (const project of this.projects.values()) {
      files += project.files;
      roots += project.roots.size;
      programs += project.programs;
    }
    return { ...this.counters, files, roots, programs, projects: this.projects.size };
  }

  private answer(absPath: string, start: number, end: number): readonly string[] | null {
    if (!TYPED_EXTENSIONS.has(extensionOf(absPath))) return null;
    const project = this.projectFor(absPath);
    if (!project.roots.has(absPath)) this.timed(() => project.addRoot(absPath));
    if (this.pending.size > 0) this.addPending();
    const tsApi = this.loaded().ts;
    for (let depth = 0; ; depth++) {
      const { program, checker } = project.stale ? this.timed(() => project.checker()) : project.checker();
      const source = program.getSourceFile(absPath);
      if (!source) throw new Error(`not in the program: ${absPath}`);
      const shift = this.shiftFor(absPath, source);
      const node = findExpression(tsApi, source, start - shift, end - shift);
      if (!node) return null;
      const outcome = readLiteralValues(tsApi, checker, node);
      if (outcome.values !== null || !outcome.sawError || !project.isOnDemand) return outcome.values;
      if (depth >= this.maxImportDepth) return null;
      const added = this.timed(() => project.loadDependencies(program, checker, node, absPath));
      if (added === 0) return null;
    }
  }

  /** Adds the prepared files, each to the project of its own config; one that fails is dropped. */
  private addPending(): void {
    const files = [...this.pending];
    this.pending.clear();
    for (const file of files) {
      try {
        const project = this.projectFor(file);
        if (!project.roots.has(file)) this.timed(() => project.addRoot(file));
      } catch {
        this.counters.failures++;
      }
    }
  }

  /**
   * Offsets count from the text on disk. TypeScript's own file system drops a UTF-8 byte-order
   * mark, ts-morph's keeps it: the caller's offsets are moved onto the text that was parsed.
   */
  private shiftFor(absPath: string, source: ts.SourceFile): number {
    let shift = this.bomShift.get(absPath);
    if (shift === undefined) {
      const diskHasBom = readFileSync(absPath, 'utf8').startsWith('\uFEFF');
      shift = diskHasBom && !source.text.startsWith('\uFEFF') ? 1 : 0;
      this.bomShift.set(absPath, shift);
    }
    return shift;
  }

  private loaded(): TsMorph {
    // Required, not imported: a run that never asks a typed question never loads TypeScript.
    this.morph ??= createRequire(import.meta.url)('ts-morph') as TsMorph;
    return this.morph;
  }

  private projectFor(absPath: string): TypedProject {
    if (this.configs === null) {
      const tsApi = this.timed(() => this.loaded().ts);
      this.configs = new ConfigFinder(tsApi);
    }
    const configs = this.configs;
    const setup = configs.known(absPath) ?? this.timed(() => configs.setupFor(absPath));
    const key = setup.configPath ?? '';
    const known = this.projects.get(key);
    if (known) return known;
    return this.timed(() => {
      const morph = this.loaded();
      const onDemand = this.dependencies === 'on-demand';
      const options: ts.CompilerOptions = { ...setup.options, noResolve: onDemand };
      const created = new morph.Project({
        compilerOptions: options,
        skipAddingFilesFromTsConfig: true,
        skipFileDependencyResolution: true,
      });
      const project = new TypedProject(morph.ts, created, options, onDemand);
      this.projects.set(key, project);
      return project;
    });
  }

  private timed<T>(work: () => T): T {
    const began = performance.now();
    try {
      return work();
    } finally {
      this.counters.createMs += performance.now() - began;
    }
  }
}
