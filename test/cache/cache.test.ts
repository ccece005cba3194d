// The scan cache must never change a report: after any edit, a warm run (results reused from the
// cache where they still hold) gives exactly what a run without the cache gives. Each test edits a
// copy of a fixture and compares the two; the oracle is always a fresh run, never a stored answer.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type CacheData, MAX_DELTAS, packageVersion, readCache } from '../../src/cache/cache.js';
import type { Report } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, findCases, fixtureConfig } from '../helpers/fixtures.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

const temporary: string[] = [];

afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(removeProjects);

function scratch(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `csp-connect-${prefix}-`));
  temporary.push(dir);
  return dir;
}

/** Waits, so that files written before are older than RACY_MS (and their stamps can be kept). */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The cache folder where the CLI keeps it by default (node_modules/.cache/csp-connect), made now:
 * writing it later changes no folder a walk of the project depends on.
 */
function defaultLocation(dir: string): string {
  const cache = path.join(dir, 'node_modules/.cache/csp-connect');
  mkdirSync(cache, { recursive: true });
  return cache;
}

/** A copy of a fixture project, and a cache folder of its own outside it. */
function copyFixture(name: string): { dir: string; cache: string } {
  const base = scratch('cache');
  const dir = path.join(base, 'project');
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  rmSync(path.join(dir, 'expected'), { recursive: true, force: true });
  return { dir, cache: path.join(base, 'cache') };
}

/** Replaces `from` with `to` in a file of the project, which must change. */
function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  const edited = text.replace(from, to);
  expect(edited).not.toBe(text);
  writeFileSync(full, edited);
}

function fixtureArgs(dir: string): string[] {
  return fixtureConfig(dir).args ?? [];
}

async function scan(dir: string, args: string[]): Promise<{ report: Report; stderr: string; code: number }> {
  const run = await runCli([dir, '--format', 'json', ...args], dir);
  return { report: JSON.parse(run.stdout) as Report, stderr: run.stderr, code: run.code };
}

/** The report less the two figures that count this run's work (parsed, taken from the cache). */
function comparable(report: Report): string {
  return JSON.stringify({ ...report, stats: { ...report.stats, filesParsed: 0, filesCached: 0 } }, null, 1);
}

/** A warm run's report, checked against a fresh run of the same tree. */
async function warmEqualsFresh(dir: string, cache: string, args: string[] = []): Promise<Report> {
  const warm = await scan(dir, [...args, '--cache-location', cache]);
  const fresh = await scan(dir, [...args, '--no-cache']);
  expect(comparable(warm.report)).toBe(comparable(fresh.report));
  expect(warm.code).toBe(fresh.code);
  return warm.report;
}

/** The one cache file in a cache folder. */
function cacheFileIn(cache: string): string {
  const files = readdirSync(cache).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  return path.join(cache, files[0] ?? '');
}

/** The cache's data as the next run reads it: its base record with every delta applied. */
function cacheState(cache: string): CacheData {
  const text = readFileSync(cacheFileIn(cache), 'utf8');
  const { key } = JSON.parse(text.split('\n')[0] ?? '') as { key: string };
  const { data } = readCache(cache, key);
  if (!data) throw new Error(`the cache in ${cache} cannot be read`);
  return data;
}

/** The lines of the cache file: its base record, then one per delta. */
function cacheLines(cache: string): string[] {
  return readFileSync(cacheFileIn(cache), 'utf8').split('\n').slice(0, -1);
}

/** Scripts and env files: everything a fixture's policy comes from. */
const SCRIPT = /(?:\.(?:[cm]?[jt]sx?|html|vue|svelte)|(?:^|[\\/])\.env(?:\.[\w.]+)?)$/;

function scripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => SCRIPT.test(f) && !f.split(path.sep).includes('node_modules'))
    .sort();
}

describe('scan cache: a warm run reports what a fresh run reports', () => {
  for (const caseDir of findCases()) {
    const name = path.relative(FIXTURES, caseDir);
    // The broken-files fixture makes its unreadable files at run time (test/robustness).
    if (name.startsWith('e2e')) continue;
    it(`${name}: filled, then warm`, async () => {
      const { dir, cache } = copyFixture(name);
      const args = fixtureArgs(dir);
      const fill = await warmEqualsFresh(dir, cache, args);
      const warm = await warmEqualsFresh(dir, cache, args);
      expect(fill.stats.filesCached).toBe(0);
      // Every analysed file comes from the cache the second time: nothing is parsed again.
      if (fill.stats.filesParsed > 0) expect(warm.stats.filesCached).toBeGreaterThan(0);
      expect(warm.stats.filesParsed).toBe(0);
    });
  }
});

