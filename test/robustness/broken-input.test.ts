// Broken input at the scale and shape real repositories have: every problem is named, the rest
// of the scan completes, and nothing crashes. The tree is made at run time (git cannot hold a
// symlink loop or an unreadable file).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';

let root = '';
let report: Report;
let code = -1;
let stderr = '';

const good = (host: string): string => `export const load = () => fetch('https://${host}/data');\n`;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'csp-connect-broken-'));
  const src = path.join(root, 'src');
  mkdirSync(src);
  writeFileSync(path.join(src, 'healthy.js'), good('healthy.example'));
  writeFileSync(
    path.join(src, 'syntax-error.js'),
    'export function broken( {\n  fetch("https://lost.example")\n',
  );
  writeFileSync(path.join(src, 'bom.ts'), `\ufeff${good('bom.example')}`);
  writeFileSync(path.join(src, 'empty.js'), '');
  writeFileSync(path.join(src, 'binary.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]));
  writeFileSync(path.join(src, 'latin1.js'), Buffer.from(`// caf\xe9\n${good('latin1.example')}`, 'latin1'));
  mkdirSync(path.join(src, 'app.js'));
  writeFileSync(path.join(src, 'app.js', 'inside.js'), good('inside-dir.example'));
  mkdirSync(path.join(src, 'with space'));
  writeFileSync(path.join(src, 'with space', 'file name.js'), good('space.example'));
  writeFileSync(path.join(src, 'bücher-ä.js'), good('unicode-name.example'));
  mkdirSync(path.join(src, 'loop'));
  symlinkSync('..', path.join(src, 'loop', 'again'));
  symlinkSync('missing-target.js', path.join(src, 'dangling.js'));
  // A named pipe with a source name: opening it for reading must not wait for a writer.
  if (process.platform !== 'win32') execFileSync('mkfifo', [path.join(src, 'pipe.js')]);
  writeFileSync(path.join(src, 'unreadable.js'), good('unreadable.example'));
  chmodSync(path.join(src, 'unreadable.js'), 0o000);
  // A minified bundle over the 10 MiB default limit.
  writeFileSync(
    path.join(src, 'vendor.min.js'),
    `var a="${'x'.repeat(11 * 1024 * 1024)}";fetch("https://bundle.example");`,
  );
  // Nesting deeper than a recursive walk can follow.
  writeFileSync(
    path.join(src, 'deep.js'),
    `export const t = ${Array.from({ length: 4000 }, (_, i) => `"p${i}"`).join(' + ')};\nfetch('https://deep.example');\n`,
  );
  const result = await runCli([root, '--format', 'json'], root);
  code = result.code;
  stderr = result.stderr;
  report = JSON.parse(result.stdout) as Report;
}, 120_000);

afterAll(() => {
  if (root) {
    try {
      chmodSync(path.join(root, 'src', 'unreadable.js'), 0o644);
    } catch {
      // already gone
    }
    rmSync(root, { recursive: true, force: true });
  }
});

const codeAt = (file: string): string[] =>
  report.diagnostics.filter((d) => d.location?.file === file).map((d) => d.code);

describe('a tree of broken input', () => {
  it('completes with exit 1 (error-level diagnostics), never an internal error', () => {
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/internal error|at .*\.(js|ts):\d+/);
  });

  it('still finds every healthy file, whatever its name', () => {
    const sources = report.directive.sources;
    for (const host of ['healthy', 'bom', 'latin1', 'inside-dir', 'space', 'unicode-name']) {
      expect(sources).toContain(`https://${host}.example`);
    }
  });

  it('names each problem with its file and reason', () => {
    expect(codeAt('src/syntax-error.js')).toContain('parse-error');
    expect(codeAt('src/binary.js')).toEqual(['binary-file']);
    expect(codeAt('src/latin1.js')).toEqual(['invalid-encoding']);
    expect(codeAt('src/dangling.js')).toEqual(['read-error']);
    expect(codeAt('src/vendor.min.js')).toEqual(['file-too-large']);
    expect(codeAt('src/deep.js')).toEqual(['analysis-failed']);
    if (process.platform !== 'win32') expect(codeAt('src/pipe.js')).toEqual(['read-error']);
  });

  it('reads an unreadable file as a read-error (unless running as root, which reads everything)', () => {
    if (process.getuid?.() === 0) {
      expect(report.directive.sources).toContain('https://unreadable.example');
    } else {
      expect(codeAt('src/unreadable.js')).toEqual(['read-error']);
    }
  });

  it('does not follow the symlink loop, and treats a folder named app.js as a folder', () => {
    const files = new Set(report.findings.map((f) => f.location.file));
    expect([...files].some((f) => f.includes('loop/again'))).toBe(false);
    expect(files.has('src/app.js/inside.js')).toBe(true);
  });

  it('never emits a source from the broken files', () => {
    expect(report.directive.sources).not.toContain('https://lost.example');
    expect(report.directive.sources).not.toContain('https://bundle.example');
    expect(report.directive.sources).not.toContain('https://deep.example');
  });
});
