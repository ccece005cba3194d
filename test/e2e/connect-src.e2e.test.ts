// Issue 4, "prove every policy in a real browser": the fixture apps under fixtures/e2e/ are scanned
// with the CLI, served on loopback with the generated directive as a real Content-Security-Policy
// header, and driven in headless Chromium. The servers' logs say what got through; the page's
// securitypolicyviolation events say what the browser blocked. How to run: test/e2e/README.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, SinkKind } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { APPS, appHost, describeConnection, E2E_FIXTURES, type E2eApp, isHitOf } from './apps.js';
import { E2eBrowser, type ProbeKind, probeFrom, settle, skipReason, type Violation } from './chromium.js';
import { FakeOrigins, type Hit, hitUrl, PORTS } from './fake-origins.js';
import { sourceNames } from './source-scope.js';

const SKIP = skipReason();
const PROBE_HOST = `probe.e2e.test:${PORTS.app}`;
const PRINTABLE_ASCII_DIRECTIVE = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

async function scan(app: E2eApp): Promise<Report> {
  const { code, stdout, stderr } = await runCli(
    [app.dir, '--format', 'json', '--origin', app.origin],
    E2E_FIXTURES,
  );
  if (code !== 0) throw new Error(`csp-connect exited ${code} on fixtures/e2e/${app.name}:\n${stderr}`);
  return JSON.parse(stdout) as Report;
}

// One necessity test per emitted source, so the sources must be known when tests are collected.
const scans = await Promise.all(APPS.map(async (app) => ({ app, report: await scan(app) })));

interface AppRun {
  /** What window.runAll() resolved to. */
  readonly outcomes: unknown;
  readonly pingLinks: number;
  readonly violations: readonly Violation[];
  readonly hits: readonly Hit[];
}

interface ProbeResult {
  readonly outcome: string;
  readonly violations: readonly Violation[];
  readonly hits: readonly string[];
}

