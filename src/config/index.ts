export { ConfigError } from './config-error.js';
export { CONFIG_FILES, type LoadedConfig, loadConfig, PACKAGE_KEY } from './load.js';
export { DEFAULT_CONFIG, mergeOptions } from './merge.js';
export { defineConfig, type IgnoreRule, type ResolvedConfig, type UserConfig } from './user-config.js';
export { CONFIG_KEYS, validateConfig } from './validate.js';
