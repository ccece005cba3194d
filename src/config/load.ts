import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { basenameOf, extensionOf, joinPath, resolvePath, toPosix } from '../util/paths.js';
import { ConfigError } from './config-error.js';
import { jsonErrorMessage } from './json-error.js';
import type { UserConfig } from './user-config.js';
import { validateAt } from './validate.js';

/** Looked for in the scan root, in this order; the first that exists is used. */
export const CONFIG_FILES = [
  'csp-connect.config.json',
  'csp-connect.config.mjs',
  'csp-connect.config.js',
] as const;
/** The key of package.json read when no config file exists. */
export const PACKAGE_KEY = 'cspConnect';

export interface LoadedConfig {
  readonly config: UserConfig;
  /** Absolute path of the file the config came from; null when none was found. */
  readonly file: string | null;
}

/**
 * Finds, reads and validates the config for `root`. `explicitPath` (from --config) wins and is
 * resolved against the current directory, as a command-line path is. A `.js`/`.mjs` config is the
 * user's own code and is imported, as eslint and vite do; scanned code is never executed.
 */
export async function loadConfig(root: string, explicitPath?: string): Promise<LoadedConfig> {
  const absRoot = resolvePath(root);
  if (explicitPath !== undefined) {
    const abs = resolvePath(explicitPath);
    const shown = toPosix(explicitPath);
    if (!(await isFile(abs, shown))) throw new ConfigError(`${shown}: config file not found`);
    return { config: await loadFile(abs, shown), file: abs };
  }
  for (const name of CONFIG_FILES) {
    const abs = joinPath(absRoot, name);
    if (await isFile(abs, name)) return { config: await loadFile(abs, name), file: abs };
  }
  const pkg = joinPath(absRoot, 'package.json');
  const shown = 'package.json';
  if (await isFile(pkg, shown)) {
    const manifest = await readJson(pkg, shown);
    if (isRecord(manifest) && Object.hasOwn(manifest, PACKAGE_KEY)) {
      return { config: validateAt(manifest[PACKAGE_KEY], shown, `${PACKAGE_KEY}.`), file: pkg };
    }
  }
  return { config: {}, file: null };
}

async function loadFile(abs: string, shown: string): Promise<UserConfig> {
  if (basenameOf(abs) === 'package.json') {
    const manifest = await readJson(abs, shown);
    if (!isRecord(manifest) || !Object.hasOwn(manifest, PACKAGE_KEY)) {
      throw new ConfigError(`${shown}: has no "${PACKAGE_KEY}" key to read options from`);
    }
    return validateAt(manifest[PACKAGE_KEY], shown, `${PACKAGE_KEY}.`);
  }
  const extension = extensionOf(abs);
  if (extension === '.json') return validateAt(await readJson(abs, shown), shown, '');
  if (extension === '.mjs' || extension === '.js' || extension === '.cjs') {
    return validateAt(await importDefault(abs, shown), shown, '');
  }
  throw new ConfigError(`${shown}: unsupported config file type; use .json, .mjs, .js or package.json`);
}

async function isFile(abs: string, shown: string): Promise<boolean> {
  try {
    return (await stat(abs)).isFile();
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return false;
    throw new ConfigError(`${shown}: could not read: ${firstLine(error)}`);
  }
}

async function readJson(abs: string, shown: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (error) {
    throw new ConfigError(`${shown}: could not read: ${firstLine(error)}`);
  }
  // Editors on Windows may save a BOM, which JSON.parse rejects.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(jsonErrorMessage(text, shown, error));
  }
}

async function importDefault(abs: string, shown: string): Promise<unknown> {
  const url = pathToFileURL(abs);
  // import() caches by URL; the modification time makes an edited config load afresh in a
  // long-running process (watch mode, tests) while an unchanged one stays cached.
  url.searchParams.set('mtime', String((await stat(abs)).mtimeMs));
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${shown}: could not load: ${firstLine(error)}`);
  }
  if (!('default' in namespace) || namespace.default === undefined) {
    throw new ConfigError(`${shown}: has no default export; write \`export default defineConfig({ ... })\``);
  }
  return namespace.default;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorCode(error: unknown): string | undefined {
  return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
