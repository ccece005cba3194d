// The tool finds its own folder by name, from wherever its code sits: a module in dist/util/, the
// CLI bundled into dist/ itself, or a source file under the tests.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownDir, OWN_DIR, PACKAGE_DIR, RUNNING_FILE } from '../../src/util/package-dir.js';

describe('the tool’s own folder', () => {
  it('is the nearest dist or src at or above the code', () => {
    const root = path.resolve('/opt/app/node_modules/csp-connect');
    expect(ownDir(path.join(root, 'dist', 'util'))).toBe(path.join(root, 'dist'));
    expect(ownDir(path.join(root, 'dist'))).toBe(path.join(root, 'dist'));
    expect(ownDir(path.join(root, 'src', 'cache'))).toBe(path.join(root, 'src'));
    // A src or dist further up (a checkout under ~/src) is not the tool's.
    const checkout = path.resolve('/home/dev/src/csp-connect');
    expect(ownDir(path.join(checkout, 'dist', 'util'))).toBe(path.join(checkout, 'dist'));
    // None at all: the folder it started from.
    expect(ownDir(path.resolve('/opt/tool/lib'))).toBe(path.resolve('/opt/tool/lib'));
  });

  it('is src under the tests, with the package.json beside it', () => {
    expect(path.basename(OWN_DIR)).toBe('src');
    expect(RUNNING_FILE).toBe('package-dir.ts');
    expect(existsSync(path.join(PACKAGE_DIR, 'package.json'))).toBe(true);
  });
});
