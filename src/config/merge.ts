import type { ResolvedConfig, UserConfig } from './user-config.js';

/** What applies when neither the config file nor a flag says otherwise. */
export const DEFAULT_CONFIG: ResolvedConfig = {
  include: [],
  exclude: [],
  origin: null,
  format: 'directive',
  allow: [],
  ignore: [],
  reportOnly: false,
  basePolicy: null,
  // Larger than any hand-written module; a bigger file is most likely a bundle, and is reported, not read.
  maxFileSize: 10 * 1024 * 1024,
  defaultExcludes: true,
  mode: 'production',
  env: {},
  typed: false,
};

/**
 * defaults < config file < flags. A later layer's value replaces an earlier one, arrays
 * included (`--include` means "only these"), except `allow`, whose layers are unioned in
 * order: a flag adds an origin for one run without repeating the file's list.
 */
export function mergeOptions(
  defaults: ResolvedConfig,
  fileConfig: UserConfig,
  flags: UserConfig,
): ResolvedConfig {
  const pick = <K extends keyof UserConfig>(key: K): UserConfig[K] => flags[key] ?? fileConfig[key];
  return {
    include: pick('include') ?? defaults.include,
    exclude: pick('exclude') ?? defaults.exclude,
    origin: pick('origin') ?? defaults.origin,
    format: pick('format') ?? defaults.format,
    allow: union(defaults.allow, fileConfig.allow ?? [], flags.allow ?? []),
    ignore: pick('ignore') ?? defaults.ignore,
    reportOnly: pick('reportOnly') ?? defaults.reportOnly,
    basePolicy: pick('basePolicy') ?? defaults.basePolicy,
    maxFileSize: pick('maxFileSize') ?? defaults.maxFileSize,
    defaultExcludes: pick('defaultExcludes') ?? defaults.defaultExcludes,
    mode: pick('mode') ?? defaults.mode,
    // Variables merge key by key: a flag overrides one without repeating the file's others.
    env: { ...defaults.env, ...fileConfig.env, ...flags.env },
    typed: pick('typed') ?? defaults.typed,
  };
}

function union(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}
