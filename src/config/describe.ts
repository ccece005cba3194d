import type { ConfigError } from './config-error.js';

/** Builds the one-line error for `key` (a path such as `allow[1]`) in the file being checked. */
export type Problem = (key: string, message: string) => ConfigError;

const MAX_SHOWN = 80;

/**
 * A value as a message shows it. Strings are quoted with JSON escapes (and U+2028/U+2029
 * escaped too), so a message stays on one line whatever the config holds.
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 3)}...` : value;
      return JSON.stringify(shown).replace(/[\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`);
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    default:
      return 'an object';
  }
}