describe('scan cache: every edit of a file invalidates what depended on it', () => {
  const edited = [
    'wrappers/api-client',
    'wrappers/sdk-layers',
    'wrappers/method-sites',
    'wrappers/default-export',
    'values/imported-constant',
    'modes/vite-shop',
  ];
  for (const name of edited) {
    it(`${name}: each file's hosts renamed, then the file removed`, async () => {
      const { dir, cache } = copyFixture(name);
      const args = fixtureArgs(dir);
      await warmEqualsFresh(dir, cache, args);
      const before = (await scan(dir, [...args, '--no-cache'])).report.directive.value;
      let changedSomething = false;
      for (const file of scripts(dir)) {
        const full = path.join(dir, file);
        const text = readFileSync(full, 'utf8');
        const renamed = text.replace(/([\w-]+)\.(example|test)\b/g, 'renamed-$1.$2');
        if (renamed !== text) {
          writeFileSync(full, renamed);
          const after = await warmEqualsFresh(dir, cache, args);
          if (after.directive.value !== before) changedSomething = true;
          writeFileSync(full, text);
          await warmEqualsFresh(dir, cache, args);
        }
        rmSync(full);
        await warmEqualsFresh(dir, cache, args);
        writeFileSync(full, text);
        await warmEqualsFresh(dir, cache, args);
      }
      // The edits reached the policy: the comparisons above were not between two empty reports.
      expect(changedSomething).toBe(true);
    });
  }

  it('a constant in an imported module', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    await warmEqualsFresh(dir, cache);
    edit(dir, 'src/lib/config.ts', 'api.wrappers.example', 'api2.wrappers.example');
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.directive.value).toContain('https://api2.wrappers.example');
  });

  it('an env file, and a new env file for the mode', async () => {
    const { dir, cache } = copyFixture('modes/vite-shop');
    const args = fixtureArgs(dir);
    await warmEqualsFresh(dir, cache, args);
    const envFiles = readdirSync(dir).filter((f) => f.startsWith('.env'));
    expect(envFiles.length).toBeGreaterThan(0);
    for (const file of envFiles) {
      const full = path.join(dir, file);
      writeFileSync(full, readFileSync(full, 'utf8').replace(/([\w-]+)\.example/g, 'env-$1.example'));
    }
    const warm = await warmEqualsFresh(dir, cache, args);
    expect(warm.directive.value).toMatch(/env-/);
    writeFileSync(path.join(dir, '.env.production.local'), 'VITE_API_URL=https://local-override.example\n');
    await warmEqualsFresh(dir, cache, args);
  });

  it('a new file that calls an existing wrapper, and its removal', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    await warmEqualsFresh(dir, cache);
    const caller = path.join(dir, 'src/features/reports.ts');
    // No sink word in this file: only the wrapper's name ties it to the scan.
    writeFileSync(
      caller,
      "import { getJson } from '../lib/http';\nexport const load = () => getJson('https://reports.wrappers.example/q');\n",
    );
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.directive.value).toContain('https://reports.wrappers.example');
    rmSync(caller);
    const after = await warmEqualsFresh(dir, cache);
    expect(after.directive.value).not.toContain('https://reports.wrappers.example');
  });

  describe('a wrapper method with a common name (wrappers/method-sites)', () => {
    // src/api/client.js defines ApiClient.send(url); every call named `send` is checked against it.
    const setUp = async (): Promise<{ dir: string; cache: string }> => {
      const { dir, cache } = copyFixture('wrappers/method-sites');
      await warmEqualsFresh(dir, cache);
      const warm = await warmEqualsFresh(dir, cache);
      // client.js and chat/socket.js hold sink words; both come from the cache.
      expect(warm.stats.filesCached).toBe(2);
      return { dir, cache };
    };

    it('an edit of a file whose `send` calls do not reach the wrapper: that file alone is decided again', async () => {
      const { dir, cache } = await setUp();
      edit(dir, 'src/chat/socket.js', 'chat.method-sites', 'live.method-sites');
      const warm = await warmEqualsFresh(dir, cache);
      expect(warm.directive.value).toContain('wss://live.method-sites.example');
      // socket.js is analysed again (it changed); client.js's result stands.
      expect(warm.stats.filesCached).toBe(1);
      // A new file with a `send` call that does not reach the wrapper leaves it standing too.
      writeFileSync(path.join(dir, 'src/pages/mail.js'), 'export const mail = (box) => box.send("hi");\n');
      expect((await warmEqualsFresh(dir, cache)).stats.filesCached).toBe(2);
    });

    it('a changed file whose `send` call now reaches the wrapper', async () => {
      const { dir, cache } = await setUp();
      edit(
        dir,
        'src/pages/log.js',
        "channel.send('https://audit.method-sites.example/log');",
        "channel.send('/log');\n  api.send('https://billing.method-sites.example/pay');",
      );
      edit(dir, 'src/pages/log.js', /^/, "import { api } from '../api/client.js';\n");
      const warm = await warmEqualsFresh(dir, cache);
      expect(warm.directive.value).toContain('https://billing.method-sites.example');
    });

    it('a module read only to decide a `send` call: the call now reaches the wrapper', async () => {
      const { dir, cache } = await setUp();
      // No file with a `send` call changes: only what `channel` is, which deciding log.js read.
      writeFileSync(
        path.join(dir, 'src/util/channel.js'),
        "import { api } from '../api/client.js';\n\nexport const channel = api;\n",
      );
      const warm = await warmEqualsFresh(dir, cache);
      expect(warm.directive.value).toContain('https://audit.method-sites.example');
      // And back: the call no longer reaches it, and the source goes.
      rmSync(path.join(dir, 'src/util/channel.js'));
      cpSync(
        path.join(FIXTURES, 'wrappers/method-sites/src/util/channel.js'),
        path.join(dir, 'src/util/channel.js'),
      );
      const back = await warmEqualsFresh(dir, cache);
      expect(back.directive.value).not.toContain('https://audit.method-sites.example');
    });

    it('the file with the calls that reach the wrapper is removed', async () => {
      const { dir, cache } = await setUp();
      rmSync(path.join(dir, 'src/pages/orders.js'));
      const warm = await warmEqualsFresh(dir, cache);
      expect(warm.directive.value).not.toContain('https://orders.method-sites.example');
    });
  });

  /**
   * A class and a function, both exported as defaults: the class's lookup checks only files with
   * `new`. req.js becomes a fetch wrapper (REQ_AS_WRAPPER) once the cache is filled.
   */
  const CLASS_AND_FUNCTION = {
    'src/api.js': 'export default class Api {\n  constructor(url) {\n    fetch(url);\n  }\n}\n',
    'src/make.js': "import Api from './api.js';\nexport const m = () => new Api('https://api.example/x');\n",
    'src/req.js': 'export default function (u) {\n  return u.trim();\n}\n',
    'src/page.js': "import go from './req.js';\nexport const y = () => go('https://req.example/y');\n",
  };
  const REQ_AS_WRAPPER = 'export default function (u) {\n  return fetch(u);\n}\n';

  it('a function wrapper looked up by a name a class wrapper was looked up by', async () => {
    // Found in review: the class's lookup checked only files with `new`, and a warm run took those
    // for every file that may call a default, so page.js was never looked at.
    const dir = makeProject(CLASS_AND_FUNCTION);
    const cache = path.join(scratch('kinds'), 'cache');
    await warmEqualsFresh(dir, cache);
    writeFileSync(path.join(dir, 'src/req.js'), REQ_AS_WRAPPER);
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.directive.value).toContain('https://req.example');
  });

  it('a lookup whose kind was edited into something else serves no other lookup', async () => {
    // Found in the second review: ["function"] was read as the kind "function".
    for (const kind of [['function'], 'function ', null, 42, '__proto__']) {
      const dir = makeProject(CLASS_AND_FUNCTION);
      const cache = path.join(scratch('kind'), 'cache');
      await warmEqualsFresh(dir, cache);
      const file = cacheFileIn(cache);
      const [base, ...rest] = readFileSync(file, 'utf8').split('\n');
      const data = JSON.parse(base ?? '') as { entries: Record<string, { lookups: unknown[][] }> };
      let edited = 0;
      for (const entry of Object.values(data.entries)) {
        for (const lookup of entry.lookups) {
          lookup[5] = kind;
          edited++;
        }
      }
      expect(edited).toBeGreaterThan(0);
      writeFileSync(file, [JSON.stringify(data), ...rest].join('\n'));
      writeFileSync(path.join(dir, 'src/req.js'), REQ_AS_WRAPPER);
      const warm = await warmEqualsFresh(dir, cache);
      expect(warm.directive.value).toContain('https://req.example');
    }
  });

  describe('callers of a default export (wrappers/default-export)', () => {
    // labels.js calls the default of format.js, which is no wrapper: the page is left unparsed,
    // decided by reading format.js alone.
    it('the imported default becomes the wrapper: the unparsed page is decided again', async () => {
      const { dir, cache } = copyFixture('wrappers/default-export');
      await warmEqualsFresh(dir, cache);
      writeFileSync(path.join(dir, 'src/lib/format.js'), "export { default } from './request.js';\n");
      const warm = await warmEqualsFresh(dir, cache);
      expect(warm.directive.value).toContain('https://label.anon-exports.example');
      // And back.
      cpSync(
        path.join(FIXTURES, 'wrappers/default-export/src/lib/format.js'),
        path.join(dir, 'src/lib/format.js'),
      );
      const back = await warmEqualsFresh(dir, cache);
      expect(back.directive.value).not.toContain('https://label.anon-exports.example');
    });

    it('the page imports its default from the wrapper instead', async () => {
      const { dir, cache } = copyFixture('wrappers/default-export');
      await warmEqualsFresh(dir, cache);
      edit(dir, 'src/pages/labels.js', '../lib/format.js', '../lib/request.js');
      const warm = await warmEqualsFresh(dir, cache);
      expect(warm.directive.value).toContain('https://label.anon-exports.example');
    });

    it('the import resolves to another module: the page is decided again', async () => {
      const { dir, cache } = copyFixture('wrappers/default-export');
      // `../lib/format` is a folder's index first, no wrapper...
      mkdirSync(path.join(dir, 'src/lib/format'));
      cpSync(path.join(dir, 'src/lib/format.js'), path.join(dir, 'src/lib/format/index.js'));
      rmSync(path.join(dir, 'src/lib/format.js'));
      edit(dir, 'src/pages/labels.js', '../lib/format.js', '../lib/format');
      await warmEqualsFresh(dir, cache);
      // ...then format.js, which passes the wrapper on, comes first. No module the page's check
      // read has changed: only where its import resolves.
      writeFileSync(path.join(dir, 'src/lib/format.js'), "export { default } from './request.js';\n");
      const warm = await warmEqualsFresh(dir, cache);
      expect(warm.directive.value).toContain('https://label.anon-exports.example');
    });
  });

  it('client instances: files that mention one, as the last run recorded them and as they are now', async () => {
    // team-board exports `api = axios.create(...)`; api/uploads.ts has no sink word and is
    // analysed because it mentions `api`.
    const { dir, cache } = copyFixture('libraries/team-board');
    await warmEqualsFresh(dir, cache);
    const write = (file: string, text: string): void => writeFileSync(path.join(dir, file), text);
    const add = (file: string, text: string): void =>
      write(file, `${readFileSync(path.join(dir, file), 'utf8')}${text}`);
    // Another file changes: the mentions of unchanged files come from the cache.
    add('src/search/search-client.ts', '\n// edited\n');
    const edited = await warmEqualsFresh(dir, cache);
    expect(edited.findings.some((f) => f.location.file === 'src/api/uploads.ts')).toBe(true);
    // A file with an instance name, written before the instance exists...
    write(
      'src/api/files.ts',
      "import { files } from './client';\nexport const list = () => files.get('/all');\n",
    );
    await warmEqualsFresh(dir, cache);
    // ...and the instance, a name the cache has not seen: the unchanged file is read for it.
    add(
      'src/api/client.ts',
      "\nexport const files = axios.create({ baseURL: 'https://files.teamboard.example/' });\n",
    );
    const named = await warmEqualsFresh(dir, cache);
    expect(named.directive.value).toContain('https://files.teamboard.example');
    expect(named.findings.some((f) => f.location.file === 'src/api/files.ts')).toBe(true);
    // A file that stops mentioning the instance.
    write('src/api/uploads.ts', 'export const nothing = 1;\n');
    const gone = await warmEqualsFresh(dir, cache);
    expect(gone.findings.some((f) => f.location.file === 'src/api/uploads.ts')).toBe(false);
  });

  it('an import that starts to resolve to another file', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    await warmEqualsFresh(dir, cache);
    // './config' resolved to config.ts; a config.tsx would not win, but an index in a folder
    // named config does not either: remove config.ts and add config/index.ts with another host.
    const config = path.join(dir, 'src/lib/config.ts');
    const text = readFileSync(config, 'utf8');
    rmSync(config);
    cpSync(
      path.join(FIXTURES, 'wrappers/api-client/src/lib/config.ts'),
      path.join(dir, 'src/lib/config/index.ts'),
    );
    const moved = path.join(dir, 'src/lib/config/index.ts');
    writeFileSync(moved, text.replace('api.wrappers.example', 'moved.wrappers.example'));
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.directive.value).toContain('https://moved.wrappers.example');
  });

  it('typed mode: a declaration outside the scan that a type comes from', async () => {
    const base = scratch('typed');
    const dir = path.join(base, 'project');
    const cache = path.join(base, 'cache');
    const types = path.join(dir, 'node_modules/stock-hosts');
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    mkdirSync(types, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "typed-cache", "private": true }\n');
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      '{ "compilerOptions": { "strict": true, "module": "esnext", "moduleResolution": "bundler" } }\n',
    );
    writeFileSync(
      path.join(dir, 'src/stock.ts'),
      "import type { StockHost } from 'stock-hosts';\n\nexport function load(host: StockHost) {\n  return fetch(`https://${host}/stock`);\n}\n",
    );
    writeFileSync(path.join(types, 'package.json'), '{ "name": "stock-hosts", "types": "index.d.ts" }\n');
    const declaration = path.join(types, 'index.d.ts');
    writeFileSync(declaration, "export type StockHost = 'eu.stock.example' | 'us.stock.example';\n");
    const first = await warmEqualsFresh(dir, cache, ['--typed']);
    expect(first.directive.value).toBe('connect-src https://eu.stock.example https://us.stock.example');
    const warm = await warmEqualsFresh(dir, cache, ['--typed']);
    expect(warm.stats.filesCached).toBe(1);
    writeFileSync(
      declaration,
      "export type StockHost = 'eu.stock.example' | 'us.stock.example' | 'ap.stock.example';\n",
    );
    const after = await warmEqualsFresh(dir, cache, ['--typed']);
    expect(after.directive.value).toContain('https://ap.stock.example');
  });

  it('a module only searched through export *: its other contents do not matter, its export names do', async () => {
    const base = scratch('shape');
    const dir = path.join(base, 'project');
    const cache = path.join(base, 'cache');
    mkdirSync(path.join(dir, 'src/config'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "shape", "private": true, "type": "module" }\n');
    writeFileSync(
      path.join(dir, 'src/config/index.js'),
      "export * from './a.js';\nexport * from './b.js';\n",
    );
    const a = path.join(dir, 'src/config/a.js');
    writeFileSync(a, 'export const RETRIES = 1;\n');
    writeFileSync(path.join(dir, 'src/config/b.js'), "export const API = 'https://b.shape.example';\n");
    writeFileSync(
      path.join(dir, 'src/app.js'),
      "import { API } from './config/index.js';\nexport const load = () => fetch(`${API}/items`);\n",
    );
    const first = await warmEqualsFresh(dir, cache);
    expect(first.directive.value).toBe('connect-src https://b.shape.example');
    // Same export names, other values: the result stands.
    writeFileSync(a, 'export const RETRIES = 3;\n');
    const same = await warmEqualsFresh(dir, cache);
    expect(same.stats.filesCached).toBe(1);
    // a.js now exports API too, and comes first: the result must change.
    writeFileSync(a, "export const RETRIES = 3;\nexport const API = 'https://a.shape.example';\n");
    const moved = await warmEqualsFresh(dir, cache);
    expect(moved.stats.filesCached).toBe(0);
    expect(moved.directive.value).toBe('connect-src https://a.shape.example');
  });

  it('a tsconfig paths alias that starts to point elsewhere', async () => {
    const { dir, cache } = copyFixture('typed/paths-alias');
    await warmEqualsFresh(dir, cache);
    const regions = readFileSync(path.join(dir, 'src/config/regions.ts'), 'utf8');
    mkdirSync(path.join(dir, 'src/config-next'), { recursive: true });
    writeFileSync(
      path.join(dir, 'src/config-next/regions.ts'),
      regions.replace(/['"]https:\/\/[^'"]+['"]/, "'https://next-collector.telemetry-next.example'"),
    );
    await warmEqualsFresh(dir, cache);
    const tsconfig = path.join(dir, 'tsconfig.json');
    writeFileSync(tsconfig, readFileSync(tsconfig, 'utf8').replace('./src/config/*', './src/config-next/*'));
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.directive.value).toContain('https://next-collector.telemetry-next.example');
  });

  it('other options use a cache of their own', async () => {
    const { dir, cache } = copyFixture('modes/vite-shop');
    await warmEqualsFresh(dir, cache, ['--mode', 'production']);
    const other = await warmEqualsFresh(dir, cache, ['--mode', 'development']);
    expect(other.stats.filesCached).toBe(0);
    const back = await warmEqualsFresh(dir, cache, ['--mode', 'production']);
    expect(back.stats.filesCached).toBeGreaterThan(0);
  });
});

