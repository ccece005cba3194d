import { utimesSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { locateJsonError } from '../../src/config/json-error.js';
import { makeProject, removeProjects } from '../helpers/projects.js';

/** A temp project holding `files` (name -> content). */
const project = makeProject;

afterEach(removeProjects);

async function loadError(root: string, explicit?: string): Promise<string> {
  try {
    await loadConfig(root, explicit);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loaded without an error');
}

const JSON_CONFIG = JSON.stringify({
  origin: 'https://shop.example.com',
  allow: ['https://api.example.com'],
});
const MJS_CONFIG = "export default { format: 'nginx', allow: ['wss://live.example.com'] };\n";
const JS_CONFIG = "export default { format: 'apache' };\n";

describe('loadConfig', () => {
  it('returns an empty config and no file when there is none', async () => {
    const root = project({ 'src/app.ts': 'fetch("/api")\n' });
    expect(await loadConfig(root)).toEqual({ config: {}, file: null });
  });

  it('reads and validates csp-connect.config.json', async () => {
    const root = project({ 'csp-connect.config.json': JSON_CONFIG });
    expect(await loadConfig(root)).toEqual({
      config: { origin: 'https://shop.example.com', allow: ['https://api.example.com'] },
      file: `${root}/csp-connect.config.json`,
    });
  });

  it('imports the default export of csp-connect.config.mjs', async () => {
    const root = project({ 'csp-connect.config.mjs': MJS_CONFIG });
    expect(await loadConfig(root)).toEqual({
      config: { format: 'nginx', allow: ['wss://live.example.com'] },
      file: `${root}/csp-connect.config.mjs`,
    });
  });

  it('imports csp-connect.config.js as ESM in a "type": "module" package', async () => {
    const root = project({ 'package.json': '{"type":"module"}', 'csp-connect.config.js': JS_CONFIG });
    expect((await loadConfig(root)).config).toEqual({ format: 'apache' });
  });

  it('imports csp-connect.config.js as CommonJS otherwise (module.exports is the default)', async () => {
    const root = project({ 'csp-connect.config.js': 'module.exports = { reportOnly: true };\n' });
    expect((await loadConfig(root)).config).toEqual({ reportOnly: true });
  });

  it('reads the cspConnect key of package.json', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'shop', cspConnect: { maxFileSize: 4096 } }),
    });
    expect(await loadConfig(root)).toEqual({ config: { maxFileSize: 4096 }, file: `${root}/package.json` });
  });

  it('ignores a package.json without the cspConnect key', async () => {
    const root = project({ 'package.json': JSON.stringify({ name: 'shop' }) });
    expect(await loadConfig(root)).toEqual({ config: {}, file: null });
  });

  it('searches json, then mjs, then js, then package.json', async () => {
    const all = {
      'csp-connect.config.json': '{"format":"json"}',
      'csp-connect.config.mjs': "export default { format: 'header' };",
      'csp-connect.config.js': "module.exports = { format: 'meta' };",
      'package.json': '{"cspConnect":{"format":"text"}}',
    };
    expect((await loadConfig(project(all))).config.format).toBe('json');
    const { 'csp-connect.config.json': _json, ...noJson } = all;
    expect((await loadConfig(project(noJson))).config.format).toBe('header');
    const { 'csp-connect.config.mjs': _mjs, ...onlyJs } = noJson;
    expect((await loadConfig(project(onlyJs))).config.format).toBe('meta');
    const { 'csp-connect.config.js': _js, ...onlyPackage } = onlyJs;
    expect((await loadConfig(project(onlyPackage))).config.format).toBe('text');
  });

  it('lets an explicit path win over the search', async () => {
    const root = project({
      'csp-connect.config.json': '{"format":"json"}',
      'config/ci.mjs': "export default { format: 'helmet' };",
    });
    expect(await loadConfig(root, `${root}/config/ci.mjs`)).toEqual({
      config: { format: 'helmet' },
      file: `${root}/config/ci.mjs`,
    });
  });

  it('reads an explicit package.json through its cspConnect key', async () => {
    const root = project({ 'sub/package.json': '{"cspConnect":{"defaultExcludes":false}}' });
    expect((await loadConfig(root, `${root}/sub/package.json`)).config).toEqual({ defaultExcludes: false });
  });

  it('accepts a UTF-8 byte order mark in a JSON config', async () => {
    const root = project({ 'csp-connect.config.json': `\ufeff${JSON_CONFIG}` });
    expect((await loadConfig(root)).config.origin).toBe('https://shop.example.com');
  });

  it('re-imports a JS config edited since it was loaded', async () => {
    const root = project({ 'csp-connect.config.mjs': "export default { format: 'nginx' };" });
    expect((await loadConfig(root)).config.format).toBe('nginx');
    writeFileSync(`${root}/csp-connect.config.mjs`, "export default { format: 'apache' };");
    const later = new Date(Date.now() + 5000);
    utimesSync(`${root}/csp-connect.config.mjs`, later, later);
    expect((await loadConfig(root)).config.format).toBe('apache');
  });
});

