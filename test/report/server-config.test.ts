// The nginx and apache snippets are checked by the real servers: the config must pass `-t`,
// and a server started on loopback must send exactly the policy. Without the binaries the
// tests skip, except in CI, where .ci/run installs them and their absence is a failure.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { analyze } from '../../src/pipeline.js';
import { render } from '../../src/report/index.js';
import type { Report } from '../../src/types.js';
import { directiveOnlyReport, mergedReport, withPolicy } from './sample-report.js';
import { findBinary, freePort, inCI, run, serveOnce } from './server-harness.js';

const APACHE_MODULES = '/usr/lib/apache2/modules';

interface ServerKind {
  readonly binary: string;
  readonly packageName: string;
  readonly format: 'nginx' | 'apache';
  /** A config that holds `snippet` where a header directive belongs, and its request path. */
  readonly config: (
    dir: string,
    port: number,
    snippet: string,
  ) => { readonly text: string; readonly path: string };
  readonly testArgs: (configFile: string, dir: string) => string[];
  readonly serveArgs: (configFile: string, dir: string) => string[];
  /** A valid policy full of characters this server's config syntax treats specially. */
  readonly trickyPolicy: string;
}

const NGINX: ServerKind = {
  binary: 'nginx',
  packageName: 'nginx',
  format: 'nginx',
  // Every path nginx would otherwise take from its compiled-in prefix is under `dir`.
  config: (dir, port, snippet) => ({
    path: '/',
    text: [
      'daemon off;',
      'master_process off;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      'events { worker_connections 16; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${dir}/client_body;`,
      `  proxy_temp_path ${dir}/proxy;`,
      `  fastcgi_temp_path ${dir}/fastcgi;`,
      `  uwsgi_temp_path ${dir}/uwsgi;`,
      `  scgi_temp_path ${dir}/scgi;`,
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / {',
      '      return 204;',
      `      ${snippet.trimEnd()}`,
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  }),
  testArgs: (file, dir) => ['-t', '-q', '-c', file, '-p', dir, '-e', `${dir}/error.log`],
  serveArgs: (file, dir) => ['-c', file, '-p', dir, '-e', `${dir}/error.log`],
  // Backslash pairs nginx would decode (\t, \', \\) and ones it keeps (\c) must all survive.
  trickyPolicy: String.raw`connect-src 'self' https://api.example.com/caf%C3%A9/; report-uri /r/a"b\c\t\'\\#{x};`,
};

const APACHE: ServerKind = {
  binary: 'apache2',
  packageName: 'apache2-bin',
  format: 'apache',
  // Self-contained: no /etc/apache2/envvars, every path under `dir`, only the modules needed.
  config: (dir, port, snippet) => ({
    path: '/index.html',
    text: [
      `ServerRoot "${dir}"`,
      `DefaultRuntimeDir "${dir}"`,
      `PidFile "${dir}/httpd.pid"`,
      `ErrorLog "${dir}/error.log"`,
      `Mutex file:${dir}`,
      `LoadModule mpm_event_module ${APACHE_MODULES}/mod_mpm_event.so`,
      `LoadModule authz_core_module ${APACHE_MODULES}/mod_authz_core.so`,
      `LoadModule headers_module ${APACHE_MODULES}/mod_headers.so`,
      `Listen 127.0.0.1:${port}`,
      'ServerName 127.0.0.1',
      `DocumentRoot "${dir}/www"`,
      snippet.trimEnd(),
      '',
    ].join('\n'),
  }),
  testArgs: (file) => ['-t', '-f', file],
  // -X: one process in the foreground, so the test owns its only pid.
  serveArgs: (file) => ['-X', '-f', file],
  trickyPolicy: "connect-src 'self' https://api.example.com/caf%C3%A9/100%25; report-uri /r?x=$y#{z};",
};

function serverTests(kind: ServerKind): void {
  const binary = findBinary(kind.binary);
  if (binary === null) {
    if (inCI()) {
      it(`${kind.binary} is installed (CI requires it; .ci/run installs ${kind.packageName})`, () => {
        expect.fail(
          `${kind.binary} was not found on PATH or in /usr/sbin; apt-get install ${kind.packageName}`,
        );
      });
    } else {
      console.warn(
        `server-config: ${kind.binary} not found; skipping its checks (apt-get install ${kind.packageName})`,
      );
      it.skip(`skipped: ${kind.binary} is not installed (apt-get install ${kind.packageName} to run these checks)`, () => {});
    }
    return;
  }

  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(`${tmpdir()}/csp-connect-${kind.binary}-`);
  });
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  async function write(
    name: string,
    report: Report,
    reportOnly: boolean,
  ): Promise<{ file: string; port: number; path: string; work: string }> {
    const work = `${dir}/${name}`;
    mkdirSync(`${work}/www`, { recursive: true });
    writeFileSync(`${work}/www/index.html`, '<!doctype html><title>ok</title>\n');
    const port = await freePort();
    const snippet = render(report, kind.format, { reportOnly, color: false });
    const { text, path } = kind.config(work, port, snippet);
    const file = `${work}/server.conf`;
    writeFileSync(file, text);
    return { file, port, path, work };
  }

  const cases: readonly { readonly name: string; readonly report: Report; readonly reportOnly: boolean }[] = [
    { name: 'merged', report: mergedReport(), reportOnly: false },
    { name: 'report-only', report: mergedReport(), reportOnly: true },
    { name: 'tricky', report: withPolicy(directiveOnlyReport(), kind.trickyPolicy), reportOnly: false },
  ];

  for (const { name, report, reportOnly } of cases) {
    it(`${kind.binary} -t accepts the ${name} snippet`, async () => {
      const { file, work } = await write(`${name}-t`, report, reportOnly);
      const result = await run(binary, kind.testArgs(file, work));
      expect(result.code, result.output).toBe(0);
    });

    it(`${kind.binary} sends exactly the ${name} policy`, async () => {
      const { file, port, path, work } = await write(`${name}-serve`, report, reportOnly);
      const headers = await serveOnce(binary, kind.serveArgs(file, work), port, path, `${work}/error.log`);
      const header = reportOnly ? 'content-security-policy-report-only' : 'content-security-policy';
      expect(headers[header]).toBe(report.policy);
      const other = reportOnly ? 'content-security-policy' : 'content-security-policy-report-only';
      expect(headers[other]).toBeUndefined();
    });
  }
}

/** A report made by scanning the hostile fixture, as a user's run would make it. */
async function hostileScan(): Promise<Report> {
  return analyze({ root: path.resolve(import.meta.dirname, '../../fixtures/hostile/injection-attempts') });
}

function hostileTests(kind: ServerKind): void {
  const binary = findBinary(kind.binary);
  if (binary === null) return;
  it(`${kind.binary} -t accepts the snippet made from hostile scanned code, with exactly one connect-src`, async () => {
    const report = await hostileScan();
    const snippet = render(report, kind.format, { reportOnly: false, color: false });
    expect(snippet.match(/connect-src/g)).toHaveLength(1);
    expect(snippet.trimEnd().split('\n')).toHaveLength(1);
    const work = mkdtempSync(`${tmpdir()}/csp-connect-hostile-${kind.binary}-`);
    try {
      mkdirSync(`${work}/www`, { recursive: true });
      const { text } = kind.config(work, await freePort(), snippet);
      writeFileSync(`${work}/server.conf`, text);
      const result = await run(binary, kind.testArgs(`${work}/server.conf`, work));
      expect(result.code, result.output).toBe(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

describe('nginx snippet in a real nginx', () => {
  hostileTests(NGINX);
  serverTests(NGINX);
});

describe('apache snippet in a real Apache httpd', () => {
  hostileTests(APACHE);
  serverTests(APACHE);
});
