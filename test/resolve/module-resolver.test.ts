// Module resolution's config files (src/resolve/module-resolver.ts): a JavaScript project keeps its
// `@/` aliases in jsconfig.json, which oxc-resolver's own discovery does not look for; and a config
// file that cannot be read must not stop relative imports from resolving.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { ModuleResolver } from '../../src/resolve/module-resolver.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

afterAll(removeProjects);

const ALIAS = (target: string): string =>
  JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': [`${target}/*`] } } });

function resolved(root: string, importer: string, specifier: string): string {
  const result = new ModuleResolver().resolve(path.join(root, importer), specifier);
  return 'path' in result ? path.relative(root, result.path).split(path.sep).join('/') : `error`;
}

describe('config files of module resolution', () => {
  it("reads a jsconfig.json's paths, the nearest config file of each importer winning", () => {
    const root = makeProject({
      'jsconfig.json': ALIAS('src'),
      'src/config.js': '',
      'lib/config.js': '',
      'both/tsconfig.json': ALIAS('../lib'),
      'both/jsconfig.json': ALIAS('../src'),
      'both/a.ts': '',
      'typed/tsconfig.json': ALIAS('../lib'),
      'typed/inner/jsconfig.json': ALIAS('../../src'),
      'typed/inner/b.js': '',
      'typed/c.ts': '',
      'src/app.js': '',
      'node_modules/pkg/jsconfig.json': ALIAS('lib'),
      'node_modules/pkg/lib/config.js': '',
      'node_modules/pkg/index.js': '',
    });
    expect(resolved(root, 'src/app.js', '@/config')).toBe('src/config.js');
    // A package's own jsconfig.json is not read: a bundler would not either.
    expect(resolved(root, 'node_modules/pkg/index.js', '@/config')).toBe('error');
    // tsconfig.json wins over a jsconfig.json in the same folder, as it does for TypeScript.
    expect(resolved(root, 'both/a.ts', '@/config')).toBe('lib/config.js');
    // A nearer jsconfig.json wins over a tsconfig.json above it, and the other way round.
    expect(resolved(root, 'typed/inner/b.js', '@/config')).toBe('src/config.js');
    expect(resolved(root, 'typed/c.ts', '@/config')).toBe('lib/config.js');
  });

  it("applies a tsconfig.json's paths to importers its include leaves out, as bundlers do", async () => {
    const root = makeProject({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } },
        include: ['src/**/*.ts'],
      }),
      'src/api/base.ts': "export const API = 'https://api.example';\n",
      'src/page.ts': '',
      'src/page.js': '',
      'src/Panel.vue': '',
    });
    // The included .ts file first: a resolver sharing its caches once gave the others its answer.
    for (const importer of ['src/page.ts', 'src/page.js', 'src/Panel.vue']) {
      expect(resolved(root, importer, '@/api/base'), importer).toBe('src/api/base.ts');
    }
    expect(resolved(root, 'src/page.js', '@/api/missing')).toBe('error');
    const component = "<script setup>\nimport { API } from '@/api/base';\nfetch(API + '/v');\n</script>\n";
    writeFileSync(path.join(root, 'src/Panel.vue'), component);
    expect((await analyze({ root, cache: false })).directive.value).toBe('connect-src https://api.example');
  });

  it('resolves relative imports under a config file that cannot be read, and says why for the rest', () => {
    const broken = {
      json: '{ "compilerOptions": { paths: oops',
      // An `extends` whose package is not installed, as in a checkout without node_modules.
      extends:
        '{ "extends": "@tsconfig/not-installed/tsconfig.json", "compilerOptions": { "baseUrl": "src" } }',
    };
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      for (const [kind, text] of Object.entries(broken)) {
        const root = makeProject({
          [name]: text,
          'src/config.js': '',
          'src/app.js': '',
          'src/index.js': '',
          // A package named like a folder under baseUrl: without the config it would be taken.
          'node_modules/config/package.json': '{ "name": "config", "main": "main.js" }',
          'node_modules/config/main.js': '',
        });
        const label = `${name}, ${kind}`;
        expect(resolved(root, 'src/app.js', './config.js'), label).toBe('src/config.js');
        expect(resolved(root, 'src/app.js', '.'), label).toBe('src/index.js');
        for (const specifier of ['@/config', 'config']) {
          const result = new ModuleResolver().resolve(path.join(root, 'src/app.js'), specifier);
          expect(result, `${label}: ${specifier}`).toMatchObject({ config: {} });
          if (!('config' in result) || !result.config) continue;
          if (kind === 'json') {
            expect(result.config.file, label).toBe(path.join(root, name));
            expect(result.config.why, label).toMatch(/key must be a string/);
          } else {
            // The config that names it, with what it names: not a path resolved from anywhere.
            expect(result.config.file, label).toBe(path.join(root, name));
            expect(result.config.why, label).toBe(
              '@tsconfig/not-installed/tsconfig.json (extends or references) is not found',
            );
          }
        }
      }
    }
  });

  it('does not keep the reason of a config problem in the cache once the config is mended', async () => {
    const root = makeProject({
      'tsconfig.json': '{ "compilerOptions": { paths: oops',
      'src/config.ts': "export const API = 'https://api.example';\n",
      'src/app.ts': "import { API } from '@/config';\nfetch(API + '/items');\n",
    });
    const cacheLocation = path.join(root, '.cache');
    const messages = async (cache: boolean): Promise<string> =>
      (await analyze({ root, cache, cacheLocation })).diagnostics.map((d) => d.message).join('\n');
    expect(await messages(true)).toContain('tsconfig.json could not be read');
    writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": {} }');
    const fresh = await messages(false);
    expect(fresh).not.toContain('could not be read');
    expect(await messages(true)).toBe(fresh);
  });

  it('gives the origin of a constant imported through a jsconfig alias, and names a broken config', async () => {
    const files = {
      'src/config.js': "export const API = 'https://api.example';\n",
      'src/app.js': "import { API } from '@/config';\nfetch(API + '/items');\n",
    };
    const good = await analyze({
      root: makeProject({ ...files, 'jsconfig.json': ALIAS('src') }),
      cache: false,
    });
    expect(good.directive.value).toBe('connect-src https://api.example');
    const broken = await analyze({
      root: makeProject({ ...files, 'jsconfig.json': '{ "compilerOptions": { paths: oops' }),
      cache: false,
    });
    expect(broken.directive.value).toBe("connect-src 'none'");
    expect(broken.diagnostics.map((d) => d.message).join('\n')).toContain(
      "'@/config' cannot be resolved from src/app.js: jsconfig.json could not be read (key must be a string",
    );
  });
});