describe('loadConfig errors are one line naming the file', () => {
  it('validation errors name the file relative to the root', async () => {
    const root = project({ 'csp-connect.config.json': '{"allow":["https://exa mple.com"]}' });
    expect(await loadError(root)).toBe(
      'csp-connect.config.json: "allow[0]": "https://exa mple.com" is not a valid CSP source expression',
    );
  });

  it('package.json errors name the key inside cspConnect', async () => {
    const root = project({ 'package.json': '{"cspConnect":{"formt":"nginx"}}' });
    expect(await loadError(root)).toBe(
      'package.json: "cspConnect.formt": unknown key; did you mean "format"?',
    );
  });

  it('a cspConnect that is not an object', async () => {
    const root = project({ 'package.json': '{"cspConnect":"nginx"}' });
    expect(await loadError(root)).toBe(
      'package.json: "cspConnect": expected an object of options, got "nginx"',
    );
  });

  it.each([
    [
      'a trailing comma',
      '{\n  "allow": ["https://api.example.com",]\n}\n',
      '2:38: invalid JSON: a trailing comma is not allowed in JSON',
    ],
    [
      'a comment',
      '{\n  // staging\n  "format": "nginx"\n}',
      '2:3: invalid JSON: comments are not allowed in JSON',
    ],
    ['single quotes', "{ 'format': 'nginx' }", '1:3: invalid JSON: strings must use double quotes'],
    ['an unquoted key', '{\n\tformat: "nginx"\n}', '2:2: invalid JSON: property names must be double-quoted'],
    [
      'a missing comma',
      '{"format": "nginx"\n "reportOnly": true}',
      `2:2: invalid JSON: unexpected '"'; expected ',' or '}'`,
    ],
    ['an empty file', '', '1:1: invalid JSON: unexpected end of file'],
  ])('invalid JSON (%s) gives the line and column', async (_case, text, message) => {
    const root = project({ 'csp-connect.config.json': text });
    expect(await loadError(root)).toBe(`csp-connect.config.json:${message}`);
  });

  it('a JS config without a default export', async () => {
    const root = project({ 'csp-connect.config.mjs': "export const config = { format: 'nginx' };\n" });
    expect(await loadError(root)).toBe(
      'csp-connect.config.mjs: has no default export; write `export default defineConfig({ ... })`',
    );
  });

  it('a JS config that throws while loading', async () => {
    const root = project({
      'csp-connect.config.mjs': "throw new Error('missing SHOP_ORIGIN\\nsecond line');\n",
    });
    expect(await loadError(root)).toBe('csp-connect.config.mjs: could not load: missing SHOP_ORIGIN');
  });

  it('a JS config whose default export is invalid', async () => {
    const root = project({ 'csp-connect.config.mjs': 'export default { maxFileSize: -1 };\n' });
    expect(await loadError(root)).toBe(
      'csp-connect.config.mjs: "maxFileSize": expected a positive whole number of bytes, got -1',
    );
  });

  it('an explicit path that does not exist, shown as given', async () => {
    const root = project({});
    expect(await loadError(root, `${root}/missing.json`)).toBe(`${root}/missing.json: config file not found`);
  });

  it('an explicit file of an unsupported type', async () => {
    const root = project({ 'csp.yaml': 'format: nginx\n' });
    expect(await loadError(root, `${root}/csp.yaml`)).toBe(
      `${root}/csp.yaml: unsupported config file type; use .json, .mjs, .js or package.json`,
    );
  });

  it('an explicit package.json without cspConnect', async () => {
    const root = project({ 'package.json': '{"name":"shop"}' });
    expect(await loadError(root, `${root}/package.json`)).toBe(
      `${root}/package.json: has no "cspConnect" key to read options from`,
    );
  });
});

describe('JSON error location', () => {
  it('finds nothing wrong in valid JSON', () => {
    expect(locateJsonError('{"a": [1, -2.5e3, true, null, "x\\u00e9"], "b": {}}')).toBeNull();
  });

  it('escapes an invisible character it stops at', () => {
    expect(locateJsonError('{"a": \u0001}')).toEqual({ offset: 6, reason: 'unexpected "\\u0001"' });
  });
});
