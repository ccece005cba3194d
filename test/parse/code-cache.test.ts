import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache } from '../../src/util/code-cache.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

afterEach(removeProjects);

// Each load here stands for a new process: V8's in-process cache of compiled scripts (which a
// process that loads the module once never meets) would answer the second load before the code
// cache is even looked at. This file runs in a process of its own (vitest's forks pool).
setFlagsFromString('--no-compilation-cache');

const MODULE = `'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const path = require('node:path');
exports.twice = (x) => x * 2;
exports.where = () => path.basename(__dirname) + '/' + path.basename(__filename);
`;

interface Sample {
  twice(x: number): number;
  where(): string;
}

function project(): { file: string; cacheDir: string } {
  const dir = makeProject({ 'lib/sample.js': MODULE });
  return { file: path.join(dir, 'lib/sample.js'), cacheDir: path.join(dir, 'code') };
}

const cacheFiles = (cacheDir: string): string[] => readdirSync(cacheDir).sort();

describe('requireWithCodeCache', () => {
  it('loads a CommonJS module as require does, and the next load takes its code from the cache', () => {
    const { file, cacheDir } = project();
    const first = requireWithCodeCache<Sample>(file, cacheDir);
    expect(first.fromCache).toBe(false);
    expect(first.exports.twice(21)).toBe(42);
    // require, __filename and __dirname are the module's own.
    expect(first.exports.where()).toBe('lib/sample.js');
    first.save();
    expect(cacheFiles(cacheDir)).toHaveLength(1);
    const second = requireWithCodeCache<Sample>(file, cacheDir);
    expect(second.fromCache).toBe(true);
    expect(second.exports.twice(4)).toBe(8);
    // Nothing to write when the code came from the cache.
    const before = statSync(path.join(cacheDir, cacheFiles(cacheDir)[0] ?? '')).mtimeMs;
    second.save();
    expect(statSync(path.join(cacheDir, cacheFiles(cacheDir)[0] ?? '')).mtimeMs).toBe(before);
  });

  it('a changed module never meets the old cache, and its cache replaces the old one', () => {
    const { file, cacheDir } = project();
    requireWithCodeCache<Sample>(file, cacheDir).save();
    const [old] = cacheFiles(cacheDir);
    // The same length: V8 itself checks only that, so the name must tell the two texts apart.
    writeFileSync(file, MODULE.replace('x * 2', 'x * 3'));
    const changed = requireWithCodeCache<Sample>(file, cacheDir);
    expect(changed.fromCache).toBe(false);
    expect(changed.exports.twice(2)).toBe(6);
    changed.save();
    expect(cacheFiles(cacheDir)).toHaveLength(1);
    expect(cacheFiles(cacheDir)).not.toContain(old);
  });

  it('a cache file V8 refuses (corrupt) is compiled past and written again', () => {
    const { file, cacheDir } = project();
    requireWithCodeCache<Sample>(file, cacheDir).save();
    const [name] = cacheFiles(cacheDir);
    const cacheFile = path.join(cacheDir, name ?? '');
    writeFileSync(cacheFile, Buffer.alloc(readFileSync(cacheFile).length, 7));
    const refused = requireWithCodeCache<Sample>(file, cacheDir);
    expect(refused.fromCache).toBe(false);
    expect(refused.exports.twice(5)).toBe(10);
    refused.save();
    expect(requireWithCodeCache<Sample>(file, cacheDir).fromCache).toBe(true);
  });

  it('without a folder, or with one that cannot be written, nothing is written and nothing fails', () => {
    const { file, cacheDir } = project();
    const none = requireWithCodeCache<Sample>(file, null);
    none.save();
    expect(none.exports.twice(1)).toBe(2);
    // A file where the folder would be.
    writeFileSync(cacheDir, 'not a folder');
    const blocked = requireWithCodeCache<Sample>(file, path.join(cacheDir, 'sub'));
    expect(() => blocked.save()).not.toThrow();
    expect(blocked.exports.twice(3)).toBe(6);
  });
});
