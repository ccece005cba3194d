import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../src/config/index.js';

const FILE = 'csp-connect.config.json';

function messageOf(raw: unknown): string {
  try {
    validateConfig(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`accepted: ${JSON.stringify(raw)}`);
}

describe('validateConfig accepts', () => {
  it('a full config, returning the keys it was given', () => {
    const raw = {
      include: ['src/**/*.ts'],
      exclude: ['**/*.test.ts'],
      origin: 'https://shop.example.com',
      format: 'nginx',
      allow: ["'self'", 'https://*.stripe.com', 'wss://live.example.com:8443'],
      ignore: [{ code: 'insecure-origin', file: 'src/dev/**' }, { source: 'http://localhost:3000' }],
      reportOnly: true,
      basePolicy: "default-src 'self'; img-src 'self' data:",
      maxFileSize: 2_000_000,
      defaultExcludes: false,
    };
    expect(validateConfig(raw, FILE)).toEqual(raw);
  });

  it('an empty object', () => {
    expect(validateConfig({}, FILE)).toEqual({});
  });

  it('undefined values as unset (a JS config may read an unset environment variable)', () => {
    expect(validateConfig({ origin: undefined, allow: ["'self'"] }, FILE)).toEqual({ allow: ["'self'"] });
  });

  it('normalises the origin to URL#origin', () => {
    expect(validateConfig({ origin: 'HTTPS://Shop.Example.COM:443/' }, FILE)).toEqual({
      origin: 'https://shop.example.com',
    });
    expect(validateConfig({ origin: 'http://localhost:8080/' }, FILE).origin).toBe('http://localhost:8080');
    expect(validateConfig({ origin: 'http://[::1]:3000' }, FILE).origin).toBe('http://[::1]:3000');
  });

  it("lowercases the 'self' keyword, which CSP compares case-insensitively", () => {
    expect(validateConfig({ allow: ["'SELF'"] }, FILE).allow).toEqual(["'self'"]);
  });
});

describe('validateConfig rejects, with one line naming the file and the key', () => {
  it.each<[string, unknown, string]>([
    ['a non-object config', ['src'], `${FILE}: expected an object of options, got an array`],
    ['null', null, `${FILE}: expected an object of options, got null`],
    [
      'an unknown key close to a known one',
      { alow: ['https://api.example.com'] },
      `${FILE}: "alow": unknown key; did you mean "allow"?`,
    ],
    [
      'an unknown key in another spelling',
      { max_file_size: 10 },
      `${FILE}: "max_file_size": unknown key; did you mean "maxFileSize"?`,
    ],
    [
      'an unknown key with nothing close',
      { colour: true },
      `${FILE}: "colour": unknown key; known keys are include, exclude, origin, format, allow, ignore, reportOnly, basePolicy, maxFileSize, defaultExcludes, mode, env, typed`,
    ],
    [
      'a string where globs are expected',
      { include: 'src/**' },
      `${FILE}: "include": expected an array of glob strings, got "src/**" (write ["src/**"])`,
    ],
    [
      'an empty glob',
      { exclude: ['dist/**', ' '] },
      `${FILE}: "exclude[1]": expected a non-empty glob string, got " "`,
    ],
    [
      'a hole in an array',
      // eslint-disable-next-line no-sparse-arrays -- the hole is the case under test
      { include: ['a', , 'b'] },
      `${FILE}: "include[1]": expected a non-empty glob string, got undefined`,
    ],
    [
      'an invalid source expression',
      { allow: ["'self'", 'https://exa mple.com'] },
      `${FILE}: "allow[1]": "https://exa mple.com" is not a valid CSP source expression`,
    ],
    [
      'a keyword other than self',
      { allow: ["'unsafe-inline'"] },
      `${FILE}: "allow[0]": "'unsafe-inline'" has no effect in connect-src; the only keyword allowed here is 'self'`,
    ],
    [
      "'none' among the allowed sources",
      { allow: ["'none'"] },
      `${FILE}: "allow[0]": "'none'" has no effect in connect-src; the only keyword allowed here is 'self'`,
    ],
    [
      'a nonce',
      { allow: ["'nonce-cmFuZG9t'"] },
      `${FILE}: "allow[0]": "'nonce-cmFuZG9t'" has no effect in connect-src; nonces and hashes only apply to scripts and styles`,
    ],
    [
      'self without quotes',
      { allow: ['self'] },
      `${FILE}: "allow[0]": "self" would allow a host named self; write "'self'" with single quotes`,
    ],
    [
      'a non-string source',
      { allow: [443] },
      `${FILE}: "allow[0]": expected a CSP source expression like "https://api.example.com", got 443`,
    ],
    [
      'an origin without a scheme',
      { origin: 'shop example' },
      `${FILE}: "origin": "shop example" is not a URL; write it with its scheme, like "https://example.com"`,
    ],
    [
      'an origin with another scheme',
      { origin: 'ftp://files.example.com' },
      `${FILE}: "origin": "ftp://files.example.com" is not an http or https origin; write it like "https://example.com"`,
    ],
    [
      'an origin with a path',
      { origin: 'https://shop.example.com/app' },
      `${FILE}: "origin": "https://shop.example.com/app" has a path, query or fragment; give only the origin, "https://shop.example.com"`,
    ],
    [
      'an origin with an empty query',
      { origin: 'https://shop.example.com/?' },
      `${FILE}: "origin": "https://shop.example.com/?" has a path, query or fragment; give only the origin, "https://shop.example.com"`,
    ],
    [
      'an origin with credentials',
      { origin: 'https://user:pw@shop.example.com' },
      `${FILE}: "origin": "https://user:pw@shop.example.com" has user info; give only the origin, "https://shop.example.com"`,
    ],
    [
      'a misspelt format',
      { format: 'ngnix' },
      `${FILE}: "format": "ngnix" is not a format; did you mean "nginx"?`,
    ],
    [
      'an unknown format',
      { format: 'caddyfile' },
      `${FILE}: "format": "caddyfile" is not a format; use one of directive, header, meta, nginx, apache, helmet, json, text`,
    ],
    [
      'a non-boolean reportOnly',
      { reportOnly: 'yes' },
      `${FILE}: "reportOnly": expected true or false, got "yes"`,
    ],
    [
      'a zero maxFileSize',
      { maxFileSize: 0 },
      `${FILE}: "maxFileSize": expected a positive whole number of bytes, got 0`,
    ],
    [
      'a fractional maxFileSize',
      { maxFileSize: 1.5 },
      `${FILE}: "maxFileSize": expected a positive whole number of bytes, got 1.5`,
    ],
    [
      'a maxFileSize as a string',
      { maxFileSize: '1MB' },
      `${FILE}: "maxFileSize": expected a positive whole number of bytes, got "1MB"`,
    ],
    [
      'a base policy with a line break',
      { basePolicy: "default-src 'self';\nimg-src *" },
      `${FILE}: "basePolicy": contains U+000A at offset 19; a policy is printable ASCII on one line`,
    ],
    [
      'two base policies',
      { basePolicy: "default-src 'self', img-src *" },
      `${FILE}: "basePolicy": contains "," at offset 18, which would split it into two policies; give one policy`,
    ],
    [
      'an empty base policy',
      { basePolicy: '  ' },
      `${FILE}: "basePolicy": is empty; leave it out to emit connect-src alone`,
    ],
    [
      'an ignore rule that is not an object',
      { ignore: ['unresolved-url'] },
      `${FILE}: "ignore[0]": expected an object with "file", "code" or "source", got "unresolved-url"`,
    ],
    [
      'an empty ignore rule',
      { ignore: [{ code: 'ip-literal' }, {}] },
      `${FILE}: "ignore[1]": an ignore rule needs at least one of "file", "code" or "source"`,
    ],
    [
      'an unknown key in an ignore rule',
      { ignore: [{ files: 'src/**' }] },
      `${FILE}: "ignore[0].files": unknown key; did you mean "file"?`,
    ],
    [
      'an unknown diagnostic code',
      { ignore: [{ code: 'unresolved-urls' }] },
      `${FILE}: "ignore[0].code": "unresolved-urls" is not a diagnostic code; did you mean "unresolved-url"?`,
    ],
    [
      'an invalid source in an ignore rule',
      { ignore: [{ source: 'http://local host' }] },
      `${FILE}: "ignore[0].source": "http://local host" is not a valid CSP source expression`,
    ],
  ])('%s', (_case, raw, message) => {
    const actual = messageOf(raw);
    expect(actual).toBe(message);
    expect(actual).not.toContain('\n');
  });

  it('keeps the message on one line whatever the value holds', () => {
    const message = messageOf({ allow: ['https://api.example.com\n\u2028evil'] });
    expect(message).toBe(
      `${FILE}: "allow[0]": "https://api.example.com\\n\\u2028evil" is not a valid CSP source expression`,
    );
  });

  it('reports unknown keys first, then the first problem in the documented key order', () => {
    expect(messageOf({ allow: ['bad host'], format: 'nope' })).toMatch(/^[^:]+: "format": /);
    expect(messageOf({ allow: ['bad host'], colr: true })).toMatch(/^[^:]+: "colr": unknown key/);
  });
});
