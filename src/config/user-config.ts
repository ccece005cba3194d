import type { Format } from '../report/formats.js';

/** Drops a finding or diagnostic when every key given matches; at least one key is given. */
export type IgnoreRule = {
  /** A glob over root-relative posix paths. */
  readonly file?: string;
  /** A diagnostic code from the registry, e.g. `unresolved-url`. */
  readonly code?: string;
  /** An emitted CSP source expression, e.g. `http://localhost:3000`. */
  readonly source?: string;
};

/** What a config file (or the `cspConnect` key of package.json) may hold. Every key is optional. */
export interface UserConfig {
  include?: string[];
  exclude?: string[];
  origin?: string;
  format?: Format;
  allow?: string[];
  ignore?: IgnoreRule[];
  reportOnly?: boolean;
  basePolicy?: string;
  maxFileSize?: number;
  defaultExcludes?: boolean;
  /** The build mode: which env files are read and how `import.meta.env.DEV` folds. */
  mode?: string;
  /** Build-time environment variables; they win over env files. */
  env?: Record<string, string>;
  /** Typed mode: ask the TypeScript checker about values the fast path cannot resolve. */
  typed?: boolean;
}

/** Options after defaults < config file < flags: every key has a value. */
export interface ResolvedConfig {
  /** Empty means every file with a supported extension. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly origin: string | null;
  readonly format: Format;
  readonly allow: readonly string[];
  readonly ignore: readonly IgnoreRule[];
  readonly reportOnly: boolean;
  readonly basePolicy: string | null;
  readonly maxFileSize: number;
  readonly defaultExcludes: boolean;
  readonly mode: string;
  readonly env: Readonly<Record<string, string>>;
  readonly typed: boolean;
}

/** The identity: it only gives `.js`/`.mjs` configs types and editor completion. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
