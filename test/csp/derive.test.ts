import { describe, expect, it } from 'vitest';
import { type Derivation, deriveSource, displayTemplate, sinkLabel } from '../../src/csp/derive.js';
import { isEmittableSource } from '../../src/csp/grammar.js';
import { DIAGNOSTICS } from '../../src/diagnostics/registry.js';
import type { SinkKind, UrlPiece } from '../../src/types.js';

const text = (value: string): UrlPiece => ({ t: 'text', value });
const hole = (label: string, reason = 'not a constant'): UrlPiece => ({ t: 'hole', label, reason });
const pageOrigin: UrlPiece = { t: 'page-origin' };
const pageHost: UrlPiece = { t: 'page-host' };
const pageHostname: UrlPiece = { t: 'page-hostname' };
const pageProtocol: UrlPiece = { t: 'page-protocol' };

/** The page origins of csp-semantics.md's test vectors. */
const P = 'http://app.example:8080';
const P80 = 'http://app.example';
const PS = 'https://app.example';

type Target = string | readonly UrlPiece[];

function derive(target: Target, sink: SinkKind = 'fetch', origin: string | null = null): Derivation {
  const pieces = typeof target === 'string' ? [text(target)] : target;
  return deriveSource({ pieces, sink }, origin);
}

function sourceOf(target: Target, sink: SinkKind = 'fetch', origin: string | null = null): string | null {
  const result = derive(target, sink, origin);
  return result.ok ? result.source : null;
}

function codes(result: Derivation): string[] {
  return result.notes.map((note) => note.code);
}

/** The only `*` a source may hold is one the deriver wrote: a leading `*.` label or a `:*` port. */
function starsAreOurs(source: string): boolean {
  return !source.replace('://*.', '://').replace(/:\*$/, '').includes('*');
}

/** The one note a failed derivation must carry. */
function failure(target: Target, sink: SinkKind = 'fetch', origin: string | null = null) {
  const result = derive(target, sink, origin);
  expect(result.ok).toBe(false);
  expect(result.valueKind).toBe('unknown');
  expect(result.notes).toHaveLength(1);
  return result.notes[0]!;
}

describe('sinkLabel', () => {
  it.each([
    ['fetch', 'fetch()'],
    ['xhr', 'XMLHttpRequest.open()'],
    ['websocket', 'new WebSocket()'],
    ['event-source', 'new EventSource()'],
    ['beacon', 'navigator.sendBeacon()'],
    ['ping', '<a ping>'],
  ] as const)('%s reads as %s', (kind, label) => {
    expect(sinkLabel(kind)).toBe(label);
  });
});

describe('displayTemplate', () => {
  it('shows text as is, holes by label and page pieces as location expressions', () => {
    const pieces = [
      pageProtocol,
      text('//'),
      pageHost,
      text('/api/'),
      hole('userId'),
      text('?v='),
      hole('v'),
    ];
    expect(displayTemplate({ pieces, sink: 'fetch' })).toBe(
      `\${location.protocol}//\${location.host}/api/\${userId}?v=\${v}`,
    );
    expect(displayTemplate({ pieces: [pageOrigin, pageHostname], sink: 'fetch' })).toBe(
      `\${location.origin}\${location.hostname}`,
    );
  });

  it('is the display of every derivation, with the original text before any cleaning', () => {
    const result = derive([text(' https://api.example.com'), hole('path')], 'fetch', PS);
    expect(result.display).toBe(` https://api.example.com\${path}`);
  });
});

describe('relative references', () => {
  it.each(['/api/users', '', 'x/y', '?q=1', '#top', '../a', 'users.json', '  /api  ', '/a:b'])(
    '%j stays on the page: self',
    (target) => {
      const result = derive(target);
      expect(result).toMatchObject({ ok: true, source: "'self'", valueKind: 'self', notes: [] });
    },
  );

  it('is self for every sink, including sockets (matrix: self-ws-relative-url)', () => {
    for (const sink of ['fetch', 'xhr', 'websocket', 'event-source', 'beacon', 'ping'] as const) {
      expect(sourceOf('/live', sink)).toBe("'self'");
      expect(sourceOf('/live', sink, P)).toBe("'self'");
    }
  });
});

