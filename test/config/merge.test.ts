import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, mergeOptions, type ResolvedConfig } from '../../src/config/index.js';

const DEFAULTS: ResolvedConfig = { ...DEFAULT_CONFIG, exclude: ['**/*.min.js'], allow: ["'self'"] };

describe('mergeOptions', () => {
  it('gives the defaults when neither the file nor flags say anything', () => {
    expect(mergeOptions(DEFAULTS, {}, {})).toEqual(DEFAULTS);
  });

  it('lets the file win over the defaults and flags over the file', () => {
    const merged = mergeOptions(
      DEFAULTS,
      { format: 'nginx', origin: 'https://shop.example.com', maxFileSize: 10 },
      { format: 'apache' },
    );
    expect(merged.format).toBe('apache');
    expect(merged.origin).toBe('https://shop.example.com');
    expect(merged.maxFileSize).toBe(10);
    expect(merged.basePolicy).toBe(DEFAULTS.basePolicy);
  });

  it('lets a false flag override a true file value', () => {
    expect(mergeOptions(DEFAULTS, { reportOnly: true }, { reportOnly: false }).reportOnly).toBe(false);
    expect(mergeOptions(DEFAULTS, { defaultExcludes: false }, {}).defaultExcludes).toBe(false);
  });

  it('replaces arrays rather than concatenating them', () => {
    const merged = mergeOptions(
      DEFAULTS,
      { include: ['src/**'], exclude: ['src/legacy/**'], ignore: [{ code: 'ip-literal' }] },
      { include: ['app/**'], ignore: [{ file: 'app/dev/**' }] },
    );
    expect(merged.include).toEqual(['app/**']);
    expect(merged.exclude).toEqual(['src/legacy/**']);
    expect(merged.ignore).toEqual([{ file: 'app/dev/**' }]);
  });

  it('lets an empty array from a flag clear the file list', () => {
    expect(mergeOptions(DEFAULTS, { exclude: ['dist/**'] }, { exclude: [] }).exclude).toEqual([]);
  });

  it('unions allow across defaults, file and flags, in that order, without duplicates', () => {
    const merged = mergeOptions(
      DEFAULTS,
      { allow: ['https://api.example.com', "'self'"] },
      { allow: ['wss://live.example.com', 'https://api.example.com'] },
    );
    expect(merged.allow).toEqual(["'self'", 'https://api.example.com', 'wss://live.example.com']);
  });

  it('treats an undefined flag as not given', () => {
    expect(mergeOptions(DEFAULTS, { format: 'meta' }, { format: undefined }).format).toBe('meta');
  });
});
