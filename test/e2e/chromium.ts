// One headless Chromium for the whole e2e suite, and the page-side plumbing: the violation
// collector, polling until the servers and the page have settled, and one-off connection probes.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inCI } from '../report/server-harness.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The browser flags the suite is specified with; the matrix in ../shared was seen with the same ones. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Every fake origin is a *.test name on loopback; each has its own port.
  '--host-resolver-rules=MAP *.test 127.0.0.1',
];

/** Why the suite does not run here, or null when it must run (a missing browser in CI is a failure). */
export function skipReason(): string | null {
  if (existsSync(CHROMIUM_PATH) || inCI()) return null;
  return `${CHROMIUM_PATH} is missing (apt-get install chromium); skipped because CI is not set`;
}

export interface Violation {
  readonly blockedURI: string;
  readonly effectiveDirective: string;
  readonly disposition: string;
}

// Installed before any page script runs, so no violation can slip past it.
const COLLECT_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push({
      blockedURI: event.blockedURI,
      effectiveDirective: event.effectiveDirective,
      disposition: event.disposition,
    });
  }, true);
`;

function isViolation(value: unknown): value is Violation {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.blockedURI === 'string' &&
    typeof record.effectiveDirective === 'string' &&
    typeof record.disposition === 'string'
  );
}

/** A page in its own fresh browser context (no cache, cookies or pooled connections shared). */
export class OpenPage {
  constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {}

  async violations(): Promise<Violation[]> {
    const value: unknown = await this.page.evaluate('window.__cspViolations');
    if (!Array.isArray(value) || !value.every(isViolation))
      throw new Error(`e2e: unexpected violation log ${JSON.stringify(value)}`);
    return value;
  }

  /** Clicks every `<a ping>` like a user would; the fixtures' links are same-page anchors. */
  async clickPingLinks(): Promise<number> {
    const links = await this.page.locator('a[ping]').all();
    for (const link of links) await link.click({ timeout: 2_000 });
    return links.length;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

export class E2eBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<E2eBrowser> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `e2e: ${CHROMIUM_PATH} is missing and CI is set; CI must install it (apt-get install chromium, see .ci/run)`,
      );
    }
    const profile = mkdtempSync(path.join(tmpdir(), 'csp-connect-e2e-profile-'));
    try {
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        // Exactly our flags: Playwright's own defaults (30-odd switches) are left out. The last three
        // are how Playwright talks to the browser and the fresh profile it starts with.
        ignoreDefaultArgs: true,
        args: [
          ...CHROMIUM_FLAGS,
          '--remote-debugging-pipe',
          `--user-data-dir=${profile}`,
          '--no-startup-window',
        ],
        timeout: 20_000,
      });
      return new E2eBrowser(browser, profile);
    } catch (error) {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    }
  }

  version(): string {
    return this.browser.version();
  }

  async open(url: string): Promise<OpenPage> {
    const context = await this.browser.newContext();
    try {
      context.setDefaultTimeout(5_000);
      const page = await context.newPage();
      await page.addInitScript(COLLECT_VIOLATIONS);
      const response = await page.goto(url, { waitUntil: 'load' });
      if (response?.status() !== 200) throw new Error(`e2e: ${url} answered ${response?.status()}`);
      return new OpenPage(page, context);
    } catch (error) {
      await context.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      rmSync(this.profile, { recursive: true, force: true });
    }
  }
}

/**
 * Polls `done` until it holds or `timeoutMs` passes, then waits `quietMs` more so that anything
 * still in flight (a leaked request, a late violation event) shows up before the test looks.
 */
export async function settle(
  done: () => boolean | Promise<boolean>,
  { timeoutMs = 4_000, quietMs = 250 }: { timeoutMs?: number; quietMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) await sleep(25);
  await sleep(quietMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export type ProbeKind = 'fetch' | 'websocket';

// Runs in the page: one connection, reported as 'ok <status>', 'message', 'error' or 'timeout'.
const PROBE = `async (kind, url) => {
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 3000));
  const attempt = kind === 'fetch'
    ? fetch(url).then((response) => 'ok ' + response.status, () => 'error')
    : new Promise((resolve) => {
        const socket = new WebSocket(url);
        socket.onmessage = () => { socket.close(); resolve('message'); };
        socket.onerror = () => resolve('error');
      });
  return Promise.race([attempt, timeout]);
}`;

/** Opens one connection from the page and returns what the page saw. */
export async function probeFrom(open: OpenPage, kind: ProbeKind, url: string): Promise<string> {
  const outcome: unknown = await open.page.evaluate(
    `(${PROBE})(${JSON.stringify(kind)}, ${JSON.stringify(url)})`,
  );
  if (typeof outcome !== 'string') throw new Error(`e2e: probe returned ${JSON.stringify(outcome)}`);
  return outcome;
}