describe('protocol-relative URLs', () => {
  it('take https when the page is not known', () => {
    expect(derive('//cdn.example.com/lib.js')).toMatchObject({
      ok: true,
      source: 'https://cdn.example.com',
      valueKind: 'exact',
    });
  });

  it("take the page's scheme when it is known", () => {
    const result = derive('//cdn.example.com/lib.js', 'fetch', 'http://localhost:8080');
    expect(result.ok && result.source).toBe('http://cdn.example.com');
    expect(codes(result)).toEqual(['insecure-origin']);
  });

  it('accept backslashes and extra slashes as the URL parser does', () => {
    expect(sourceOf('\\\\cdn.example.com\\x')).toBe('https://cdn.example.com');
    expect(sourceOf('/\\cdn.example.com')).toBe('https://cdn.example.com');
    expect(sourceOf('////cdn.example.com')).toBe('https://cdn.example.com');
  });

  it("are self when they name the page's own host", () => {
    expect(sourceOf('//app.example/x', 'fetch', PS)).toBe("'self'");
  });

  it('become wss: for sockets on an https page', () => {
    expect(sourceOf('//rt.example.com/socket', 'websocket', PS)).toBe('wss://rt.example.com');
    expect(sourceOf('//rt.example.com/socket', 'websocket', P80)).toBe('ws://rt.example.com');
  });
});

describe('absolute URLs', () => {
  it('keep only scheme, host and non-default port', () => {
    expect(sourceOf('https://api.example.com/v1/users?page=2#top')).toBe('https://api.example.com');
    expect(sourceOf('https://api.example.com:8443/v1')).toBe('https://api.example.com:8443');
  });

  it('lowercase scheme and host (rule 18)', () => {
    expect(sourceOf('HTTPS://API.Example.COM/Path')).toBe('https://api.example.com');
  });

  it.each([
    ['http://api.example.com:80/x', 'http://api.example.com'],
    ['https://api.example.com:443/x', 'https://api.example.com'],
    ['https://api.example.com:0443/x', 'https://api.example.com'],
    ['https://api.example.com:80/x', 'https://api.example.com:80'],
    ['http://api.example.com:443/x', 'http://api.example.com:443'],
  ])('drop only the default port: %s', (target, source) => {
    expect(sourceOf(target)).toBe(source);
  });

  it('drop userinfo (rule 26)', () => {
    expect(sourceOf('https://user:pw@api.example.com/x', 'xhr')).toBe('https://api.example.com');
  });

  it('write IDN hosts in punycode (rule 22)', () => {
    expect(sourceOf('https://bücher.example/x')).toBe('https://xn--bcher-kva.example');
    expect(sourceOf('https://例え.jp/')).toBe('https://xn--r8jz45g.jp');
  });

  it('keep a trailing dot (rule 21)', () => {
    expect(sourceOf('https://api.example.com./x')).toBe('https://api.example.com.');
  });

  it('ignore what the parser ignores: outer spaces and controls, tabs and newlines anywhere', () => {
    expect(sourceOf('\u0000 \thttps://api.example.com/x \n')).toBe('https://api.example.com');
    expect(sourceOf('ht\ttps://api.exa\nmple.com/x')).toBe('https://api.example.com');
  });

  it.each([
    'https://exa mple.com/',
    'http://[::1/',
    'https://',
    'https://api.example.com:99999/',
    'http://1.2.3.4.5/',
  ])('%j is invalid-url', (target) => {
    const note = failure(target);
    expect(note.code).toBe('invalid-url');
    expect(note.args).toMatchObject({ sink: 'fetch()', value: target });
  });
});

