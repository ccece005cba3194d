// --help, --version and every way to call the CLI wrongly: exit 2 and one line naming the mistake.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DEMO, expectOneLineError, REPO } from './support.js';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }
).version;

const COMMANDS = ['scan', 'check <policy-file>', 'explain <source>'];
const FLAGS = [
  ['-f', '--format'],
  ['-o', '--out'],
  [null, '--origin'],
  [null, '--allow'],
  [null, '--include'],
  [null, '--exclude'],
  [null, '--no-default-excludes'],
  [null, '--report-only'],
  [null, '--base-policy'],
  ['-c', '--config'],
  [null, '--no-config'],
  [null, '--strict'],
  ['-q', '--quiet'],
  ['-h', '--help'],
  ['-v', '--version'],
] as const;
const FORMAT_NAMES = ['directive', 'header', 'meta', 'nginx', 'apache', 'helmet', 'json', 'text'];

describe('--help', () => {
  it('exits 0 and prints usage on stdout only', async () => {
    const result = await runCli(['--help'], REPO);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^csp-connect/);
    expect(result.stdout).toMatch(/Usage:/);
  });

  it('mentions every command, every flag (with its short form) and every format', async () => {
    const { stdout } = await runCli(['--help'], REPO);
    for (const command of COMMANDS) expect(stdout).toContain(command);
    for (const [short, long] of FLAGS) {
      const pattern = short === null ? new RegExp(`\\s${long}\\b`) : new RegExp(`${short}, ${long}\\b`);
      expect(stdout, `${short ?? ''} ${long}`).toMatch(pattern);
    }
    for (const format of FORMAT_NAMES) expect(stdout).toContain(format);
    expect(stdout).toMatch(/Exit codes: 0 .*1 .*2 /);
  });

  it('lists no flag the parser does not know', async () => {
    const { stdout } = await runCli(['--help'], REPO);
    const listed = [...new Set(stdout.match(/--[a-z][a-z-]*/g) ?? [])];
    expect(listed.length).toBeGreaterThanOrEqual(FLAGS.length);
    for (const flag of listed) {
      // A string flag takes `json` as its value (which it may reject), a boolean one leaves it as a path.
      const result = await runCli([flag, 'json', '--help'], REPO);
      expect(result.stderr, flag).not.toMatch(/Unknown option/i);
    }
  });

  it('-h is the same as --help, also after a command', async () => {
    const long = await runCli(['--help'], REPO);
    expect((await runCli(['-h'], REPO)).stdout).toBe(long.stdout);
    expect((await runCli(['check', '--help'], REPO)).stdout).toBe(long.stdout);
    expect((await runCli(['explain', '-h'], REPO)).code).toBe(0);
  });
});

describe('--version', () => {
  it('prints the version of package.json and exits 0', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await runCli([flag], REPO);
      expect(result).toEqual({ code: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
    }
  });
});

describe('usage errors: exit 2, one line naming the problem, no stack trace', () => {
  const cases: readonly (readonly [string, readonly string[], RegExp])[] = [
    ['an unknown flag', ['--frobnicate', DEMO], /--frobnicate/],
    ['an unknown short flag', ['-x', DEMO], /-x/],
    ['a misspelt flag', ['--formt', 'json', DEMO], /--formt/],
    ['--format without a value', [DEMO, '--format'], /--format.*missing/],
    ['--out without a value', [DEMO, '--out'], /--out.*missing/],
    ['--out followed by another flag', [DEMO, '--out', '--format', 'json'], /--out/],
    ['--origin with an empty value', [DEMO, '--origin='], /--origin needs a value/],
    ['an unknown --format', [DEMO, '--format', 'yaml'], /--format must be one of .*"yaml"/],
    ['a --format in the wrong case', [DEMO, '--format', 'JSON'], /--format .*"JSON"/],
    ['an --origin that is not a URL', [DEMO, '--origin', 'shop.example'], /--origin .*"shop\.example"/],
    [
      'an --origin with a path',
      [DEMO, '--origin', 'https://shop.example/app'],
      /--origin .*origin only.*"https:\/\/shop\.example\/app"/,
    ],
    ['an --origin that is not http(s)', [DEMO, '--origin', 'ftp://shop.example'], /--origin .*http/],
    ['check without a policy file', ['check'], /check needs the committed policy file/],
    ['explain without a source', ['explain'], /explain needs a source expression/],
    ['--config with --no-config', [DEMO, '--config', 'x.json', '--no-config'], /--config and --no-config/],
    [
      '--max-memory that is not a number',
      [DEMO, '--max-memory', '2GB'],
      /--max-memory expects a number of megabytes/,
    ],
    ['--max-memory of zero', [DEMO, '--max-memory', '0'], /--max-memory expects a number of megabytes/],
    [
      'a --config file that does not exist',
      [DEMO, '--config', 'no-such.config.json'],
      /no-such\.config\.json/,
    ],
    ['an --allow that is not a source expression', [DEMO, '--allow', 'https://exa mple.com'], /--allow/],
  ];

  for (const [name, args, names] of cases) {
    it(name, async () => {
      expectOneLineError(await runCli([...args], REPO), names);
    });
  }
});
