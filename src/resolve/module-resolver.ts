import { existsSync } from 'node:fs';
import { type NapiResolveOptions, ResolverFactory } from 'oxc-resolver';
import { dirnameOf, inNodeModules, joinPath } from '../util/paths.js';

/** `./x`, `../x`, `.`, `..` or `/x`: a specifier a tsconfig's `baseUrl` and `paths` do not touch. */
const RELATIVE_OR_ABSOLUTE = /^(?:\.{1,2}(?:\/|$)|\/)/;

const OPTIONS: NapiResolveOptions = {
  tsconfig: 'auto',
  extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'],
  extensionAlias: {
    '.js': ['.ts', '.tsx', '.js', '.jsx'],
    '.mjs': ['.mts', '.mjs'],
    '.cjs': ['.cts', '.cjs'],
  },
  conditionNames: ['browser', 'import', 'module', 'require', 'default'],
  mainFields: ['browser', 'module', 'main'],
  symlinks: true,
  builtinModules: true,
};

/** A specifier that does not resolve: why, and the config file in the way if one could not be read. */
export interface Unresolved {
  readonly error: string;
  readonly config?: ConfigProblem;
}

/** A tsconfig.json or jsconfig.json that could not be read, and what its reader said. */
export interface ConfigProblem {
  readonly file: string;
  readonly why: string | null;
}

/**
 * Module resolution as a bundler does it, through oxc-resolver: tsconfig/jsconfig `paths` and
 * `baseUrl` (the nearest tsconfig.json or jsconfig.json of each importing file), package.json
 * `exports` and `imports` (#aliases), TypeScript's `.js` -> `.ts` mapping, and symlinked
 * workspace packages.
 */
export class ModuleResolver {
  private readonly resolver = new ResolverFactory(OPTIONS);
  /**
   * Per config file: a resolver reading it for every importer (oxc-resolver's `auto` looks for
   * tsconfig.json only, and applies it only to the files it includes).
   */
  private readonly byConfig = new Map<string, ResolverFactory>();
  /** Without a tsconfig: for files under one that cannot be read. */
  private plain: ResolverFactory | null = null;
  /** Folder -> its nearest tsconfig.json or jsconfig.json (see nearestConfig). */
  private readonly configOf = new Map<string, string | null>();

  /** The absolute path a specifier resolves to from `importer`, or a reason it does not. */
  resolve(importer: string, specifier: string): { path: string } | Unresolved {
    try {
      const result = this.resolverFor(importer).resolveFileSync(importer, specifier);
      // A tsconfig.json or jsconfig.json that cannot be read fails every resolution below it: a
      // relative import is resolved again without it; anything else fails, with the reason.
      if (!result.path && result.error && TSCONFIG_PROBLEM.test(result.error)) {
        const config = configProblem(result.error, this.nearestConfig(dirnameOf(importer)));
        // Only a relative or absolute path resolves the same without the config: a bare specifier
        // could find another file than its baseUrl or paths would (a package named like a folder).
        if (!RELATIVE_OR_ABSOLUTE.test(specifier))
          return { error: result.error, ...(config ? { config } : {}) };
        this.plain ??= new ResolverFactory({ ...OPTIONS, tsconfig: undefined });
        const again = this.plain.resolveFileSync(importer, specifier);
        if (again.path) return { path: again.path };
        return { error: again.error ?? `cannot resolve '${specifier}'`, ...(config ? { config } : {}) };
      }
      if (result.path) return { path: result.path };
      // oxc-resolver's `auto` applies a tsconfig.json's `paths` only to the files its `include`
      // covers (and .js only with allowJs): a .vue or .js importer outside it gets no aliases.
      // Bundlers (Vite's and webpack's tsconfig-paths plugins, Next.js) apply them to every file, so
      // a bare specifier that failed is tried again with the nearest tsconfig.json read for it.
      const tsconfig = this.nearestConfig(dirnameOf(importer));
      if (tsconfig?.endsWith('tsconfig.json') && !RELATIVE_OR_ABSOLUTE.test(specifier)) {
        const again = this.withConfig(tsconfig).resolveFileSync(importer, specifier);
        if (again.path) return { path: again.path };
      }
      return { error: result.error ?? `cannot resolve '${specifier}'` };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * The resolver for a file: `auto` (the nearest tsconfig.json) unless a jsconfig.json is nearer,
   * as in a JavaScript project whose `@/` aliases live in jsconfig.json (Vue CLI, Next.js). In a
   * folder with both, tsconfig.json wins, as it does for TypeScript.
   */
  private resolverFor(importer: string): ResolverFactory {
    const jsconfig = this.nearestConfig(dirnameOf(importer));
    if (jsconfig === null || !jsconfig.endsWith('jsconfig.json')) return this.resolver;
    return this.withConfig(jsconfig);
  }

  /**
   * A resolver that reads this config file for every importer. A factory of its own, not a clone:
   * a clone shares the `auto` resolver's caches, and once `auto` had resolved from a file, the clone
   * gave the same answer for it (without the config's paths).
   */
  private withConfig(configFile: string): ResolverFactory {
    let resolver = this.byConfig.get(configFile);
    if (!resolver) {
      resolver = new ResolverFactory({ ...OPTIONS, tsconfig: { configFile, references: 'auto' } });
      this.byConfig.set(configFile, resolver);
    }
    return resolver;
  }

  /**
   * The nearest tsconfig.json or jsconfig.json of a folder (tsconfig.json first in a folder with
   * both), or null. A package's own config files are not a bundler's: none is looked for under
   * node_modules (which also saves a stat per folder of it).
   */
  private nearestConfig(dir: string): string | null {
    const known = this.configOf.get(dir);
    if (known !== undefined) return known;
    let found: string | null = null;
    if (!inNodeModules(dir)) {
      for (const name of ['tsconfig.json', 'jsconfig.json']) {
        if (found === null && existsSync(joinPath(dir, name))) found = joinPath(dir, name);
      }
      const parent = dirnameOf(dir);
      if (found === null && parent !== dir) found = this.nearestConfig(parent);
    }
    this.configOf.set(dir, found);
    return found;
  }
}

/**
 * An oxc-resolver error about a config file rather than the specifier: one that cannot be parsed
 * (`Failed to load tsconfig "<path>": JSONError { …, message: "<why>", … }`), or whose `extends`
 * or `references` name a file that is not there (`Tsconfig not found <path>`, as when the
 * package it extends is not installed).
 */
const TSCONFIG_PROBLEM = /^(?:Failed to load tsconfig|Tsconfig not found)\b/;

/**
 * The config file and the reason in such an error: the file that could not be parsed, or the
 * importer's nearest config with the `extends` or `references` target that is not there.
 */
function configProblem(error: string, nearest: string | null): ConfigProblem | undefined {
  const failed = /^Failed to load tsconfig "([^"]*)"/.exec(error);
  if (failed?.[1]) return { file: failed[1], why: /message: "((?:[^"\\]|\\.)*)"/.exec(error)?.[1] ?? null };
  const missing = /^Tsconfig not found (.+)$/.exec(error)?.[1]?.trim();
  if (missing) return { file: nearest ?? missing, why: `${missing} (extends or references) is not found` };
  return undefined;
}
