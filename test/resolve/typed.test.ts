// Typed mode: what the type checker says a sink argument can be, on small TypeScript projects in
// fixtures/typed/. Each query names an expression by its [start, end) offsets in the file on disk,
// as the evaluator does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TypedResolver } from '../../src/resolve/typed.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/typed/', import.meta.url));

function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** The offsets of `target` inside the first occurrence of `context` in the file's text on disk. */
function rangeOf(file: string, target: string, context: string): [number, number] {
  const text = readFileSync(file, 'utf8');
  const around = text.indexOf(context);
  const at = around < 0 ? -1 : text.indexOf(target, around);
  if (at < 0 || at + target.length > around + context.length) throw new Error(`${target} not in ${context}`);
  return [at, at + target.length];
}

function ask(
  resolver: TypedResolver,
  file: string,
  target: string,
  context = target,
): readonly string[] | null {
  const [start, end] = rangeOf(file, target, context);
  return resolver.literalValues(file, start, end);
}

function tsMorphLoaded(): boolean {
  const cache = createRequire(import.meta.url).cache;
  return Object.keys(cache).some((id) => id.includes(`${path.sep}ts-morph${path.sep}`));
}

describe('laziness', () => {
  it('constructing the resolver loads, reads and creates nothing', () => {
    const before = tsMorphLoaded();
    const resolver = new TypedResolver(fixture('union-parameter'));
    expect(resolver.stats).toEqual({
      files: 0,
      roots: 0,
      projects: 0,
      programs: 0,
      createMs: 0,
      queryMs: 0,
      queries: 0,
      failures: 0,
    });
    expect(tsMorphLoaded()).toBe(before);
  });

  it('the first query creates the project, with only the queried file as a root', () => {
    const resolver = new TypedResolver(fixture('union-parameter'));
    const file = path.join(fixture('union-parameter'), 'src/stock-levels.ts');
    expect(ask(resolver, file, 'region', '${region}')).toEqual(['eu', 'us']);
    const first = resolver.stats;
    expect(first.projects).toBe(1);
    expect(first.programs).toBe(1);
    expect(first.roots).toBe(1);
    expect(first.files).toBeGreaterThan(1); // the queried file and the lib files of its tsconfig
    expect(first.createMs).toBeGreaterThan(0);
    expect(first.queries).toBe(1);
    expect(first.failures).toBe(0);
    expect(tsMorphLoaded()).toBe(true);

    // A later query in the same file reuses the project and builds nothing more.
    expect(ask(resolver, file, 'market', '${market}')).toEqual(['de', 'fr', 'nl']);
    const second = resolver.stats;
    expect(second.projects).toBe(1);
    expect(second.programs).toBe(1);
    expect(second.roots).toBe(1);
    expect(second.createMs).toBe(first.createMs);
    expect(second.queries).toBe(2);
  });

  it('prepare() loads nothing, and lets one program serve every prepared file', () => {
    const root = fixture('enum-hosts');
    const hosts = path.join(root, 'src/api-hosts.ts');
    const stock = path.join(fixture('union-parameter'), 'src/stock-levels.ts');
    const sameConfig = new TypedResolver(root);
    sameConfig.prepare([hosts]);
    expect(sameConfig.stats.createMs).toBe(0);
    expect(sameConfig.stats.projects).toBe(0);

    // Two files of two configs: one program each, built by the first query that needs it.
    const resolver = new TypedResolver(FIXTURES);
    resolver.prepare([hosts, stock]);
    expect(ask(resolver, hosts, 'port', '${port}')).toEqual(['8080', '8443']);
    expect(resolver.stats).toMatchObject({ projects: 2, roots: 2, programs: 1 });
    expect(ask(resolver, stock, 'region', '${region}')).toEqual(['eu', 'us']);
    expect(resolver.stats).toMatchObject({ projects: 2, roots: 2, programs: 2 });
    expect(ask(resolver, hosts, 'host', 'fetch(host')).toHaveLength(2);
    expect(resolver.stats.programs).toBe(2);
  });

  it('a file typed mode cannot read creates nothing', () => {
    const resolver = new TypedResolver(FIXTURES);
    expect(resolver.literalValues(path.join(FIXTURES, 'checkout-form.vue'), 0, 4)).toBeNull();
    expect(resolver.stats.projects).toBe(0);
    expect(resolver.stats.createMs).toBe(0);
  });
});

