// The installed entry, bin/csp-connect.js over the built dist/, run as a real process; and colour,
// which must appear only on a terminal.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, withoutCache } from '../helpers/cli.js';
import { makeTempDir, removeProjects } from '../helpers/projects.js';
import type { Report } from '../../src/types.js';
import { ANSI, DEMO, DEMO_DIRECTIVE, lines, REPO, runCliOnTty, SYNTAX_ERROR } from './support.js';

const BIN = path.join(REPO, 'bin/csp-connect.js');

/** The environment of a plain shell: no colour preferences inherited from the test runner. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ...extra };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'CSP_CONNECT_DEBUG']) if (!(name in extra)) delete env[name];
  return env;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin with piped stdout and stderr, as CI or `| tee` would. */
function runBin(args: readonly string[], env: NodeJS.ProcessEnv = plainEnv()): Run {
  const result = spawnSync(process.execPath, [BIN, ...withoutCache(args)], {
    cwd: REPO,
    env,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// util-linux `script` gives the command a real pseudo-terminal; without it the TTY case is skipped.
const hasScript =
  process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs the bin on a pseudo-terminal; what the terminal showed (stdout and stderr mixed). */
function runBinOnTty(args: readonly string[], env: NodeJS.ProcessEnv): Run {
  const quoted = [process.execPath, BIN, ...withoutCache(args)]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const result = spawnSync('script', ['-qec', quoted, '/dev/null'], {
    cwd: REPO,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(removeProjects);

beforeAll(() => {
  try {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    // The bin runs dist/; a tree that does not compile cannot be tested as installed.
    const output = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`npm run build failed:\n${output}`, { cause: error });
  }
  expect(existsSync(path.join(REPO, 'dist/cli.js'))).toBe(true);
  expect(existsSync(path.join(REPO, 'dist/cli.bundle.js'))).toBe(true);
}, 180_000);

describe('the installed entry', () => {
  it('--version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(runBin(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('scans the demo app: directive on stdout, diagnostics on stderr, exit 0', () => {
    const result = runBin([DEMO]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${DEMO_DIRECTIVE}\n`);
    // Two diagnostics and the summary line about the one unresolved target.
    expect(lines(result.stderr)).toHaveLength(3);
    expect(lines(result.stderr)[2]).toMatch(/^csp-connect: 1 connection target could not be resolved/);
  });

  it('gives the same output as the in-process CLI', async () => {
    const inProcess = await runCli([DEMO, '--format', 'json'], REPO);
    const spawned = runBin([DEMO, '--format', 'json']);
    expect(spawned).toEqual(inProcess);
  });

  it('sets the process exit code: 1 for an error-level diagnostic', () => {
    expect(runBin([SYNTAX_ERROR, '-q']).code).toBe(1);
  });

  it('a scan loads no @babel/types (its 55 ms are not paid at run time; see src/parse/babel-ast.ts)', () => {
    const script = [
      `const { analyze } = await import(${JSON.stringify(path.join(REPO, 'dist/index.js'))});`,
      `const report = await analyze({ root: ${JSON.stringify(DEMO)} });`,
      "const { createRequire } = await import('node:module');",
      'const loaded = Object.keys(createRequire(import.meta.url).cache);',
      'console.log(JSON.stringify({ sources: report.sources.length, parsed: report.stats.filesParsed, types: loaded.filter((f) => /[\\\\/]@babel[\\\\/]types[\\\\/]/.test(f)) }));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout) as { sources: number; parsed: number; types: string[] };
    // The scan parsed and analysed files, and nothing of @babel/types was loaded.
    expect(seen.sources).toBeGreaterThan(0);
    expect(seen.parsed).toBeGreaterThan(0);
    expect(seen.types).toEqual([]);
  });

  it('runs from one file, which imports none of dist/ and has a tool fingerprint of its own', () => {
    const bundle = readFileSync(path.join(REPO, 'dist/cli.bundle.js'), 'utf8');
    // Only packages and Node's own modules: no relative import left to load module by module.
    // Lines of comments are left out: doc comments quote imports (`export { get as load } from './http'`).
    const code = bundle
      .split('\n')
      .filter((line) => !/^\s*(?:\*|\/\/|\/\*)/.test(line))
      .join('\n');
    const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)].map(
      (m) => m[1] ?? '',
    );
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => s.startsWith('.') || s.startsWith('/'))).toEqual([]);
    // The bundle and dist's modules are different code (after `tsc` alone they differ), so they
    // never share cached results; the bundle reuses its own.
    const cacheDir = makeTempDir();
    const args = [DEMO, '-q', '--format', 'json', '--cache-location', cacheDir];
    const script = [
      `const { main } = await import(${JSON.stringify(path.join(REPO, 'dist/cli.js'))});`,
      `process.exitCode = await main(${JSON.stringify(args)}, { cwd: process.cwd(), env: process.env, stdoutIsTTY: false, stderrIsTTY: false, write() {} });`,
    ].join('\n');
    const unbundled = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(unbundled.stderr).toBe('');
    const stats = () => {
      const run = runBin(args);
      expect(run.code).toBe(0);
      return (JSON.parse(run.stdout) as Report).stats;
    };
    const first = stats();
    expect(first.filesCached).toBe(0);
    expect(first.filesParsed).toBeGreaterThan(0);
    const second = stats();
    expect(second.filesParsed).toBe(0);
    expect(second.filesCached).toBe(first.filesParsed);
  });

  it('an unknown flag: exit 2, one line, no stack trace', () => {
    const result = runBin(['--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual(["csp-connect: Unknown option '--frobnicate'"]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('a bad --base-policy value: exit 2, one line, no stack trace', () => {
    const result = runBin([DEMO, '-q', '--base-policy', "default-src 'self', img-src *"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('colour', () => {
  it('never appears in piped output, in any stream or format', () => {
    for (const args of [
      [DEMO, '--format', 'text'],
      [DEMO, '--format', 'json'],
      [DEMO],
      ['explain', 'https://api.shop.example', DEMO],
      [SYNTAX_ERROR, '--format', 'text'],
    ]) {
      const result = runBin(args);
      expect(result.stdout.length, args.join(' ')).toBeGreaterThan(0);
      expect(result.stdout, args.join(' ')).not.toMatch(ANSI);
      expect(result.stderr, args.join(' ')).not.toMatch(ANSI);
    }
  });

  it('never appears with NO_COLOR set', () => {
    const result = runBin([DEMO, '--format', 'text'], plainEnv({ NO_COLOR: '1' }));
    expect(result.stdout).toContain('Why each source is there:');
    expect(result.stdout).not.toMatch(ANSI);
  });

  it.skipIf(!hasScript)('appears on a real terminal, and not there with NO_COLOR or TERM=dumb', () => {
    const colored = runBinOnTty([DEMO, '--format', 'text'], plainEnv());
    expect(colored.code).toBe(0);
    expect(colored.stdout).toContain('Why each source is there:');
    expect(colored.stdout).toMatch(ANSI);

    const offSwitches: Record<string, string>[] = [{ NO_COLOR: '1' }, { TERM: 'dumb' }];
    for (const extra of offSwitches) {
      const plain = runBinOnTty([DEMO, '--format', 'text'], plainEnv(extra));
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('Why each source is there:');
      expect(plain.stdout, JSON.stringify(extra)).not.toMatch(ANSI);
    }
  });

  describe('in process, with the streams declared as terminals', () => {
    it('the text format is coloured on a terminal', async () => {
      const result = await runCliOnTty([DEMO, '--format', 'text'], REPO);
      expect(result.stdout).toMatch(ANSI);
      // Without the escapes it is the plain output, character for character.
      const plain = await runCli([DEMO, '--format', 'text'], REPO);
      expect(result.stdout.replace(/\u001b\[\d+m/g, '')).toBe(plain.stdout);
    });

    it('stderr diagnostics are coloured on a terminal, plain with NO_COLOR', async () => {
      expect((await runCliOnTty([DEMO], REPO)).stderr).toMatch(ANSI);
      expect((await runCliOnTty([DEMO], REPO, { NO_COLOR: '1' })).stderr).not.toMatch(ANSI);
    });

    it('NO_COLOR and TERM=dumb turn it off', async () => {
      const offSwitches: Record<string, string>[] = [{ NO_COLOR: '1' }, { TERM: 'dumb' }];
      for (const env of offSwitches) {
        const result = await runCliOnTty([DEMO, '--format', 'text'], REPO, env);
        expect(result.stdout, JSON.stringify(env)).not.toMatch(ANSI);
      }
    });

    it('machine formats are never coloured, even on a terminal', async () => {
      for (const format of ['directive', 'header', 'meta', 'nginx', 'apache', 'helmet', 'json']) {
        const result = await runCliOnTty([DEMO, '--format', format, '-q'], REPO);
        expect(result.stdout, format).not.toMatch(ANSI);
      }
    });
  });
});