if (SKIP !== null) {
  // Printed so a local run says why the browser suite did nothing (the test name says it too).
  console.warn(`test/e2e: browser suite skipped: ${SKIP}`);
  describe('connect-src in headless Chromium', () => {
    it.skip(`skipped: ${SKIP}`, () => undefined);
  });
} else {
  describe('connect-src in headless Chromium', () => {
    let origins: FakeOrigins | undefined;
    let browser: E2eBrowser | undefined;

    beforeAll(async () => {
      origins = await FakeOrigins.start(new Map(APPS.map((app) => [appHost(app), app.dir])));
      browser = await E2eBrowser.launch();
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      await origins?.close();
    });

    function started(): { origins: FakeOrigins; browser: E2eBrowser } {
      if (origins === undefined || browser === undefined) throw new Error('e2e: beforeAll did not finish');
      return { origins, browser };
    }

    /**
     * Serves `app` with `policy`, runs every connection it makes (window.runAll, then a click on each
     * `<a ping>`), and waits until `done` holds for what the servers and the page saw.
     */
    async function runApp(
      app: E2eApp,
      policy: string,
      done: (hits: readonly Hit[], violations: readonly Violation[]) => boolean,
    ): Promise<AppRun> {
      const { origins, browser } = started();
      origins.reset();
      origins.setPolicy(appHost(app), policy);
      const open = await browser.open(`${app.origin}/`);
      try {
        const outcomes: unknown = await open.page.evaluate('window.runAll()');
        const pingLinks = await open.clickPingLinks();
        await settle(async () => done(origins.hits, await open.violations()));
        return { outcomes, pingLinks, violations: await open.violations(), hits: [...origins.hits] };
      } finally {
        await open.close();
      }
    }

    /** One connection from a blank page served with `policy`. */
    async function probe(policy: string, kind: ProbeKind, url: string): Promise<ProbeResult> {
      const { origins, browser } = started();
      origins.reset();
      origins.setPolicy(PROBE_HOST, policy);
      const open = await browser.open(`http://${PROBE_HOST}/`);
      try {
        const outcome = await probeFrom(open, kind, url);
        await settle(async () => origins.hits.length > 0 || (await open.violations()).length > 0);
        return { outcome, violations: await open.violations(), hits: origins.hits.map(hitUrl) };
      } finally {
        await open.close();
      }
    }

    function expectBlocked(result: ProbeResult, url: string): void {
      expect(result.outcome, 'what the page saw').toBe('error');
      expect(result.violations.length, 'violation events').toBeGreaterThan(0);
      for (const violation of result.violations)
        expect(violation).toEqual({
          blockedURI: url,
          effectiveDirective: 'connect-src',
          disposition: 'enforce',
        });
      expect(result.hits, 'requests the servers received').toEqual([]);
    }

    function expectAllowed(result: ProbeResult, url: string, outcome: string): void {
      expect(result.outcome, 'what the page saw').toBe(outcome);
      expect(result.violations, 'violation events').toEqual([]);
      expect(result.hits, 'requests the servers received').toEqual([url]);
    }

    it('the fixture apps exercise all six sinks', () => {
      const sinks = new Set<SinkKind>(APPS.flatMap((app) => app.connections.map((c) => c.sink)));
      expect([...sinks].sort()).toEqual(['beacon', 'event-source', 'fetch', 'ping', 'websocket', 'xhr']);
    });

    for (const { app, report } of scans) {
      describe(`fixtures/e2e/${app.name}`, () => {
        const sources = report.directive.sources;
        const page = new URL(app.origin);

        it('gets a directive of printable ASCII only', () => {
          expect(report.directive.value).toMatch(PRINTABLE_ASCII_DIRECTIVE);
          expect(sources.length).toBeGreaterThan(0);
        });

        it('with the generated policy, every connection reaches its server and nothing is blocked', async () => {
          const policy = report.directive.value;
          const run = await runApp(app, policy, (hits) =>
            app.connections.every((connection) => hits.some((hit) => isHitOf(connection, hit))),
          );
          expect(run.violations, `violations under "${policy}"`).toEqual([]);
          expect(run.outcomes, 'what window.runAll() saw').toEqual(app.outcomes);
          expect(run.pingLinks).toBe(app.connections.filter((c) => c.sink === 'ping').length);
          const missing = app.connections.filter((c) => !run.hits.some((hit) => isHitOf(c, hit)));
          expect(missing.map(describeConnection), 'connections that never reached their server').toEqual([]);
          // The hand-written connection list must be the whole story, or the necessity tests mean less.
          const unexpected = run.hits.filter((hit) => !app.connections.some((c) => isHitOf(c, hit)));
          expect(unexpected.map(hitUrl), 'requests the connection list does not know').toEqual([]);
        });

        it.each(sources)(
          'needs %s: without it the browser blocks what it stands for and that server hears nothing',
          async (source) => {
            const rest = sources.filter((other) => other !== source);
            const policy = `connect-src ${rest.length > 0 ? rest.join(' ') : "'none'"}`;
            const cut = app.connections.filter((c) => sourceNames(source, new URL(c.url), page));
            const kept = app.connections.filter((c) => !cut.includes(c));
            expect(cut.length, `connections of ${app.name} that ${source} stands for`).toBeGreaterThan(0);
            const blockedUrls = cut.map((c) => new URL(c.url).href);

            const run = await runApp(
              app,
              policy,
              (hits, violations) =>
                kept.every((c) => hits.some((hit) => isHitOf(c, hit))) &&
                blockedUrls.every((url) => violations.some((v) => v.blockedURI === url)),
            );
            expect(run.violations.length, `violations under "${policy}"`).toBeGreaterThan(0);
            for (const violation of run.violations) {
              expect(violation.effectiveDirective).toBe('connect-src');
              expect(violation.disposition).toBe('enforce');
              expect(sourceNames(source, new URL(violation.blockedURI), page), violation.blockedURI).toBe(
                true,
              );
            }
            const unreported = blockedUrls.filter((url) => !run.violations.some((v) => v.blockedURI === url));
            expect(unreported, 'blocked connections without a violation event').toEqual([]);
            const leaked = run.hits.filter((hit) => sourceNames(source, new URL(hitUrl(hit)), page));
            expect(leaked.map(hitUrl), `requests that got through without ${source}`).toEqual([]);
            const missing = kept.filter((c) => !run.hits.some((hit) => isHitOf(c, hit)));
            expect(missing.map(describeConnection), 'other connections that stopped working').toEqual([]);
          },
        );
      });
    }

    describe('the IDN host of fixtures/e2e/bookshop', () => {
      const bookshop = scans.find(({ app }) => app.name === 'bookshop');

      it('is written in punycode in the directive, though the code spells it bücher.e2e.test', () => {
        expect(bookshop).toBeDefined();
        const report = bookshop?.report;
        expect(report?.findings.some((f) => f.value.includes('bücher.e2e.test'))).toBe(true);
        expect(report?.directive.value).toMatch(PRINTABLE_ASCII_DIRECTIVE);
        expect(report?.directive.sources).toContain(`http://xn--bcher-kva.e2e.test:${PORTS.idn}`);
        expect(report?.directive.sources).toContain(`ws://xn--bcher-kva.e2e.test:${PORTS.idn}`);
      });
    });

    describe('the browser behaviours csp-connect relies on (hand-written policies)', () => {
      const live = `live.e2e.test:${PORTS.live}`;
      const api = `api.e2e.test:${PORTS.api}`;

      it('a WebSocket needs a ws: source: an http: source for the same host and port does not let it through', async () => {
        const socket = `ws://${live}/ticker`;
        expectBlocked(await probe(`connect-src http://${live}`, 'websocket', socket), socket);
        expectBlocked(await probe('connect-src http:', 'websocket', socket), socket);
        expectAllowed(await probe(`connect-src ws://${live}`, 'websocket', socket), socket, 'message');
      });

      it("'self' covers sockets to the page's own host and port, which the spelled-out origin does not", async () => {
        const sameHost = `ws://${PROBE_HOST}/socket`;
        expectAllowed(await probe("connect-src 'self'", 'websocket', sameHost), sameHost, 'message');
        expectAllowed(
          await probe("connect-src 'self'", 'websocket', '/socket/relative'),
          `ws://${PROBE_HOST}/socket/relative`,
          'message',
        );
        expectBlocked(await probe(`connect-src http://${PROBE_HOST}`, 'websocket', sameHost), sameHost);
        // Same host, another port: 'self' is host and port.
        const otherPort = `ws://probe.e2e.test:${PORTS.live}/socket`;
        expectBlocked(await probe("connect-src 'self'", 'websocket', otherPort), otherPort);
      });

      it('a non-default port must be named: a source without the port blocks the ported URL', async () => {
        const fetched = `http://${api}/v1/ports`;
        expectBlocked(await probe('connect-src http://api.e2e.test', 'fetch', fetched), fetched);
        expectAllowed(await probe(`connect-src http://${api}`, 'fetch', fetched), fetched, 'ok 200');
        const socket = `ws://${live}/ports`;
        expectBlocked(await probe('connect-src ws://live.e2e.test', 'websocket', socket), socket);
        expectAllowed(await probe(`connect-src ws://${live}`, 'websocket', socket), socket, 'message');
      });

      it('a non-ASCII host in the policy drops the whole directive, so connections become unrestricted', async () => {
        const unlisted = `http://elsewhere.e2e.test:${PORTS.elsewhere}/unlisted`;
        const idn = `http://bücher.e2e.test:${PORTS.idn}/api/katalog`;
        // Control: with the host in punycode the directive holds, and covers the IDN URL.
        expectBlocked(
          await probe(`connect-src 'self' http://xn--bcher-kva.e2e.test:${PORTS.idn}`, 'fetch', unlisted),
          unlisted,
        );
        expectAllowed(
          await probe(`connect-src 'self' http://xn--bcher-kva.e2e.test:${PORTS.idn}`, 'fetch', idn),
          `http://xn--bcher-kva.e2e.test:${PORTS.idn}/api/katalog`,
          'ok 200',
        );
        // The same policy with the host as people write it: the browser ignores connect-src entirely.
        expectAllowed(
          await probe(`connect-src 'self' http://bücher.e2e.test:${PORTS.idn}`, 'fetch', unlisted),
          unlisted,
          'ok 200',
        );
      });
    });
  });
}