describe('finite literal types', () => {
  it('a parameter typed as a union of string literals', () => {
    const file = path.join(fixture('union-parameter'), 'src/stock-levels.ts');
    const resolver = new TypedResolver(fixture('union-parameter'));
    expect(ask(resolver, file, 'region', '${region}')).toEqual(['eu', 'us']);
    // A template whose every hole is finite gives every whole URL...
    expect(ask(resolver, file, '`wss://prices-${market}.shop.example/feed`')).toEqual([
      'wss://prices-de.shop.example/feed',
      'wss://prices-fr.shop.example/feed',
      'wss://prices-nl.shop.example/feed',
    ]);
    // ...and one with a `string` hole gives nothing.
    expect(
      ask(resolver, file, '`https://${region}.stock.shop.example/levels/${encodeURIComponent(sku)}`'),
    ).toBeNull();
  });

  it('enum types and members, string and numeric', () => {
    const file = path.join(fixture('enum-hosts'), 'src/api-hosts.ts');
    const resolver = new TypedResolver(fixture('enum-hosts'));
    expect(ask(resolver, file, 'host', 'fetch(host')).toEqual([
      'https://api.payments.example',
      'https://fallback.payments.example',
    ]);
    expect(ask(resolver, file, 'ApiHost.Primary')).toEqual(['https://api.payments.example']);
    expect(ask(resolver, file, 'port', '${port}')).toEqual(['8080', '8443']);
    expect(ask(resolver, file, '`https://events.payments.example:${port}/stream`')).toEqual([
      'https://events.payments.example:8080/stream',
      'https://events.payments.example:8443/stream',
    ]);
    // A computed member makes the enum an opaque number.
    expect(ask(resolver, file, 'which', '${which}')).toBeNull();
  });

  it('template literal types over a union, directly and through a generic', () => {
    const file = path.join(fixture('template-literal-type'), 'src/region-endpoints.ts');
    const resolver = new TypedResolver(fixture('template-literal-type'));
    const all = [
      'https://ap-south.api.example.com',
      'https://eu-west.api.example.com',
      'https://us-east.api.example.com',
    ];
    expect(ask(resolver, file, 'endpoint', 'sendBeacon(endpoint')).toEqual(all);
    expect(ask(resolver, file, 'endpointFor(region)')).toEqual(all);
    // A type parameter stands for every value its constraint allows.
    expect(ask(resolver, file, 'region', '${region}.api.example.com/health')).toEqual([
      'ap-south',
      'eu-west',
      'us-east',
    ]);
    expect(ask(resolver, file, '`https://${region}.api.example.com/health`')).toEqual(
      all.map((origin) => `${origin}/health`),
    );
  });

  it('an as const object read with a union key', () => {
    const file = path.join(fixture('as-const-lookup'), 'src/upload-targets.ts');
    const resolver = new TypedResolver(fixture('as-const-lookup'));
    expect(ask(resolver, file, 'UPLOAD_HOSTS[kind]')).toEqual([
      'https://docs.uploads.example',
      'https://images.uploads.example',
    ]);
    // Without `as const` the properties are `string`.
    expect(ask(resolver, file, 'MUTABLE_HOSTS[kind]')).toBeNull();
  });
});

