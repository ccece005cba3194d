import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/config/closest.js';

describe('editDistance', () => {
  it.each([
    ['allow', 'allow', 0],
    ['alow', 'allow', 1],
    ['ngnix', 'nginx', 1],
    ['format', 'from', 3],
    ['', 'json', 4],
  ])('%s -> %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest', () => {
  const keys = ['include', 'exclude', 'origin', 'format', 'allow', 'maxFileSize'];

  it('finds a key within two edits, ignoring case, dashes and underscores', () => {
    expect(closest('alow', keys)).toBe('allow');
    expect(closest('Origin', keys)).toBe('origin');
    expect(closest('max-file-size', keys)).toBe('maxFileSize');
  });

  it('suggests nothing beyond two edits', () => {
    expect(closest('colour', keys)).toBeNull();
    expect(closest('fmt', keys)).toBeNull();
  });

  it('prefers the nearer candidate, then the earlier one', () => {
    expect(closest('exclde', keys)).toBe('exclude');
    expect(closest('xclude', ['exclude', 'include'])).toBe('exclude');
  });
});
