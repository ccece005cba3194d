import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { expand } from 'dotenv-expand';
import type { Location } from '../types.js';
import { contentHash } from '../util/hash.js';
import { dirnameOf, joinPath, relativePosix } from '../util/paths.js';

export interface EnvOptions {
  /** The build mode: `production` (default), `development`, `test` or a custom one. */
  readonly mode: string;
  /** KEY=VALUE pairs from the config's `env` and `--env`; they win over every file. */
  readonly vars: Readonly<Record<string, string>>;
}

/** The variables one app sees, and where each came from. */
export interface EnvScope {
  readonly values: ReadonlyMap<string, { readonly value: string; readonly location: Location | null }>;
  /** Root-relative paths of the env files read, in precedence order (lowest first). */
  readonly files: readonly string[];
}

/**
 * Env files as Vite, Next.js, Create React App and Vue CLI read them: `.env`, `.env.local`,
 * `.env.[mode]`, `.env.[mode].local`, later ones winning (`.env.local` is skipped in test mode),
 * with `${VAR}` expansion. The process environment is deliberately not read: the same
 * repository must give the same policy on every machine; pass build-time values with `--env`.
 */
export class EnvFiles {
  private readonly byDir = new Map<string, EnvScope>();

  constructor(
    private readonly root: string,
    private readonly options: EnvOptions,
  ) {}

  private readonly texts = new Map<string, string>();

  /** The text of an env file that was read, by its root-relative path. */
  textOf(file: string): string | null {
    return this.texts.get(file) ?? null;
  }

  get mode(): string {
    return this.options.mode;
  }

  /** The env scope of the app a file belongs to: its nearest package.json folder inside the root. */
  forFile(absPath: string): EnvScope {
    return this.forDir(this.dirOf(absPath));
  }

  /** The app folder whose env files a file sees (memoised per folder). */
  dirOf(absPath: string): string {
    const from = dirnameOf(absPath);
    let dir = this.appDirs.get(from);
    if (dir === undefined) {
      dir = this.appDir(from);
      this.appDirs.set(from, dir);
    }
    return dir;
  }

  private readonly appDirs = new Map<string, string>();

  /** What the env files of an app folder hold, as one hash: a cached result that read them is stale when it changes. */
  fingerprint(dir: string): string {
    const scope = this.forDir(dir);
    return contentHash(JSON.stringify(scope.files.map((file) => [file, this.texts.get(file) ?? ''])));
  }

  private forDir(dir: string): EnvScope {
    let scope = this.byDir.get(dir);
    if (!scope) {
      scope = this.load(dir);
      this.byDir.set(dir, scope);
    }
    return scope;
  }

  private appDir(from: string): string {
    let dir = from;
    while (relativePosix(this.root, dir) !== '.' && !relativePosix(this.root, dir).startsWith('..')) {
      if (existsSync(joinPath(dir, 'package.json'))) return dir;
      const parent = dirnameOf(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return this.root;
  }

  private load(dir: string): EnvScope {
    const mode = this.options.mode;
    const names = ['.env', ...(mode === 'test' ? [] : ['.env.local']), `.env.${mode}`, `.env.${mode}.local`];
    const merged: Record<string, string> = {};
    const origin = new Map<string, Location>();
    const files: string[] = [];
    for (const name of names) {
      const file = joinPath(dir, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const shown = relativePosix(this.root, file);
      files.push(shown);
      this.texts.set(shown, text);
      const parsed = parseDotenv(text);
      for (const [key, value] of Object.entries(parsed)) {
        merged[key] = value;
        origin.set(key, { file: shown, line: lineOf(text, key), column: 1 });
      }
    }
    for (const [key, value] of Object.entries(this.options.vars)) {
      merged[key] = value;
      origin.delete(key);
    }
    const expanded = expand({ parsed: { ...merged }, processEnv: {} }).parsed ?? merged;
    const values = new Map<string, { value: string; location: Location | null }>();
    for (const [key, value] of Object.entries(expanded))
      values.set(key, { value, location: origin.get(key) ?? null });
    return { values, files };
  }
}

function lineOf(text: string, key: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  const pattern = new RegExp(`^\\s*(?:export\\s+)?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[=:]`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index === -1 ? 1 : index + 1;
}

/** Values every bundler defines from the mode alone. */
export function builtinEnv(
  source: 'import.meta' | 'import.meta.env' | 'process.env',
  name: string,
  mode: string,
): string | boolean | null | undefined {
  const production = mode !== 'development' && mode !== 'test';
  if (source === 'import.meta.env') {
    switch (name) {
      case 'MODE':
        return mode;
      case 'PROD':
        return production;
      case 'DEV':
        return !production;
      case 'SSR':
        return false;
      case 'BASE_URL':
        return '/';
      default:
        return undefined;
    }
  }
  if (source === 'process.env' && name === 'NODE_ENV') {
    return mode === 'development' || mode === 'test' ? mode : 'production';
  }
  if (source === 'import.meta' && name === 'hot') return production ? null : undefined;
  return undefined;
}
