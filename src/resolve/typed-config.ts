// Which compiler options a file is type-checked with in typed mode: those of its nearest tsconfig.json
// (or jsconfig.json), so that paths, baseUrl and strictness give the literal types the project sees.
import type { ts } from 'ts-morph';
import { dirnameOf, resolvePath } from '../util/paths.js';

export type TsApi = typeof ts;

export interface CompilerSetup {
  /** The config file the options come from, or null for the defaults of a file outside any. */
  readonly configPath: string | null;
  readonly options: ts.CompilerOptions;
}

/** Options that hold whatever the config says: typed mode reads types and never emits. */
const OVERRIDES: ts.CompilerOptions = { noEmit: true, allowJs: true, checkJs: false };

function defaults(tsApi: TsApi): ts.CompilerOptions {
  return {
    target: tsApi.ScriptTarget.ES2022,
    module: tsApi.ModuleKind.ESNext,
    moduleResolution: tsApi.ModuleResolutionKind.Bundler,
    jsx: tsApi.JsxEmit.Preserve,
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
  };
}

/** Finds and parses config files, each once. */
export class ConfigFinder {
  private readonly parsed = new Map<string, ts.ParsedCommandLine | null>();
  private readonly byFile = new Map<string, CompilerSetup>();
  private readonly host: ts.ParseConfigFileHost;

  constructor(private readonly tsApi: TsApi) {
    // Config errors are the project's business: whatever options parse are used.
    this.host = { ...tsApi.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  }

  /** The setup already worked out for a file, if any. */
  known(absPath: string): CompilerSetup | undefined {
    return this.byFile.get(absPath);
  }

  setupFor(absPath: string): CompilerSetup {
    let setup = this.byFile.get(absPath);
    if (setup === undefined) {
      setup = this.find(absPath);
      this.byFile.set(absPath, setup);
    }
    return setup;
  }

  private find(absPath: string): CompilerSetup {
    const dir = dirnameOf(absPath);
    const exists = (file: string): boolean => this.tsApi.sys.fileExists(file);
    const nearest =
      this.tsApi.findConfigFile(dir, exists, 'tsconfig.json') ??
      this.tsApi.findConfigFile(dir, exists, 'jsconfig.json');
    const config = nearest === undefined ? null : this.parse(nearest);
    if (nearest === undefined || config === null) {
      return { configPath: null, options: { ...defaults(this.tsApi), ...OVERRIDES } };
    }
    const chosen = this.referencedOwner(config, absPath) ?? { path: nearest, config };
    return { configPath: chosen.path, options: { ...chosen.config.options, ...OVERRIDES } };
  }

  /**
   * A solution-style config (`"files": []` plus `references`, as Vite's templates write) lists no
   * file itself: the referenced config that includes the file holds its real options.
   */
  private referencedOwner(
    config: ts.ParsedCommandLine,
    absPath: string,
  ): { path: string; config: ts.ParsedCommandLine } | null {
    const target = resolvePath(absPath);
    if (config.fileNames.some((name) => resolvePath(name) === target)) return null;
    for (const reference of config.projectReferences ?? []) {
      const path = this.tsApi.resolveProjectReferencePath(reference);
      const referenced = this.parse(path);
      if (referenced?.fileNames.some((name) => resolvePath(name) === target)) {
        return { path, config: referenced };
      }
    }
    return null;
  }

  private parse(configPath: string): ts.ParsedCommandLine | null {
    const known = this.parsed.get(configPath);
    if (known !== undefined) return known;
    let result: ts.ParsedCommandLine | null;
    try {
      result = this.tsApi.getParsedCommandLineOfConfigFile(configPath, undefined, this.host) ?? null;
    } catch {
      result = null;
    }
    this.parsed.set(configPath, result);
    return result;
  }
}