describe('scan cache: problems with the cache never change a scan', () => {
  it('a corrupt cache file is a cold run, then rewritten', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    await warmEqualsFresh(dir, cache);
    const files = readdirSync(cache);
    expect(files.length).toBe(1);
    writeFileSync(path.join(cache, files[0] ?? ''), '{"format":2,"key":');
    const cold = await warmEqualsFresh(dir, cache);
    expect(cold.stats.filesCached).toBe(0);
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.stats.filesCached).toBeGreaterThan(0);
  });

  for (const fixture of ['wrappers/method-sites', 'libraries/team-board']) {
    it(`${fixture}: a cache edited into other shapes is no crash and no other report`, async () => {
      const { dir, cache } = copyFixture(fixture);
      await warmEqualsFresh(dir, cache);
      // A change, so that stale parts are looked at (rechecks, callers, mentions).
      const first = scripts(dir)[0] ?? '';
      writeFileSync(path.join(dir, first), `${readFileSync(path.join(dir, first), 'utf8')}\n// edited\n`);
      const [name] = readdirSync(cache);
      const file = path.join(cache, name ?? '');
      const data = JSON.parse(readFileSync(file, 'utf8')) as {
        files: Record<string, Record<string, unknown>>;
        entries: Record<string, Record<string, unknown>>;
        mentions?: unknown;
        walk?: unknown;
        steps?: unknown;
        outside?: unknown;
        typed?: unknown;
      };
      for (const row of Object.values(data.files)) row.m = 'abcd';
      data.walk = { key: 5, stamps: [['.', 'x']], files: [1] };
      data.steps = [null, 3, 'x'];
      const shapes = [5, 'x', [[1, 2]], [['a', 'b', 'c', ['n'], 7]], null];
      Object.values(data.entries).forEach((entry, i) => {
        entry.lookups = shapes[i % shapes.length];
        entry.reads = shapes[(i + 1) % shapes.length];
      });
      data.mentions = { api: 3, files: 'x' };
      data.outside = { [path.join(dir, 'src/x.ts')]: { h: 3, m: 'x', i: 5 }, '/y': null, '/z': [1] };
      data.typed = 5;
      writeFileSync(file, JSON.stringify(data));
      await warmEqualsFresh(dir, cache);
      await warmEqualsFresh(dir, cache);
    });
  }

  it('a cache location that cannot be written: one warning line, the same report', async () => {
    const { dir } = copyFixture('wrappers/api-client');
    const blocked = path.join(scratch('blocked'), 'file');
    writeFileSync(blocked, 'not a folder');
    const run = await scan(dir, ['--cache-location', blocked]);
    const fresh = await scan(dir, ['--no-cache']);
    expect(comparable(run.report)).toBe(comparable(fresh.report));
    expect(run.code).toBe(fresh.code);
    expect(run.stderr).toMatch(/^csp-connect: warning: cache: .* was not written: /m);
    const quiet = await scan(dir, ['--cache-location', blocked, '-q']);
    expect(quiet.stderr).toBe('');
  });

  it('a cache file that git tracks is not used, and a cached source the grammar refuses is dropped', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    const first = await warmEqualsFresh(dir, cache);
    const [name] = readdirSync(cache);
    const file = path.join(cache, name ?? '');
    // A hand-edited cache: one finding's source replaced by a token the scan would never emit.
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      entries: Record<string, { findings: { source: string | null }[] }>;
    };
    const poisoned = Object.values(data.entries).find((e) => e.findings.some((f) => f.source !== null));
    const finding = poisoned?.findings.find((f) => f.source !== null);
    if (!finding) throw new Error('the fixture has no cached source');
    finding.source = "https://evil.example; script-src 'unsafe-inline'";
    writeFileSync(file, JSON.stringify(data));
    const dropped = await warmEqualsFresh(dir, cache);
    expect(dropped.directive.value).toBe(first.directive.value);
    // The same cache committed to the repository: not used, with a warning.
    execFileSync('git', ['init', '-q'], { cwd: path.dirname(cache) });
    execFileSync('git', ['add', '-f', file], { cwd: path.dirname(cache) });
    const tracked = await scan(dir, ['--cache-location', cache]);
    expect(tracked.report.stats.filesCached).toBe(0);
    expect(tracked.stderr).toMatch(/^csp-connect: warning: cache: .* is tracked by git, so it was not used/m);
  });

  it('--no-cache writes nothing; the default location is node_modules/.cache/csp-connect', async () => {
    const { dir } = copyFixture('wrappers/api-client');
    await scan(dir, ['--no-cache']);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
    const { main } = await import('../../src/cli.js');
    // The real default, without the test helper's --no-cache: through main() itself.
    let stdout = '';
    const code = await main([dir, '--format', 'directive'], {
      cwd: dir,
      env: {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      write: (stream, text) => {
        if (stream === 'stdout') stdout += text;
      },
    });
    expect(code).toBeLessThanOrEqual(1);
    expect(stdout).toMatch(/^connect-src /);
    expect(readdirSync(path.join(dir, 'node_modules/.cache/csp-connect'))).toHaveLength(1);
  });

  it('--cache-location with --no-cache, or with no value, is a usage error', async () => {
    const { dir } = copyFixture('wrappers/api-client');
    const both = await runCli([dir, '--no-cache', '--cache-location', 'x'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--cache-location and --no-cache cannot be used together/);
    const empty = await runCli([dir, '--cache-location', ' '], dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--cache-location needs a value/);
  });
});

