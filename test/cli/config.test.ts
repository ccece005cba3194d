// Config files found in the scanned root, their mistakes, and how flags override them.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectOneLineError, makeProject, NEWSLETTER_SOURCE, REPO, removeProjects } from './support.js';

afterAll(removeProjects);

const SOURCE = { 'src/newsletter.ts': NEWSLETTER_SOURCE };
const BARE = 'connect-src https://lists.newsletter.example\n';
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('config picked up from the scanned root', () => {
  it('csp-connect.config.json', async () => {
    const project = makeProject({
      ...SOURCE,
      'csp-connect.config.json': json({ format: 'header', allow: ['https://cdn.newsletter.example'] }),
    });
    // Run from elsewhere: the config of the scanned directory applies, not the cwd's.
    const result = await runCli([project], REPO);
    expect(result).toEqual({
      code: 0,
      stdout:
        'Content-Security-Policy: connect-src https://cdn.newsletter.example https://lists.newsletter.example\n',
      stderr: '',
    });
  });

  it('csp-connect.config.mjs', async () => {
    const project = makeProject({
      ...SOURCE,
      'csp-connect.config.mjs':
        "export default { format: 'nginx', origin: 'https://lists.newsletter.example', reportOnly: true };\n",
    });
    const result = await runCli([project], REPO);
    expect(result).toEqual({
      code: 0,
      stdout: `add_header Content-Security-Policy-Report-Only "connect-src 'self'" always;\n`,
      stderr: '',
    });
  });

  it('the cspConnect key of package.json', async () => {
    const project = makeProject({
      ...SOURCE,
      'package.json': json({ name: 'newsletter-widget', private: true, cspConnect: { format: 'apache' } }),
    });
    const result = await runCli(['.'], project);
    expect(result).toEqual({
      code: 0,
      stdout: 'Header always set Content-Security-Policy "connect-src https://lists.newsletter.example"\n',
      stderr: '',
    });
  });

  it('a package.json without cspConnect is no config', async () => {
    const project = makeProject({ ...SOURCE, 'package.json': json({ name: 'newsletter-widget' }) });
    expect(await runCli([project], REPO)).toEqual({ code: 0, stdout: BARE, stderr: '' });
  });

  it('csp-connect.config.json wins over package.json', async () => {
    const project = makeProject({
      ...SOURCE,
      'csp-connect.config.json': json({ format: 'header' }),
      'package.json': json({ name: 'newsletter-widget', cspConnect: { format: 'apache' } }),
    });
    expect((await runCli([project], REPO)).stdout).toMatch(/^Content-Security-Policy: /);
  });

  it('a config in the current directory does not apply to another scanned directory', async () => {
    const elsewhere = makeProject({ 'csp-connect.config.json': json({ format: 'header' }) });
    const project = makeProject(SOURCE);
    expect(await runCli([project], elsewhere)).toEqual({ code: 0, stdout: BARE, stderr: '' });
  });

  it('--config names a file, relative to the current directory', async () => {
    const project = makeProject({ ...SOURCE, 'ci/csp.json': json({ format: 'header' }) });
    const result = await runCli(['.', '--config', 'ci/csp.json'], project);
    expect(result.stdout).toBe(`Content-Security-Policy: ${BARE}`);
  });
});

