import { ResolverFactory } from 'oxc-resolver';

/**
 * Module resolution as a bundler does it, through oxc-resolver: tsconfig/jsconfig `paths` and
 * `baseUrl` (the nearest tsconfig.json of each importing file), package.json `exports` and
 * `imports` (#aliases), TypeScript's `.js` -> `.ts` mapping, and symlinked workspace packages.
 */
export class ModuleResolver {
  private readonly resolver = new ResolverFactory({
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
  });

  /** The absolute path a specifier resolves to from `importer`, or a reason it does not. */
  resolve(importer: string, specifier: string): { path: string } | { error: string } {
    try {
      const result = this.resolver.resolveFileSync(importer, specifier);
      if (result.path) return { path: result.path };
      return { error: result.error ?? `cannot resolve '${specifier}'` };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
}