describe('scan cache: a run that changed little appends a delta to the cache file', () => {
  /** A comment line at the top of a file: its content changes, and the lines of what it finds. */
  const touch = (dir: string, file: string, note: string): void => {
    const full = path.join(dir, file);
    writeFileSync(full, `// ${note}\n${readFileSync(full, 'utf8')}`);
  };
  /**
   * Modules with no sink word, as most of a real tree: rows in the base, so that a delta with one
   * file's result in it stays under half the base's size.
   */
  const pad = (dir: string): void => {
    mkdirSync(path.join(dir, 'src/padding'));
    for (let i = 0; i < 200; i++) {
      writeFileSync(path.join(dir, `src/padding/format-${i}.ts`), `export const width${i} = ${i};\n`);
    }
  };

  it('each edit appends one delta line, and the file is written whole again once the deltas grow', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    // Listed by git: a removed file changes no walk record (which would make a large delta).
    execFileSync('git', ['init', '-q'], { cwd: dir });
    // A file with no sink word: an edit of it changes one row and no result.
    writeFileSync(path.join(dir, 'src/lib/notes.ts'), 'export const notes = 1;\n');
    await warmEqualsFresh(dir, cache);
    expect(cacheLines(cache)).toHaveLength(1);
    const lengths: number[] = [];
    for (let i = 0; i < MAX_DELTAS + 1; i++) {
      touch(dir, 'src/lib/notes.ts', `edit ${i}`);
      await warmEqualsFresh(dir, cache);
      lengths.push(cacheLines(cache).length);
      // What the file says after the delta is what the run found: the row of the edited file.
      const row = cacheState(cache).files[path.join(dir, 'src/lib/notes.ts')];
      expect(row?.h).toBeDefined();
    }
    // One line more per run, up to MAX_DELTAS deltas; then the base alone again.
    expect(lengths).toEqual([...Array.from({ length: MAX_DELTAS }, (_, i) => i + 2), 1]);
    // An edit that re-analyses a file (a result of its own) appends too, and a warm run reads it.
    pad(dir);
    await warmEqualsFresh(dir, cache);
    touch(dir, 'src/features/orders.ts', 'edited');
    await warmEqualsFresh(dir, cache);
    expect(cacheLines(cache)).toHaveLength(2);
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.stats.filesParsed).toBe(0);
    // A removed file's row is removed by a delta, and so is the result of a file no longer analysed.
    const orders = path.join(dir, 'src/features/orders.ts');
    rmSync(path.join(dir, 'src/lib/notes.ts'));
    writeFileSync(orders, 'export const orders = 0;\n');
    await warmEqualsFresh(dir, cache);
    expect(cacheLines(cache)).toHaveLength(3);
    const after = cacheState(cache);
    expect(Object.keys(after.files)).not.toContain(path.join(dir, 'src/lib/notes.ts'));
    expect(Object.keys(after.files)).toContain(orders);
    expect(Object.keys(after.entries)).not.toContain(orders);
  }, 60_000);

  it('a delta carries a new walk, new mentions of a client instance and new trace steps', async () => {
    // team-board exports `api = axios.create(...)`: a file that mentions `api` is analysed.
    const { dir, cache } = copyFixture('libraries/team-board');
    pad(dir);
    // A walk is recorded once its folders are older than RACY_MS.
    await sleep(2_100);
    await warmEqualsFresh(dir, cache);
    const before = cacheState(cache);
    // A new folder (the walk changes) with a file that mentions the instance.
    const added = path.join(dir, 'src/reports/export.ts');
    mkdirSync(path.dirname(added));
    writeFileSync(
      added,
      "import { api } from '../api/client';\nexport const run = () => api.get('/export');\n",
    );
    await sleep(2_100);
    const report = await warmEqualsFresh(dir, cache);
    expect(report.findings.some((f) => f.location.file === 'src/reports/export.ts')).toBe(true);
    expect(cacheLines(cache)).toHaveLength(2);
    const after = cacheState(cache);
    expect(before.walk?.files).not.toContain('src/reports/export.ts');
    expect(after.walk?.files).toContain('src/reports/export.ts');
    expect(before.mentions?.['api']).not.toContain(added);
    expect(after.mentions?.['api']).toContain(added);
    // The new result's steps are in the delta: the next run takes it from the cache.
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.stats.filesParsed).toBe(0);
    expect(cacheState(cache).entries[added]?.findings.length).toBeGreaterThan(0);
  }, 30_000);

  it("deltas past half the base's size: the file is written whole", async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    await warmEqualsFresh(dir, cache);
    const [base] = cacheLines(cache);
    let written = 0;
    for (let i = 0; i < MAX_DELTAS; i++) {
      touch(dir, 'src/features/orders.ts', `edit ${i}`);
      await warmEqualsFresh(dir, cache);
      const [, ...deltas] = cacheLines(cache);
      const bytes = deltas.reduce((sum, line) => sum + line.length + 1, 0);
      expect(bytes).toBeLessThanOrEqual((base?.length ?? 0) / 2);
      if (deltas.length === 0) written++;
    }
    // Each delta carries a whole result, so the size rule comes before MAX_DELTAS here.
    expect(written).toBeGreaterThan(0);
  }, 60_000);

  it("a delta cut short, or appended beside another run's, is not read; the next write is whole", async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    pad(dir);
    await warmEqualsFresh(dir, cache);
    touch(dir, 'src/features/orders.ts', 'edited');
    await warmEqualsFresh(dir, cache);
    const [base, delta] = cacheLines(cache);
    const file = cacheFileIn(cache);
    // Another delta with a source of its own in the re-analysed file's result.
    const other = JSON.parse(delta ?? '') as {
      parent: string;
      id: string;
      entries: Record<string, { findings: { source: string | null }[] } | null>;
    };
    const finding = Object.values(other.entries)
      .flatMap((e) => e?.findings ?? [])
      .find((f) => f.source !== null);
    if (!finding) throw new Error('the delta holds no source');
    finding.source = 'https://other.wrappers.example';
    const lineOf = (parent: string): string => `${JSON.stringify({ ...other, parent, id: 'other' })}\n`;
    const plain = await scan(dir, ['--no-cache']);
    expect(plain.report.directive.value).not.toContain('other.wrappers.example');

    // Written after the delta, from the state the delta left: read (a cache is this machine's own).
    writeFileSync(file, `${base}\n${delta}\n${lineOf(JSON.parse(delta ?? '').id as string)}`);
    const child = await scan(dir, ['--cache-location', cache]);
    expect(child.report.directive.value).toContain('https://other.wrappers.example');

    // Written from the base, as the delta was (two runs at once): reading stops before it.
    writeFileSync(file, `${base}\n${delta}\n${lineOf(other.parent)}`);
    const sibling = await warmEqualsFresh(dir, cache);
    expect(sibling.stats.filesParsed).toBe(0);

    // Cut short: not a line reading can apply.
    writeFileSync(file, `${base}\n${delta}\n${lineOf(JSON.parse(delta ?? '').id as string).slice(0, 80)}`);
    const torn = await warmEqualsFresh(dir, cache);
    expect(torn.stats.filesParsed).toBe(0);

    // The next write starts the file again rather than follow a line that was not read.
    touch(dir, 'src/features/orders.ts', 'edited again');
    await warmEqualsFresh(dir, cache);
    expect(cacheLines(cache)).toHaveLength(1);
  }, 30_000);

  it('the cache file is ASCII, and gives back code frames with other characters as they were', async () => {
    const { dir, cache } = copyFixture('values/url-normalisation');
    pad(dir);
    await warmEqualsFresh(dir, cache);
    touch(dir, 'src/integrations.js', 'edited: ünïcode');
    await warmEqualsFresh(dir, cache);
    expect(cacheLines(cache)).toHaveLength(2);
    expect([...readFileSync(cacheFileIn(cache))].every((byte) => byte < 0x80)).toBe(true);
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.stats.filesParsed).toBe(0);
    expect(warm.findings.some((f) => f.frame?.includes('https://bücher.example'))).toBe(true);
  });

  it('a run with nothing to write writes nothing, in typed mode too', async () => {
    const { dir } = copyFixture('typed/enum-hosts');
    const cache = defaultLocation(dir);
    // Every file older than RACY_MS: the fill keeps every stamp, so nothing is left to trust later.
    await sleep(2_100);
    await warmEqualsFresh(dir, cache, ['--typed']);
    const written = readFileSync(cacheFileIn(cache), 'utf8');
    for (let i = 0; i < 2; i++) {
      const warm = await warmEqualsFresh(dir, cache, ['--typed']);
      expect(warm.stats.filesParsed).toBe(0);
    }
    expect(readFileSync(cacheFileIn(cache), 'utf8')).toBe(written);
  }, 20_000);

  it('a delta with a very large steps table, or a result it cannot read, makes the next write whole', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    pad(dir);
    await warmEqualsFresh(dir, cache);
    const file = cacheFileIn(cache);
    const [base] = cacheLines(cache);
    const { id } = JSON.parse(base ?? '') as { id: string };
    // 200,000 steps: more than a spread into push() takes.
    const steps = Array.from({ length: 200_000 }, () => ({}));
    writeFileSync(
      file,
      `${base}\n${JSON.stringify({ parent: id, id: 'big', files: {}, entries: {}, steps })}\n`,
    );
    const big = await warmEqualsFresh(dir, cache);
    expect(big.stats.filesParsed).toBe(0);

    // A stored result naming a step past the table is not read, so no delta could remove it.
    const data = JSON.parse(base ?? '') as { entries: Record<string, { findings: { trace: number[] }[] }> };
    const withTrace = Object.values(data.entries).find((e) => e.findings.some((f) => f.trace.length > 0));
    const finding = withTrace?.findings.find((f) => f.trace.length > 0);
    if (!finding) throw new Error('no cached finding with a trace');
    finding.trace = [10_000_000];
    writeFileSync(file, `${JSON.stringify(data)}\n`);
    touch(dir, 'src/padding/format-1.ts', 'edited');
    await warmEqualsFresh(dir, cache);
    expect(cacheLines(cache)).toHaveLength(1);
  }, 20_000);

  it('rows of a shape no run writes (edited by hand) are no crash: the file is written whole', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    pad(dir);
    await warmEqualsFresh(dir, cache);
    const file = cacheFileIn(cache);
    const [base] = cacheLines(cache);
    const data = JSON.parse(base ?? '') as { files: Record<string, Record<string, unknown>> };
    for (const row of Object.values(data.files)) row.i = 7;
    writeFileSync(file, `${JSON.stringify(data)}\n`);
    touch(dir, 'src/features/orders.ts', 'edited');
    await warmEqualsFresh(dir, cache);
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.stats.filesParsed).toBe(0);
  });

  it('a cache file that does not end in a newline is written whole, not joined by a delta', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    await warmEqualsFresh(dir, cache);
    const file = cacheFileIn(cache);
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd());
    touch(dir, 'src/features/orders.ts', 'edited');
    await warmEqualsFresh(dir, cache);
    expect(cacheLines(cache)).toHaveLength(1);
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.stats.filesParsed).toBe(0);
    expect(warm.stats.filesCached).toBeGreaterThan(0);
  });
});