describe('a wrong config: exit 2 and one line naming the file and the key', () => {
  const cases: readonly (readonly [string, Readonly<Record<string, string>>, RegExp])[] = [
    [
      'an unknown key in csp-connect.config.json',
      { 'csp-connect.config.json': json({ formatt: 'header' }) },
      /csp-connect\.config\.json: "formatt": unknown key; did you mean "format"\?/,
    ],
    [
      'an unknown key in csp-connect.config.mjs',
      { 'csp-connect.config.mjs': "export default { allowed: ['https://cdn.example'] };\n" },
      /csp-connect\.config\.mjs: "allowed": unknown key/,
    ],
    [
      'an unknown key under cspConnect in package.json',
      { 'package.json': json({ name: 'newsletter-widget', cspConnect: { reportonly: true } }) },
      /package\.json: "cspConnect\.reportonly": unknown key; did you mean "reportOnly"\?/,
    ],
    [
      'a value of the wrong type',
      { 'csp-connect.config.json': json({ allow: 'https://cdn.example' }) },
      /csp-connect\.config\.json: "allow": expected an array/,
    ],
    [
      'a bad entry in a list',
      { 'csp-connect.config.json': json({ allow: ['https://cdn.example', 'https://exa mple.com'] }) },
      /csp-connect\.config\.json: "allow\[1\]": .*not a valid CSP source expression/,
    ],
    [
      'an origin with a path',
      { 'csp-connect.config.json': json({ origin: 'https://shop.example/app' }) },
      /csp-connect\.config\.json: "origin": /,
    ],
    [
      'a format that does not exist',
      { 'csp-connect.config.json': json({ format: 'ngnix' }) },
      /csp-connect\.config\.json: "format": "ngnix" is not a format; did you mean "nginx"\?/,
    ],
    [
      'a JSON syntax error, with its line and column',
      { 'csp-connect.config.json': '{\n  "format": "header",\n}\n' },
      /csp-connect\.config\.json:2:\d+: invalid JSON: a trailing comma/,
    ],
    [
      'an .mjs config with no default export',
      { 'csp-connect.config.mjs': "export const format = 'header';\n" },
      /csp-connect\.config\.mjs: has no default export/,
    ],
  ];

  for (const [name, files, names] of cases) {
    it(name, async () => {
      const project = makeProject({ ...SOURCE, ...files });
      expectOneLineError(await runCli([project], REPO), names);
    });
  }

  it('the line names the file as the scan sees it, not an absolute path', async () => {
    const project = makeProject({ ...SOURCE, 'csp-connect.config.json': json({ formatt: 'header' }) });
    const line = expectOneLineError(await runCli([project], REPO), /formatt/);
    expect(line).not.toContain(project);
  });
});

describe('flags and config together', () => {
  const project = makeProject({
    ...SOURCE,
    'csp-connect.config.json': json({
      format: 'header',
      origin: 'https://lists.newsletter.example',
      allow: ['https://cdn.newsletter.example'],
    }),
  });

  it('the config applies when no flag says otherwise', async () => {
    const result = await runCli([project], REPO);
    expect(result.stdout).toBe(
      "Content-Security-Policy: connect-src 'self' https://cdn.newsletter.example\n",
    );
  });

  it('--format wins over the file', async () => {
    const result = await runCli([project, '--format', 'directive'], REPO);
    expect(result.stdout).toBe("connect-src 'self' https://cdn.newsletter.example\n");
  });

  it('--origin wins over the file', async () => {
    // Under the file's origin the list host is 'self'; under this one it is another origin.
    const result = await runCli([project, '--origin', 'https://newsletter.example'], REPO);
    expect(result.stdout).toBe(
      'Content-Security-Policy: connect-src https://cdn.newsletter.example https://lists.newsletter.example\n',
    );
  });

  it('--allow adds to the allow list of the file', async () => {
    const result = await runCli([project, '--allow', 'wss://live.newsletter.example'], REPO);
    expect(result.stdout).toBe(
      "Content-Security-Policy: connect-src 'self' https://cdn.newsletter.example wss://live.newsletter.example\n",
    );
  });

  it('--no-config ignores the file', async () => {
    expect(await runCli([project, '--no-config'], REPO)).toEqual({ code: 0, stdout: BARE, stderr: '' });
  });

  it('--no-config also ignores a broken file', async () => {
    const broken = makeProject({ ...SOURCE, 'csp-connect.config.json': json({ formatt: 'header' }) });
    expect(await runCli([broken, '--no-config'], REPO)).toEqual({ code: 0, stdout: BARE, stderr: '' });
  });

  it('--config replaces the file found in the root', async () => {
    const other = path.join(makeProject({ 'apache.json': json({ format: 'apache' }) }), 'apache.json');
    const result = await runCli([project, '--config', other], REPO);
    expect(result.stdout).toBe(
      'Header always set Content-Security-Policy "connect-src https://lists.newsletter.example"\n',
    );
  });
});

describe('a basePolicy file named in the config', () => {
  const project = makeProject({
    ...SOURCE,
    'deploy/csp.txt': "Content-Security-Policy: script-src 'self'; connect-src https://old-api.example\n",
    'csp-connect.config.json': json({ format: 'header', basePolicy: 'deploy/csp.txt' }),
  });
  const expected = `Content-Security-Policy: script-src 'self'; connect-src https://lists.newsletter.example\n`;

  it('is read when the tool runs in the project', async () => {
    expect(await runCli(['.'], project)).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  // BUG: the config's relative basePolicy path is resolved against the current directory, not
  // the config file's directory. Run from elsewhere, the file is not found and the path itself
  // becomes the policy: `Content-Security-Policy: deploy/csp.txt; connect-src ...`, exit 0.
  // Expected: the same output wherever the tool runs, as for every other config key.
  it('is read the same when the tool runs from another directory', async () => {
    expect(await runCli([project], REPO)).toEqual({ code: 0, stdout: expected, stderr: '' });
  });
});