describe('WebSocket targets', () => {
  it.each([
    ['https://rt.example.com/socket', 'wss://rt.example.com'],
    ['http://rt.example.com:8080/socket', 'ws://rt.example.com:8080'],
    ['wss://rt.example.com/socket', 'wss://rt.example.com'],
    ['ws://localhost:3001', 'ws://localhost:3001'],
    ['https://rt.example.com:443/x', 'wss://rt.example.com'],
    ['http://rt.example.com:80/x', 'ws://rt.example.com'],
  ])('%s becomes %s', (target, source) => {
    expect(sourceOf(target, 'websocket')).toBe(source);
  });

  it('reject a fragment, even an empty one, as the constructor does', () => {
    expect(failure('wss://rt.example.com/socket#x', 'websocket').code).toBe('invalid-url');
    expect(failure('wss://rt.example.com/#', 'websocket').code).toBe('invalid-url');
    expect(sourceOf('https://api.example.com/#', 'fetch')).toBe('https://api.example.com');
  });

  it.each(['ftp://files.example.com/', 'data:text/plain,hi', 'javascript:alert(1)'])(
    'reject %s as invalid-url',
    (target) => {
      expect(failure(target, 'websocket').code).toBe('invalid-url');
    },
  );

  it('are never written as http(s) sources (rule 14)', () => {
    for (const target of ['https://rt.example.com', 'http://rt.example.com', '//rt.example.com']) {
      expect(sourceOf(target, 'websocket')).toMatch(/^wss?:\/\//);
    }
  });

  it('cannot be reached by fetch-like sinks', () => {
    const note = failure('wss://rt.example.com/socket', 'fetch');
    expect(note).toEqual({
      code: 'unsupported-scheme',
      args: expect.objectContaining({ sink: 'fetch()', scheme: 'wss' }),
    });
  });
});

describe("'self' from csp-semantics.md rule 9 and the vectors", () => {
  it.each([
    ['vector 1', 'fetch', 'http://app.example:8080/a', P],
    ['vector 2', 'websocket', 'ws://app.example:8080/ws', P],
    ['vector 3', 'websocket', '/ws', P],
    ['vector 4', 'fetch', 'https://app.example:8080/a', P],
    ['vector 5', 'websocket', 'wss://app.example:8080/ws', P],
    ['vector 9', 'fetch', 'https://app.example/a', P80],
    ['vector 10', 'websocket', 'wss://app.example/ws', P80],
    ['vector 11', 'websocket', 'wss://app.example/ws', PS],
    ['ws default port on an http page', 'websocket', 'ws://app.example/ws', P80],
    ['http URL to a socket', 'websocket', 'http://app.example:8080/ws', P],
    ['uppercase host', 'fetch', 'HTTP://APP.Example:8080/a', P],
  ] as const)('%s: self', (_name, sink, target, origin) => {
    expect(derive(target, sink, origin)).toMatchObject({ ok: true, source: "'self'", valueKind: 'self' });
  });

  it.each([
    ['vector 6', 'http://app.example:9090/a', P, 'http://app.example:9090'],
    ['vector 7', 'http://sub.app.example:8080/a', P, 'http://sub.app.example:8080'],
    ['vector 8', 'https://app.example:8443/a', P, 'https://app.example:8443'],
    ['https page, http URL', 'http://app.example/a', PS, 'http://app.example'],
    ['explicit default port is not the default', 'https://app.example:80/a', P80, 'https://app.example:80'],
    ['trailing dot is another host', 'http://app.example.:8080/a', P, 'http://app.example.:8080'],
  ] as const)('%s: not self', (_name, target, origin, source) => {
    expect(sourceOf(target, 'fetch', origin)).toBe(source);
  });

  it('is never used for blob: or data: (vectors 12, 13)', () => {
    expect(sourceOf('blob:http://app.example:8080/1f0e', 'fetch', P)).toBe('blob:');
    expect(sourceOf('data:text/plain,hi', 'fetch', P)).toBe('data:');
  });

  it('covers an IPv6 page address (rule 24)', () => {
    expect(sourceOf('http://[::1]:8080/x', 'fetch', 'http://[::1]:8080')).toBe("'self'");
  });
});

describe('local schemes', () => {
  it.each([
    ['data:text/plain,hi', 'fetch', 'data:'],
    ['DATA:application/json,{}', 'xhr', 'data:'],
    ['blob:https://app.example/0b1c', 'fetch', 'blob:'],
    ['blob:https://app.example/0b1c', 'xhr', 'blob:'],
  ] as const)('%s for %s is %s', (target, sink, source) => {
    expect(derive(target, sink)).toMatchObject({ ok: true, source, valueKind: 'exact', notes: [] });
  });

  it.each([
    ['data:text/plain,hi', 'beacon'],
    ['data:text/plain,hi', 'ping'],
    ['blob:https://app.example/0b1c', 'event-source'],
    ['javascript:alert(1)', 'fetch'],
    ['file:///etc/passwd', 'fetch'],
    ['ftp://files.example.com/a', 'xhr'],
    ['about:blank', 'beacon'],
    ['chrome-extension://abcdef/page.html', 'fetch'],
  ] as const)('%s for %s is unsupported-scheme', (target, sink) => {
    const note = failure(target, sink);
    expect(note.code).toBe('unsupported-scheme');
    expect(note.args.scheme).toBe(target.slice(0, target.indexOf(':')).toLowerCase());
    expect(note.args.sink).toBe(sinkLabel(sink));
  });

  it('data: with an unknown body is still data:', () => {
    expect(derive([text('data:application/json,'), hole('body')])).toMatchObject({
      ok: true,
      source: 'data:',
    });
  });
});

describe('IP literals', () => {
  it('emits IPv4 as is with an ip-literal note (rule 23)', () => {
    const result = derive('http://192.168.1.10:3000/api');
    expect(result.ok && result.source).toBe('http://192.168.1.10:3000');
    expect(codes(result)).toEqual(['ip-literal', 'insecure-origin']);
    expect(result.notes[0]?.args).toMatchObject({ source: 'http://192.168.1.10:3000' });
  });

  it('normalises IPv4 forms the parser accepts', () => {
    expect(sourceOf('http://0x7f.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(sourceOf('https://3232235786/')).toBe('https://192.168.1.10');
  });

  it('emits the scheme-source for IPv6 (rule 24)', () => {
    const result = derive('https://[2001:DB8::1]:8443/x');
    expect(result).toMatchObject({ ok: true, source: 'https:', valueKind: 'exact' });
    expect(codes(result)).toEqual(['ipv6-literal']);
    expect(result.notes[0]?.args).toMatchObject({ source: 'https:', value: 'https://[2001:DB8::1]:8443/x' });
    expect(sourceOf('http://[::1]:9000/', 'websocket')).toBe('ws:');
  });
});

describe('insecure origins', () => {
  it('flags http: and ws: to remote hosts', () => {
    const result = derive('http://api.example.com/x');
    expect(result.notes).toEqual([
      {
        code: 'insecure-origin',
        args: {
          sink: 'fetch()',
          value: 'http://api.example.com/x',
          source: 'http://api.example.com',
          scheme: 'http',
        },
      },
    ]);
    expect(derive('ws://rt.example.com', 'websocket').notes[0]?.args).toMatchObject({ scheme: 'ws' });
  });

  it.each([
    'http://localhost:8080/',
    'http://localhost./',
    'http://app.localhost:3000/',
    'http://127.0.0.1:5000/',
    'http://127.8.9.10/',
    'http://[::1]:8080/',
  ])('leaves the local machine alone: %s', (target) => {
    expect(codes(derive(target)).filter((code) => code === 'insecure-origin')).toEqual([]);
  });

  it('does not flag https:', () => {
    expect(derive('https://api.example.com/').notes).toEqual([]);
  });
});

describe('page location pieces without a known origin', () => {
  it.each([
    [[pageOrigin]],
    [[pageOrigin, text('/api/users')]],
    [[pageOrigin, text('?x=1')]],
    [[pageOrigin, hole('path')]],
  ])('location.origin followed by a path is self (%#)', (pieces) => {
    expect(derive(pieces)).toMatchObject({ ok: true, source: "'self'", valueKind: 'self' });
  });

  it('location.origin read as a socket URL is self', () => {
    expect(sourceOf([pageOrigin, text('/ws')], 'websocket')).toBe("'self'");
  });

  it('location.origin with more host or port is dynamic', () => {
    expect(failure([pageOrigin, text(':9000/x')]).code).toBe('dynamic-origin');
    expect(failure([pageOrigin, text('.cdn.example/x')]).code).toBe('dynamic-origin');
  });

  it.each(['http://', 'https://', 'HTTPS://'])('%s + location.host is self', (scheme) => {
    expect(sourceOf([text(scheme), pageHost, text('/api')])).toBe("'self'");
    expect(sourceOf([text(scheme), pageHost])).toBe("'self'");
    expect(sourceOf([text(scheme), pageHost, hole('path')])).toBe("'self'");
  });

  it('ws:// and wss:// + location.host is self for a socket, unsupported for fetch', () => {
    expect(sourceOf([text('wss://'), pageHost, text('/ws')], 'websocket')).toBe("'self'");
    expect(sourceOf([text('ws://'), pageHost, text('/ws')], 'websocket')).toBe("'self'");
    expect(failure([text('wss://'), pageHost, text('/ws')], 'fetch').code).toBe('unsupported-scheme');
  });

  it('location.protocol + // + location.host is self', () => {
    expect(sourceOf([pageProtocol, text('//'), pageHost, text('/api')])).toBe("'self'");
    expect(sourceOf([pageProtocol, text('//'), pageHost], 'websocket')).toBe("'self'");
  });

  it('location.hostname needs the port: dynamic-origin that points at --origin', () => {
    const note = failure([text('https://'), pageHostname, text(':8443/api')]);
    expect(note.code).toBe('dynamic-origin');
    expect(note.args).toMatchObject({ sink: 'fetch()', value: `https://\${location.hostname}:8443/api` });
    expect(String(note.args.reason)).toContain('--origin');
  });

  it('location.host with another port or inside a longer host is dynamic', () => {
    expect(failure([text('https://'), pageHost, text(':9000/')]).code).toBe('dynamic-origin');
    expect(failure([text('https://api.'), pageHost, text('/')]).code).toBe('dynamic-origin');
  });

  it('location.protocol before another host is dynamic', () => {
    const note = failure([pageProtocol, text('//api.example.com/x')]);
    expect(note.code).toBe('dynamic-origin');
    expect(String(note.args.reason)).toContain('--origin');
  });
});

describe('page location pieces with a known origin', () => {
  it('are replaced by the origin before deriving', () => {
    const origin = 'http://localhost:5173';
    expect(sourceOf([text('https://'), pageHostname, text(':8443/api')], 'fetch', origin)).toBe(
      'https://localhost:8443',
    );
    expect(sourceOf([text('http://'), pageHostname, text(':5173/api')], 'fetch', origin)).toBe("'self'");
    expect(sourceOf([pageProtocol, text('//api.example.com/x')], 'fetch', PS)).toBe(
      'https://api.example.com',
    );
    expect(sourceOf([pageOrigin, text(':9000/x')], 'fetch', P80)).toBe('http://app.example:9000');
  });

  it('a known origin whose host varies in the path is still self', () => {
    expect(sourceOf([pageOrigin, text('/u/'), hole('id')], 'websocket', PS)).toBe("'self'");
  });

  it('rejects an origin that is not http(s)', () => {
    expect(() => derive('/x', 'fetch', 'file:///tmp')).toThrow(TypeError);
    expect(() => derive('/x', 'fetch', 'not a url')).toThrow(TypeError);
  });
});

describe('templates whose leading text fixes the origin', () => {
  it.each([
    [[text('https://api.example.com/v1/users/'), hole('id')]],
    [[text('https://api.example.com?q='), hole('q')]],
    [[text('https://api.example.com#'), hole('f')]],
    [[text('https://api.example.com\\x'), hole('f')]],
    [[text('https://user:pw@api.example.com/'), hole('f')]],
    [[text('//api.example.com/'), hole('f')]],
  ])('a complete authority before a terminator gives a prefix (%#)', (pieces) => {
    expect(derive(pieces)).toMatchObject({
      ok: true,
      source: 'https://api.example.com',
      valueKind: 'prefix',
    });
  });

  it('takes a hole right after the host to be the path', () => {
    expect(derive([text('https://api.example.com'), hole('path')])).toMatchObject({
      ok: true,
      source: 'https://api.example.com',
      valueKind: 'prefix',
    });
    expect(sourceOf([text('http://localhost'), hole('path')])).toBe('http://localhost');
    expect(sourceOf([text('http://localhost:3000'), hole('path')])).toBe('http://localhost:3000');
  });

  it('converts and checks the prefix like a full URL', () => {
    expect(sourceOf([text('https://rt.example.com/rooms/'), hole('room')], 'websocket')).toBe(
      'wss://rt.example.com',
    );
    expect(failure([text('wss://rt.example.com#'), hole('room')], 'websocket').code).toBe('invalid-url');
    expect(sourceOf([text('HTTPS://Bücher.Example:443/'), hole('p')])).toBe('https://xn--bcher-kva.example');
    expect(codes(derive([text('http://api.example.com/'), hole('p')]))).toEqual(['insecure-origin']);
  });

  it('is self when the prefix is the known page', () => {
    expect(derive([text('https://app.example/api/'), hole('p')], 'fetch', PS)).toMatchObject({
      source: "'self'",
      valueKind: 'self',
    });
  });

  it('finds the host after userinfo that holds a hole', () => {
    expect(
      sourceOf([text('https://'), hole('user'), text(':'), hole('pw'), text('@api.example.com/x')]),
    ).toBe('https://api.example.com');
  });

  it('ignores an @ in the path', () => {
    expect(sourceOf([text('https://api.example.com/'), hole('p'), text('@evil.example')])).toBe(
      'https://api.example.com',
    );
  });
});

describe('templates with an unknown port', () => {
  it('emit host:* with a dynamic-port note', () => {
    const result = derive([text('https://api.example.com:'), hole('port'), text('/v1')]);
    expect(result).toMatchObject({ ok: true, source: 'https://api.example.com:*', valueKind: 'wildcard' });
    expect(result.notes).toEqual([
      {
        code: 'dynamic-port',
        args: {
          sink: 'fetch()',
          value: `https://api.example.com:\${port}/v1`,
          source: 'https://api.example.com:*',
        },
      },
    ]);
  });

  it('are never self, even on the page host', () => {
    expect(sourceOf([text('http://app.example:'), hole('port')], 'fetch', P80)).toBe('http://app.example:*');
  });

  it('work for sockets and local hosts', () => {
    const result = derive([text('ws://localhost:'), hole('port'), text('/hmr')], 'websocket');
    expect(result.ok && result.source).toBe('ws://localhost:*');
    expect(codes(result)).toEqual(['dynamic-port']);
  });

  it('accept a port split over several holes, refuse letters after it', () => {
    expect(sourceOf([text('http://localhost:'), hole('a'), text('0'), hole('b')])).toBe('http://localhost:*');
    expect(failure([text('http://localhost:'), hole('a'), text('x/')]).code).toBe('dynamic-origin');
  });
});

describe('templates with a varying leading label', () => {
  it('emit *.suffix with a wildcard-host note', () => {
    const result = derive([text('https://'), hole('tenant'), text('.api.example.com/v1')]);
    expect(result).toMatchObject({ ok: true, source: 'https://*.api.example.com', valueKind: 'wildcard' });
    expect(result.notes).toEqual([
      {
        code: 'wildcard-host',
        args: {
          sink: 'fetch()',
          value: `https://\${tenant}.api.example.com/v1`,
          source: 'https://*.api.example.com',
        },
      },
    ]);
  });

  it('allow a known start of the label', () => {
    expect(sourceOf([text('https://tenant-'), hole('id'), text('.example.com')])).toBe(
      'https://*.example.com',
    );
  });

  it('write the suffix the way the parser does', () => {
    expect(sourceOf([text('https://'), hole('t'), text('.Bücher.DE/x')])).toBe('https://*.xn--bcher-kva.de');
    expect(sourceOf([text('https://'), hole('t'), text('.example.com.')])).toBe('https://*.example.com.');
    expect(sourceOf([text('https://'), hole('t'), text('.example.com:443/')])).toBe('https://*.example.com');
    expect(sourceOf([text('https://'), hole('t'), text('.example.com:8443/')])).toBe(
      'https://*.example.com:8443',
    );
  });

  it('become ws:/wss: for sockets', () => {
    expect(sourceOf([text('https://'), hole('t'), text('.rt.example.com/ws')], 'websocket')).toBe(
      'wss://*.rt.example.com',
    );
  });

  it('combine with an unknown port', () => {
    const result = derive([text('http://'), hole('t'), text('.example.com:'), hole('port'), text('/')]);
    expect(result.ok && result.source).toBe('http://*.example.com:*');
    expect(codes(result)).toEqual(['wildcard-host', 'dynamic-port', 'insecure-origin']);
  });

  it('refuse a single known label (too broad)', () => {
    const note = failure([text('https://'), hole('t'), text('.com/x')]);
    expect(note.code).toBe('dynamic-origin');
    expect(note.args.value).toBe(`https://\${t}.com/x`);
  });

  it('refuse a host with more than one hole', () => {
    expect(failure([text('https://'), hole('a'), text('.'), hole('b'), text('.example.com/')]).code).toBe(
      'dynamic-origin',
    );
  });

  it('refuse a suffix the parser rejects', () => {
    expect(failure([text('https://'), hole('a'), text('.exa mple.com/')]).code).toBe('invalid-url');
    expect(failure([text('https://'), hole('a'), text('.0.0.1/')]).code).toBe('dynamic-origin');
  });
});

describe('templates that say too little', () => {
  it('a hole at the start is unresolved-url and names the hole', () => {
    const note = failure([hole('API_BASE', 'process.env.API_BASE is not set'), text('/users')]);
    expect(note.code).toBe('unresolved-url');
    expect(note.args.sink).toBe('fetch()');
    expect(String(note.args.reason)).toContain(`\${API_BASE}`);
    expect(String(note.args.reason)).toContain('process.env.API_BASE is not set');
  });

  it('a lone slash before a hole is unresolved (it could become //host)', () => {
    expect(failure([text('/'), hole('path')]).code).toBe('unresolved-url');
    expect(failure([text('\\'), hole('path')]).code).toBe('unresolved-url');
  });

  it('text that could still be a scheme is unresolved', () => {
    expect(failure([text('ws'), hole('rest')], 'websocket').code).toBe('unresolved-url');
    expect(failure([text('https:'), hole('rest')]).code).toBe('unresolved-url');
  });

  it('a known scheme with an unknown host is dynamic-origin', () => {
    const note = failure([text('https://'), hole('host'), text('/x')]);
    expect(note.code).toBe('dynamic-origin');
    expect(String(note.args.reason)).toContain(`\${host}`);
    expect(failure([text('//'), hole('host')]).code).toBe('dynamic-origin');
    expect(failure([text('https://api.'), hole('domain'), text('/x')]).code).toBe('dynamic-origin');
    expect(failure([text('https://[2001:db8::'), hole('rest')]).code).toBe('dynamic-origin');
  });

  it('a relative prefix is self', () => {
    for (const prefix of ['/api/', 'api/', '?id=', '../', '/a:b/']) {
      expect(sourceOf([text(prefix), hole('x')])).toBe("'self'");
      expect(sourceOf([text(prefix), hole('x')], 'websocket')).toBe("'self'");
    }
  });

  it('location.protocol at the start without the host is dynamic', () => {
    expect(failure([pageProtocol, text('//'), hole('host')]).code).toBe('dynamic-origin');
  });
});

describe('the gate', () => {
  const hostile = [
    "https://evil.example;script-src 'unsafe-inline'",
    'https://evil.example,connect-src *',
    "https://a.example'unsafe-inline'",
    'https://a.example"b',
    'https://a.example\\b c',
    'https://a.example\n; script-src *',
    'https://*/',
    'https://*.example.com/',
    'https://a_b.example.com/',
    "'unsafe-inline'",
    '*',
    "https:'none'",
    'https://a.example;',
    'https://a!b.example/',
    'https://a$b.example/',
    'https://a{b}.example/',
    'https://a\u0000b.example/',
    'https://a\u00a0b.example/',
    'https://a\u200bb.example/',
    'https://ex\u0430mple.com/',
    'https://..example.com/',
  ];

  it.each(hostile)('never emits a tainted source for %j', (target) => {
    for (const sink of ['fetch', 'websocket'] as const) {
      for (const pieces of [
        [text(target)],
        [text(target), hole('x')],
        [text('https://'), hole('t'), text(target)],
      ]) {
        const result = derive(pieces, sink);
        if (!result.ok) {
          expect(result.notes.length).toBeGreaterThan(0);
          continue;
        }
        expect(isEmittableSource(result.source)).toBe(true);
        // A relative reference such as "'unsafe-inline'" resolves to the page itself.
        if (result.source === "'self'") continue;
        expect(result.source).not.toMatch(/[\s;,'"\\]/);
        expect(starsAreOurs(result.source)).toBe(true);
      }
    }
  });

  it('refuses hosts with characters the URL parser allows but CSP does not', () => {
    for (const target of ['https://a;b.example/', 'https://a_b.example/', 'https://*.example.com/']) {
      const note = failure(target);
      expect(note.code).toBe('unsafe-source');
      expect(note.args).toMatchObject({ sink: 'fetch()', value: target });
      expect(typeof note.args.reason).toBe('string');
    }
  });

  it('only a wildcard the deriver built itself carries a *', () => {
    expect(sourceOf('https://*.example.com/')).toBeNull();
    expect(sourceOf([text('https://'), hole('t'), text('.*.example.com/')])).toBeNull();
    expect(sourceOf([text('https://api.example.com:'), hole('p'), text('*/')])).toBeNull();
  });
});

describe('note arguments', () => {
  const examples: [Target, SinkKind, string | null][] = [
    [[hole('base'), text('/x')], 'fetch', null],
    [[text('https://'), hole('h'), text('/x')], 'xhr', null],
    [[text('https://'), hole('t'), text('.example.com/')], 'event-source', null],
    [[text('https://api.example.com:'), hole('p')], 'beacon', null],
    ['http://api.example.com/', 'ping', null],
    ['http://10.1.2.3/', 'fetch', null],
    ['https://[::2]/', 'fetch', null],
    ['https://exa mple.com', 'fetch', null],
    ['ftp://x.example/', 'fetch', null],
    ['https://a;b.example/', 'fetch', null],
    [[pageOrigin, text(':1/')], 'fetch', null],
    [[text('https://'), hole('t'), text('.com')], 'websocket', null],
  ];

  it('fill every placeholder of the registry message and help, and always say sink and value', () => {
    const seen = new Set<string>();
    for (const [target, sink, origin] of examples) {
      const result = derive(target, sink, origin);
      expect(result.notes.length).toBeGreaterThan(0);
      for (const note of result.notes) {
        seen.add(note.code);
        const spec = DIAGNOSTICS[note.code];
        const names = [...`${spec.message} ${spec.help}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        for (const name of names) expect(note.args, `${note.code} needs {${name}}`).toHaveProperty(name);
        expect(note.args.sink).toBe(sinkLabel(sink));
        expect(note.args.value).toBe(result.display);
      }
    }
    expect([...seen].sort()).toEqual(
      [
        'dynamic-origin',
        'dynamic-port',
        'insecure-origin',
        'invalid-url',
        'ip-literal',
        'ipv6-literal',
        'unresolved-url',
        'unsafe-source',
        'unsupported-scheme',
        'wildcard-host',
      ].sort(),
    );
  });
});