describe('scan cache: files told unchanged by their stamps', () => {
  /** The cache's row for each file of the project: whether it keeps a stamp. */
  function stamped(cache: string): Map<string, boolean> {
    const { files } = cacheState(cache);
    return new Map(Object.entries(files).map(([p, row]) => [path.basename(p), row.m !== undefined]));
  }

  it('a file written just before a run is hashed next time; an older one by its stamp; an edit that keeps size and mtime is seen', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    // Every file was just written: too recent for its stamp to be trusted (a write in the
    // same clock tick as the read would not change it).
    await warmEqualsFresh(dir, cache);
    expect([...stamped(cache).values()].some(Boolean)).toBe(false);
    // Whole-second times, so that one can be put back exactly below.
    const past = new Date('2024-01-02T03:04:05Z');
    for (const file of scripts(dir)) utimesSync(path.join(dir, file), past, past);
    await sleep(2_100);
    await warmEqualsFresh(dir, cache);
    expect([...stamped(cache).values()].every(Boolean)).toBe(true);

    // Same length, same mtime: the ctime still moves (no program can set it), so the change is read.
    const config = path.join(dir, 'src/lib/config.ts');
    const text = readFileSync(config, 'utf8');
    const edited = text.replace('api.wrappers.example', 'apx.wrappers.example');
    expect(edited.length).toBe(text.length);
    writeFileSync(config, edited);
    utimesSync(config, past, past);
    expect(statSync(config).mtimeMs).toBe(past.getTime());
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.directive.value).toContain('https://apx.wrappers.example');
    const rows = stamped(cache);
    expect(rows.get('config.ts')).toBe(false);
    expect(rows.get('http.ts')).toBe(true);
    // The content strategy reads and hashes every file, with the same report.
    const content = await scan(dir, ['--cache-location', cache, '--cache-strategy', 'content']);
    expect(comparable(content.report)).toBe(comparable(warm));
  }, 20_000);

  it('a module outside the scan is taken by its stamp, and read again once its stamp changes', async () => {
    const dir = path.join(scratch('outside'), 'project');
    const files: Record<string, string> = {
      'package.json': '{ "name": "app", "type": "module" }\n',
      'src/app.ts': "import { HOST } from 'dep';\nexport const load = () => fetch(`${HOST}/items`);\n",
      'node_modules/dep/package.json': '{ "name": "dep", "type": "module", "main": "index.js" }\n',
      'node_modules/dep/index.js': "export const HOST = 'https://api.dep.example';\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const dep = path.join(dir, 'node_modules/dep/index.js');
    const cache = defaultLocation(dir);
    await sleep(2_100);
    const fill = await warmEqualsFresh(dir, cache);
    expect(fill.directive.value).toContain('https://api.dep.example');
    const row = cacheState(cache).outside?.[dep];
    expect(row?.m).toBeDefined();

    // The row's hash is what a warm run takes while the stamp holds: a wrong one there makes the
    // result that read the module stale, so it is analysed again (and the report is the same).
    const poison = (): void => {
      // In whichever record (the base or a delta) holds the row.
      const lines = cacheLines(cache).map((line) => {
        const record = JSON.parse(line) as { outside?: Record<string, { h: string } | null> };
        const held = record.outside?.[dep];
        if (held) held.h = 'not-the-hash';
        return JSON.stringify(record);
      });
      expect(cacheState(cache).outside?.[dep]).toBeDefined();
      writeFileSync(cacheFileIn(cache), `${lines.join('\n')}\n`);
      expect(cacheState(cache).outside?.[dep]?.h).toBe('not-the-hash');
    };
    poison();
    const byStamp = await warmEqualsFresh(dir, cache);
    expect(byStamp.stats.filesParsed).toBeGreaterThan(0);
    // The row is written again from what was read: the run after takes the result from the cache.
    const mended = await warmEqualsFresh(dir, cache);
    expect(mended.stats.filesParsed).toBe(0);

    // An edit changes the stamp: the module is read again and the new host found.
    writeFileSync(dep, "export const HOST = 'https://v2.dep.example';\n");
    const edited = await warmEqualsFresh(dir, cache);
    expect(edited.directive.value).toContain('https://v2.dep.example');
    expect(edited.directive.value).not.toContain('https://api.dep.example');

    // With --cache-strategy content no stamp is trusted: the module is hashed, the result holds.
    // Written just now, the module's stamp was not kept; once it is older than RACY_MS, a run
    // with nothing else to write keeps it.
    expect(cacheState(cache).outside?.[dep]).toBeUndefined();
    await sleep(2_100);
    await warmEqualsFresh(dir, cache);
    poison();
    const content = await scan(dir, ['--cache-location', cache, '--cache-strategy', 'content']);
    expect(content.report.stats.filesParsed).toBe(0);
    // ...and leaves the rows as they were, for a later run to check by their stamps.
    expect(cacheState(cache).outside?.[dep]?.h).toBe('not-the-hash');
  }, 20_000);

  it('a walk is reused until a folder changes: a file added in a new folder is found', async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    await sleep(2_100);
    await warmEqualsFresh(dir, cache);
    const data = cacheState(cache);
    // Outside a git work tree the listing came from a walk, recorded with its folders' stamps.
    expect(data.walk?.files).toContain('src/features/orders.ts');
    expect(data.walk?.stamps.map(([p]) => p)).toEqual(expect.arrayContaining(['.', 'src', 'src/features']));
    // Reused as it is, then a new folder with a new connection.
    await warmEqualsFresh(dir, cache);
    mkdirSync(path.join(dir, 'src/features/billing'));
    writeFileSync(
      path.join(dir, 'src/features/billing/pay.ts'),
      "fetch('https://pay.wrappers.example/x');\n",
    );
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.directive.value).toContain('https://pay.wrappers.example');
  }, 20_000);

  it("inside a git work tree the last run's filtered listing is reused while git lists the same paths", async () => {
    const { dir, cache } = copyFixture('wrappers/api-client');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    await warmEqualsFresh(dir, cache);
    const record = cacheState(cache).walk;
    expect(record?.git).toMatch(/./);
    expect(record?.stamps).toEqual([]);
    expect(record?.files).toContain('src/features/orders.ts');
    // A record that leaves a file out, with git's output unchanged: the next run takes it as it
    // is (which is how the reuse shows), and the file is not scanned.
    const lines = cacheLines(cache).map((line) => {
      const stored = JSON.parse(line) as { walk?: { files: string[] } | null };
      if (stored.walk) stored.walk.files = stored.walk.files.filter((f) => f !== 'src/features/orders.ts');
      return JSON.stringify(stored);
    });
    writeFileSync(cacheFileIn(cache), `${lines.join('\n')}\n`);
    const taken = await scan(dir, ['--cache-location', cache]);
    const fresh = await scan(dir, ['--no-cache']);
    expect(taken.report.stats.filesScanned).toBe(fresh.report.stats.filesScanned - 1);
    // A new file changes what git lists: listed again, and the same report as a fresh run.
    writeFileSync(path.join(dir, 'src/features/pay.ts'), "fetch('https://pay.wrappers.example/x');\n");
    const warm = await warmEqualsFresh(dir, cache);
    expect(warm.directive.value).toContain('https://pay.wrappers.example');
    expect(cacheState(cache).walk?.files).toContain('src/features/orders.ts');
  }, 20_000);

  it('a content-strategy run neither stamps the folders it walks nor drops the walk on record', async () => {
    const { dir } = copyFixture('wrappers/api-client');
    const cache = defaultLocation(dir);
    await sleep(2_100);
    await warmEqualsFresh(dir, cache);
    const before = cacheState(cache).walk;
    expect(before?.files).toContain('src/features/orders.ts');
    const written = readFileSync(cacheFileIn(cache), 'utf8');
    const content = await scan(dir, ['--cache-location', cache, '--cache-strategy', 'content']);
    expect(content.report.stats.filesParsed).toBe(0);
    // Nothing changed, so nothing was written, and the walk is there for the next run by stamps.
    expect(readFileSync(cacheFileIn(cache), 'utf8')).toBe(written);
    expect(cacheState(cache).walk).toEqual(before);
  }, 20_000);

  it('--cache-strategy takes metadata or content, and not with --no-cache', async () => {
    const { dir } = copyFixture('wrappers/api-client');
    const wrong = await runCli([dir, '--cache-strategy', 'mtime'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--cache-strategy must be metadata or content; got "mtime"/);
    const both = await runCli([dir, '--no-cache', '--cache-strategy', 'content'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--cache-strategy and --no-cache cannot be used together/);
  });
});

describe('scan cache: the tool build in the key', () => {
  it('names the version of each parsing library, also one whose exports hide its package.json', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    for (const name of ['parse5', '@babel/parser', 'oxc-resolver']) {
      const manifest = JSON.parse(
        readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string };
      // Looked for up the tree from a folder below the one that holds node_modules.
      expect(packageVersion(name, path.join(root, 'src', 'cache'))).toBe(manifest.version);
    }
    expect(packageVersion('csp-connect-no-such-package', path.join(root, 'src'))).toBe('missing');
  });
});
