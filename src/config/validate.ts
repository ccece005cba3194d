// Hand-written on purpose: a schema library would save lines but not give one precise line per
// mistake that names the file, the key and the fix. The first problem found is reported.
import { DIAGNOSTICS } from '../diagnostics/registry.js';
import { FORMATS, isFormat } from '../report/formats.js';
import { didYouMean } from './closest.js';
import { ConfigError } from './config-error.js';
import { describe, type Problem } from './describe.js';
import type { IgnoreRule, UserConfig } from './user-config.js';
import { checkAllowEntry, checkBasePolicy, checkOrigin, checkSource } from './values.js';

const KNOWN = {
  include: true,
  exclude: true,
  origin: true,
  format: true,
  allow: true,
  ignore: true,
  reportOnly: true,
  basePolicy: true,
  maxFileSize: true,
  defaultExcludes: true,
  mode: true,
  env: true,
  typed: true,
} as const satisfies Record<keyof UserConfig, true>;

export const CONFIG_KEYS: readonly string[] = Object.keys(KNOWN);
const RULE_KEYS: readonly string[] = ['file', 'code', 'source'];
const CODES: readonly string[] = Object.keys(DIAGNOSTICS);

/** Checks a config object from `file` (a name to show, e.g. `csp-connect.config.json`). */
export function validateConfig(raw: unknown, file: string): UserConfig {
  return validateAt(raw, file, '');
}

/**
 * `prefix` is where the options sit inside the file (`cspConnect.` in package.json), so that
 * messages name the key as it is written there.
 */
export function validateAt(raw: unknown, file: string, prefix: string): UserConfig {
  const problem: Problem = (key, message) => new ConfigError(`${file}: "${prefix}${key}": ${message}`);
  if (!isPlainObject(raw)) {
    const where = prefix === '' ? '' : ` "${prefix.replace(/\.$/, '')}":`;
    throw new ConfigError(`${file}:${where} expected an object of options, got ${describe(raw)}`);
  }
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(KNOWN, key)) {
      throw problem(
        key,
        `unknown key${didYouMean(key, CONFIG_KEYS) || `; known keys are ${CONFIG_KEYS.join(', ')}`}`,
      );
    }
  }
  // A JS config may write `origin: process.env.ORIGIN`; undefined means "not set".
  const config: UserConfig = {};
  if (raw.include !== undefined) config.include = globs(raw.include, 'include', problem);
  if (raw.exclude !== undefined) config.exclude = globs(raw.exclude, 'exclude', problem);
  if (raw.origin !== undefined) config.origin = checkOrigin(raw.origin, 'origin', problem);
  if (raw.format !== undefined) config.format = format(raw.format, problem);
  if (raw.allow !== undefined) {
    config.allow = list(raw.allow, 'allow', 'CSP source expressions', problem).map((item, i) =>
      checkAllowEntry(item, `allow[${i}]`, problem),
    );
  }
  if (raw.ignore !== undefined) {
    config.ignore = list(raw.ignore, 'ignore', 'ignore rules', problem).map((item, i) =>
      ignoreRule(item, `ignore[${i}]`, problem),
    );
  }
  if (raw.reportOnly !== undefined) config.reportOnly = boolean(raw.reportOnly, 'reportOnly', problem);
  if (raw.basePolicy !== undefined)
    config.basePolicy = checkBasePolicy(raw.basePolicy, 'basePolicy', problem);
  if (raw.maxFileSize !== undefined)
    config.maxFileSize = positiveInteger(raw.maxFileSize, 'maxFileSize', problem);
  if (raw.defaultExcludes !== undefined) {
    config.defaultExcludes = boolean(raw.defaultExcludes, 'defaultExcludes', problem);
  }
  if (raw.mode !== undefined) config.mode = mode(raw.mode, 'mode', problem);
  if (raw.env !== undefined) config.env = envVars(raw.env, 'env', problem);
  if (raw.typed !== undefined) config.typed = boolean(raw.typed, 'typed', problem);
  return config;
}

function mode(value: unknown, key: string, problem: Problem): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(value)) {
    throw problem(key, `expected a mode name like "production" or "staging", got ${describe(value)}`);
  }
  return value;
}

function envVars(value: unknown, key: string, problem: Problem): Record<string, string> {
  if (!isPlainObject(value))
    throw problem(key, `expected an object of NAME: "value" pairs, got ${describe(value)}`);
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw problem(`${key}.${name}`, 'is not a valid environment variable name');
    if (typeof item !== 'string') throw problem(`${key}.${name}`, `expected a string, got ${describe(item)}`);
    out[name] = item;
  }
  return out;
}

function list(value: unknown, key: string, what: string, problem: Problem): unknown[] {
  if (!Array.isArray(value)) {
    const hint = typeof value === 'string' ? ` (write [${JSON.stringify(value)}])` : '';
    throw problem(key, `expected an array of ${what}, got ${describe(value)}${hint}`);
  }
  // Index by index: a sparse array's holes are mistakes too, and map() would skip them.
  const items: unknown[] = [];
  for (let i = 0; i < value.length; i++) items.push(value[i]);
  return items;
}

function globs(value: unknown, key: string, problem: Problem): string[] {
  return list(value, key, 'glob strings', problem).map((item, i) => glob(item, `${key}[${i}]`, problem));
}

function glob(value: unknown, key: string, problem: Problem): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw problem(key, `expected a non-empty glob string, got ${describe(value)}`);
  }
  return value;
}

function format(value: unknown, problem: Problem): UserConfig['format'] {
  if (isFormat(value)) return value;
  if (typeof value !== 'string') throw problem('format', `expected a format name, got ${describe(value)}`);
  const hint = didYouMean(value, FORMATS) || `; use one of ${FORMATS.join(', ')}`;
  throw problem('format', `${describe(value)} is not a format${hint}`);
}

function ignoreRule(value: unknown, key: string, problem: Problem): IgnoreRule {
  if (!isPlainObject(value)) {
    throw problem(key, `expected an object with "file", "code" or "source", got ${describe(value)}`);
  }
  for (const name of Object.keys(value)) {
    if (!RULE_KEYS.includes(name)) {
      const hint = didYouMean(name, RULE_KEYS) || '; an ignore rule has only "file", "code" and "source"';
      throw problem(`${key}.${name}`, `unknown key${hint}`);
    }
  }
  const { file, code, source } = value;
  if (file === undefined && code === undefined && source === undefined) {
    throw problem(key, 'an ignore rule needs at least one of "file", "code" or "source"');
  }
  if (code !== undefined && (typeof code !== 'string' || !CODES.includes(code))) {
    const message =
      typeof code === 'string'
        ? `${describe(code)} is not a diagnostic code${didYouMean(code, CODES)}`
        : `expected a diagnostic code string, got ${describe(code)}`;
    throw problem(`${key}.code`, message);
  }
  return {
    ...(file !== undefined ? { file: glob(file, `${key}.file`, problem) } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(source !== undefined ? { source: checkSource(source, `${key}.source`, problem) } : {}),
  };
}

function boolean(value: unknown, key: string, problem: Problem): boolean {
  if (typeof value !== 'boolean') throw problem(key, `expected true or false, got ${describe(value)}`);
  return value;
}

function positiveInteger(value: unknown, key: string, problem: Problem): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw problem(key, `expected a positive whole number of bytes, got ${describe(value)}`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
