// Scanning: every format on stdout, diagnostics on stderr, exit codes, --report-only, --origin,
// --allow, and the determinism of the JSON report.
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import {
  DEMO,
  DEMO_DIRECTIVE,
  DEMO_SOURCES,
  expectOneLineError,
  lines,
  makeProject,
  NEWSLETTER_SOURCE,
  parseReport,
  REPO,
  removeProjects,
  SAME_ORIGIN,
  SYNTAX_ERROR,
} from './support.js';

afterAll(removeProjects);

/** The demo app's diagnostics as the stderr lines of a non-text format show them. */
const DEMO_STDERR_CODES = ['warning  unresolved-url', 'info  wildcard-host'];

describe('scanning the demo app in each format', () => {
  const policy = DEMO_DIRECTIVE;
  const expectedStdout: Readonly<Record<string, (stdout: string) => void>> = {
    directive: (stdout) => expect(stdout).toBe(`${DEMO_DIRECTIVE}\n`),
    header: (stdout) => expect(stdout).toBe(`Content-Security-Policy: ${policy}\n`),
    meta: (stdout) =>
      expect(stdout).toBe(`<meta http-equiv="Content-Security-Policy" content="${policy}">\n`),
    nginx: (stdout) => expect(stdout).toBe(`add_header Content-Security-Policy "${policy}" always;\n`),
    apache: (stdout) => expect(stdout).toBe(`Header always set Content-Security-Policy "${policy}"\n`),
    helmet: (stdout) => expect(JSON.parse(stdout)).toEqual({ connectSrc: DEMO_SOURCES }),
    json: (stdout) => {
      const report = parseReport(stdout);
      expect(report.schemaVersion).toBe(1);
      expect(report.directive.value).toBe(DEMO_DIRECTIVE);
      expect(report.root).toBe(DEMO);
    },
  };

  for (const [format, check] of Object.entries(expectedStdout)) {
    it(`--format ${format}: the result on stdout, one diagnostic a line on stderr, exit 0`, async () => {
      const result = await runCli([DEMO, '--format', format], REPO);
      expect(result.code, 'only warnings and infos: exit 0').toBe(0);
      check(result.stdout);
      // The diagnostics, then one summary line about the unresolved target.
      const stderr = lines(result.stderr).filter((line) => !line.startsWith('csp-connect: '));
      expect(lines(result.stderr).at(-1)).toMatch(/^csp-connect: 1 connection target could not be resolved/);
      expect(stderr).toHaveLength(DEMO_STDERR_CODES.length);
      DEMO_STDERR_CODES.forEach((code, i) => {
        expect(stderr[i]).toContain(code);
      });
      expect(stderr[0]).toMatch(/^src\/admin\/webhook-preview\.ts:9:\d+ {2}warning {2}unresolved-url {2}\S/);
    });
  }

  it('the default format is the bare directive', async () => {
    const result = await runCli([DEMO], REPO);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${DEMO_DIRECTIVE}\n`);
  });

  it('`scan` may be named explicitly', async () => {
    const result = await runCli(['scan', DEMO, '-q'], REPO);
    expect(result).toEqual({ code: 0, stdout: `${DEMO_DIRECTIVE}\n`, stderr: '' });
  });

  it('--format text keeps everything on stdout, with the diagnostics and their frames, and stderr empty', async () => {
    const result = await runCli([DEMO, '--format', 'text'], REPO);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)[0]).toBe(DEMO_DIRECTIVE);
    expect(result.stdout).toContain('Why each source is there:');
    expect(result.stdout).toContain('Diagnostics:');
    expect(result.stdout).toMatch(/src\/admin\/webhook-preview\.ts:9:\d+ +warning +unresolved-url/);
    expect(result.stdout).toMatch(/> +9 \|/);
  });

  it('--quiet leaves stderr empty and the result unchanged', async () => {
    const result = await runCli([DEMO, '--format', 'header', '--quiet'], REPO);
    expect(result).toEqual({ code: 0, stdout: `Content-Security-Policy: ${policy}\n`, stderr: '' });
  });

  it('a project with no diagnostics writes nothing on stderr', async () => {
    const project = makeProject({ 'src/newsletter.ts': NEWSLETTER_SOURCE });
    const result = await runCli([project, '--format', 'header'], REPO);
    expect(result).toEqual({
      code: 0,
      stdout: 'Content-Security-Policy: connect-src https://lists.newsletter.example\n',
      stderr: '',
    });
  });
});

describe('a file that does not parse', () => {
  it('exits 1 with an error-level parse-error, and the other files are still scanned', async () => {
    const result = await runCli([SYNTAX_ERROR, '--format', 'json'], REPO);
    expect(result.code).toBe(1);
    const report = parseReport(result.stdout);
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.location?.file])).toEqual([['parse-error', 'src/checkout-total.js']]);
    // order-api.js sits beside the broken file and is still read.
    expect(report.findings.map((f) => f.location.file)).toContain('src/order-api.js');
    expect(report.directive.sources).toContain('https://orders.kiosk.example');
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^src\/checkout-total\.js:5:\d+ {2}error {2}parse-error {2}/),
    ]);
  });

  it('exits 1 in the directive and text formats too', async () => {
    const directive = await runCli([SYNTAX_ERROR], REPO);
    expect(directive.code).toBe(1);
    expect(directive.stdout).toBe("connect-src 'self' https://orders.kiosk.example\n");
    expect(directive.stderr).toMatch(/parse-error/);

    const text = await runCli([SYNTAX_ERROR, '--format', 'text'], REPO);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/src\/checkout-total\.js:5:\d+ +error +parse-error/);
  });

  it('--quiet hides the diagnostic but not the exit code', async () => {
    const result = await runCli([SYNTAX_ERROR, '--quiet'], REPO);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
  });
});

describe('--report-only', () => {
  const cases = [
    ['header', `Content-Security-Policy-Report-Only: ${DEMO_DIRECTIVE}\n`],
    ['nginx', `add_header Content-Security-Policy-Report-Only "${DEMO_DIRECTIVE}" always;\n`],
    ['apache', `Header always set Content-Security-Policy-Report-Only "${DEMO_DIRECTIVE}"\n`],
  ] as const;
  for (const [format, expected] of cases) {
    it(`names the header Content-Security-Policy-Report-Only in --format ${format}`, async () => {
      const result = await runCli([DEMO, '--format', format, '--report-only', '-q'], REPO);
      expect(result).toEqual({ code: 0, stdout: expected, stderr: '' });
    });
  }

  it('tells helmet to report only', async () => {
    const result = await runCli([DEMO, '--format', 'helmet', '--report-only', '-q'], REPO);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ directives: { connectSrc: DEMO_SOURCES }, reportOnly: true });
  });

  it('with --format meta is refused: exit 2 and one line saying why', async () => {
    const result = await runCli([DEMO, '--format', 'meta', '--report-only'], REPO);
    const line = expectOneLineError(result, /report-only/);
    expect(line).toMatch(/<meta>/);
  });
});

describe('--origin', () => {
  it('without it, absolute URLs to the page origin are listed as they are', async () => {
    const result = await runCli([SAME_ORIGIN], REPO);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'connect-src https://admin.shop.example https://partner.example https://shop.example https://shop.example:8443 wss://shop.example\n',
    );
  });

  it("turns absolute same-origin URLs (and the same host's wss:) into 'self', and nothing else", async () => {
    const result = await runCli([SAME_ORIGIN, '--origin', 'https://shop.example'], REPO);
    expect(result.code).toBe(0);
    // A sibling host and another port are other origins.
    expect(result.stdout).toBe(
      "connect-src 'self' https://admin.shop.example https://partner.example https://shop.example:8443\n",
    );
    const json = parseReport(
      (await runCli([SAME_ORIGIN, '--origin', 'https://shop.example', '-f', 'json'], REPO)).stdout,
    );
    expect(json.origin).toBe('https://shop.example');
  });

  it('is normalised: case, default port and a trailing slash do not matter', async () => {
    const plain = await runCli([SAME_ORIGIN, '--origin', 'https://shop.example'], REPO);
    const written = await runCli([SAME_ORIGIN, '--origin', 'https://SHOP.example:443/'], REPO);
    expect(written).toEqual(plain);
  });
});

describe('--allow', () => {
  it('adds sources to the directive, each marked as allowed in the report', async () => {
    const args = [DEMO, '--allow', 'https://cdn.example', '--allow', 'wss://chat.example', '-q'];
    const result = await runCli(args, REPO);
    expect(result.code).toBe(0);
    const sources = result.stdout.trim().split(' ').slice(1);
    expect(sources).toEqual([
      "'self'",
      'https://*.stock.shop.example',
      'https://api.shop.example',
      'https://cdn.example',
      'https://clicks.shop.example',
      'https://events.shop.example:8443',
      'https://telemetry.shop.example',
      'https://uploads.shop.example',
      'wss://chat.example',
      'wss://prices.shop.example',
    ]);
    const report = parseReport((await runCli([...args, '-f', 'json'], REPO)).stdout);
    const allowed = report.sources.filter((s) => s.allowed).map((s) => s.expression);
    expect(allowed).toEqual(['https://cdn.example', 'wss://chat.example']);
  });

  it('an invalid source is refused with exit 2, naming the flag and the value', async () => {
    expectOneLineError(
      await runCli([DEMO, '--allow', 'https://exa mple.com'], REPO),
      /--allow "https:\/\/exa mple\.com"/,
    );
    expectOneLineError(await runCli([DEMO, '--allow', "'unsafe-inline'"], REPO), /--allow "'unsafe-inline'"/);
  });
});

describe('determinism', () => {
  it('two runs of --format json are byte-identical', async () => {
    const first = await runCli([DEMO, '--format', 'json'], REPO);
    const second = await runCli([DEMO, '--format', 'json'], REPO);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
  });

  it('the JSON holds no absolute path: not the repository, not the temp directory', async () => {
    const { stdout } = await runCli([DEMO, '--format', 'json'], REPO);
    expect(stdout).not.toContain(REPO);
    expect(stdout).not.toContain(os.tmpdir());
    expect(stdout).not.toContain(os.homedir());
    for (const finding of parseReport(stdout).findings) expect(finding.location.file).not.toMatch(/^\//);
  });

  it('a project under the temp directory, given by its absolute path, is reported relative to it', async () => {
    const project = makeProject({ 'src/newsletter.ts': NEWSLETTER_SOURCE });
    const { stdout, code } = await runCli([project, '--format', 'json'], project);
    expect(code).toBe(0);
    expect(stdout).not.toContain(project);
    expect(stdout).not.toContain(os.tmpdir());
    const report = parseReport(stdout);
    expect(report.root).toBe('.');
    expect(report.findings.map((f) => f.location.file)).toEqual(['src/newsletter.ts']);
  });
});