describe('types from other files', () => {
  it('a type alias imported through tsconfig paths, loaded only when needed', () => {
    const root = fixture('paths-alias');
    const file = path.join(root, 'src/telemetry/beacon.ts');
    const resolver = new TypedResolver(root);
    expect(ask(resolver, file, 'region', '${region}')).toEqual(['eu', 'us']);
    // beacon.ts, then config/regions.ts on demand; not payload-format.ts, which the answer does not need.
    expect(resolver.stats.roots).toBe(2);
    expect(ask(resolver, file, 'COLLECTOR_ORIGIN', 'sendBeacon(COLLECTOR_ORIGIN')).toEqual([
      'https://collector.telemetry.example',
    ]);
  });

  it('the compiler loading every import gives the same answers', () => {
    const root = fixture('paths-alias');
    const file = path.join(root, 'src/telemetry/beacon.ts');
    const resolver = new TypedResolver(root, { dependencies: 'compiler' });
    expect(ask(resolver, file, 'region', '${region}')).toEqual(['eu', 'us']);
    expect(resolver.stats.roots).toBe(1);
  });

  it('the options of the referenced config that owns the file, under a solution-style tsconfig', () => {
    const root = fixture('solution-config');
    const resolver = new TypedResolver(root);
    const file = path.join(root, 'src/live-updates.ts');
    expect(ask(resolver, file, '`wss://live.shop.example/${channel}`')).toEqual([
      'wss://live.shop.example/inventory',
      'wss://live.shop.example/orders',
    ]);
  });

  it('a type through a re-export, and a global declared in a side-effect import', () => {
    const root = fixture('reexport-and-global');
    const file = path.join(root, 'src/sync-client.ts');
    const resolver = new TypedResolver(root);
    expect(ask(resolver, file, 'stage', '${stage}')).toEqual(['alpha', 'beta']);
    expect(resolver.stats.roots).toBe(3); // sync-client.ts, config/index.ts, config/stages.ts
    expect(ask(resolver, file, 'DEPLOY_REGION', '${DEPLOY_REGION}')).toEqual(['north', 'south']);
    expect(resolver.stats.roots).toBe(4);
  });

  it('a literal type inferred two imports away', () => {
    const root = fixture('import-chain');
    const file = path.join(root, 'src/orders.ts');
    const resolver = new TypedResolver(root);
    expect(ask(resolver, file, 'apiBase(environment)')).toEqual([
      'https://orders.example',
      'https://staging.orders.example',
    ]);
    expect(resolver.stats.roots).toBe(3);
    expect(ask(resolver, file, "apiBase(environment) + '/orders'")).toEqual([
      'https://orders.example/orders',
      'https://staging.orders.example/orders',
    ]);
  });

  it('stops at the import depth it is given', () => {
    const root = fixture('import-chain');
    const resolver = new TypedResolver(root, { maxImportDepth: 1 });
    expect(ask(resolver, path.join(root, 'src/orders.ts'), 'apiBase(environment)')).toBeNull();
    expect(resolver.stats.roots).toBe(2);
  });
});

describe('types that are no finite list', () => {
  const root = fixture('not-finite');
  const resolver = new TypedResolver(root);
  const preview = path.join(root, 'src/webhook-preview.ts');

  it('string, any and unknown give null', () => {
    expect(ask(resolver, preview, 'userSuppliedUrl', 'fetch(userSuppliedUrl')).toBeNull();
    expect(ask(resolver, preview, 'target', 'fetch(target')).toBeNull();
    expect(ask(resolver, preview, 'String(other)')).toBeNull();
  });

  it('a union of 100 literals is over the bound', () => {
    const file = path.join(root, 'src/search-shards.ts');
    expect(ask(resolver, file, 'shard', '${shard}')).toBeNull();
    expect(ask(resolver, file, '`https://${shard}.search.example/query`')).toBeNull();
    expect(resolver.stats.failures).toBe(0);
  });
});

describe('files outside any tsconfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'csp-connect-typed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('JavaScript with a byte-order mark gets default options and the offsets of the disk text', () => {
    const file = path.join(dir, 'live-feed.js');
    writeFileSync(
      file,
      "\uFEFFconst mode = Math.random() > 0.5 ? 'live' : 'sandbox';\n" +
        'new EventSource(`https://${mode}.feed.example/stream`);\n',
    );
    const resolver = new TypedResolver(dir);
    expect(ask(resolver, file, 'mode', '${mode}')).toEqual(['live', 'sandbox']);
    expect(ask(resolver, file, '`https://${mode}.feed.example/stream`')).toEqual([
      'https://live.feed.example/stream',
      'https://sandbox.feed.example/stream',
    ]);
  });

  it('never throws: a missing file is a counted failure', () => {
    const resolver = new TypedResolver(dir);
    expect(resolver.literalValues(path.join(dir, 'deleted-client.ts'), 0, 5)).toBeNull();
    expect(resolver.stats.failures).toBe(1);
    expect(resolver.stats.queries).toBe(1);
  });
});
