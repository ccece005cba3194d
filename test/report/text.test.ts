import { describe, expect, it } from 'vitest';
import { render } from '../../src/report/index.js';
import type { Finding, Report } from '../../src/types.js';
import {
  DIRECTIVE_VALUE,
  directiveOnlyReport,
  FINDINGS,
  MERGED_POLICY,
  mergedReport,
} from './sample-report.js';

const PLAIN = { reportOnly: false, color: false } as const;
const COLOR = { reportOnly: false, color: true } as const;
const ANSI = /\u001b\[/;

/** The lines between a section heading and the next blank-line-separated heading. */
function section(out: string, heading: string): string[] {
  const lines = out.split('\n');
  const start = lines.indexOf(heading);
  expect(start, `heading "${heading}" in\n${out}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line, i) => i > 0 && line !== '' && !line.startsWith(' '));
  return end === -1 ? rest : rest.slice(0, end);
}

/** The indented lines under one source heading in the "why" section. */
function under(lines: readonly string[], source: string): string[] {
  const start = lines.findIndex((l) => l === `  ${source}` || l.startsWith(`  ${source}  `));
  expect(start, `source ${source}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith('    '));
  return end === -1 ? rest : rest.slice(0, end);
}

describe('text', () => {
  const out = render(mergedReport(), 'text', PLAIN);
  const lines = out.split('\n');

  it('starts with the directive, then the full policy when it was merged', () => {
    expect(lines[0]).toBe(DIRECTIVE_VALUE);
    expect(lines[1]).toBe(`full policy: ${MERGED_POLICY}`);
  });

  it('leaves out the full policy line when the policy is the directive alone', () => {
    const alone = render(directiveOnlyReport(), 'text', PLAIN).split('\n');
    expect(alone[0]).toBe("connect-src 'self' https://api.example.com");
    expect(alone[1]).toBe('');
  });

  it('lists under each source the places that need it, with the trace of the value', () => {
    const why = section(out, 'Why each source is there:');
    expect(under(why, 'https://api.example.com')).toEqual([
      '    src/api/client.ts:4:21  fetch()  https://api.example.com/v1/orders/${id}',
      '      via src/config.ts:1:14  const API_BASE',
      '      via src/api/client.ts:1:10  import { API_BASE }',
    ]);
    expect(under(why, "'self'")).toEqual(['    src/api/health.ts:2:10  fetch()  /api/health']);
    expect(under(why, 'wss://live.example.com')).toEqual([
      '    src/live/socket.ts:8:17  new WebSocket()  wss://live.example.com/feed',
    ]);
  });

  it('says which sources came from allow, and what an allowed source covers', () => {
    const why = section(out, 'Why each source is there:');
    expect(why).toContain('  https://cdn.example.com  (from allow)');
    expect(why).toContain('  https://*.metrics.example.com  (from allow)');
    expect(under(why, 'https://*.metrics.example.com')).toEqual([
      '    src/metrics/beacon.ts:5:3  navigator.sendBeacon()  https://eu.metrics.example.com/collect' +
        '  (https://eu.metrics.example.com, covered by this source)',
    ]);
    expect(under(why, 'https://api.example.com').join('\n')).not.toContain('(from allow)');
  });

  it('lists findings no source covers, showing the frame once (under the diagnostic there)', () => {
    const unresolved = section(out, 'Unresolved connections (no source emitted):');
    expect(unresolved).toEqual([
      '',
      '  src/legacy/poll.js:3:3  XMLHttpRequest.open()  ${endpoint}',
      '    via src/legacy/poll.js:1:15  parameter endpoint',
      '',
    ]);
    expect(out.split("> 3 |   xhr.open('GET', endpoint);").length - 1).toBe(1);
  });

  it('shows an unresolved finding its own frame when no diagnostic there carries one', () => {
    const base = mergedReport();
    const report: Report = {
      ...base,
      diagnostics: base.diagnostics.filter((d) => d.code !== 'unresolved-url'),
    };
    const unresolved = section(render(report, 'text', PLAIN), 'Unresolved connections (no source emitted):');
    expect(unresolved).toContain("    > 3 |   xhr.open('GET', endpoint);");
  });

  it('writes each diagnostic as location, severity, code and message, then help and an indented frame', () => {
    const diagnostics = section(out, 'Diagnostics:');
    const parse = diagnostics.indexOf(
      "  src/broken.ts:2:34  error    parse-error  could not parse src/broken.ts: ',' expected",
    );
    expect(parse).toBeGreaterThanOrEqual(0);
    expect(diagnostics[parse + 1]).toMatch(/^ {4}help: Connections in the unparsed part/);
    expect(diagnostics.slice(parse + 2, parse + 6)).toEqual([
      '      1 | export const retries = 3;',
      '    > 2 | export function backoff(n: number {',
      '        |                                  ^',
      '      3 |   return n * 2;',
    ]);
    expect(diagnostics).toContain(
      '  src/legacy/poll.js:3:3  warning  unresolved-url  the target of XMLHttpRequest.open() could not be resolved: endpoint is a parameter of poll()',
    );
  });

  it('writes a diagnostic without a location from its severity on', () => {
    expect(lines).toContain(
      "  info     base-policy-default-src  the base policy had no connect-src and restricted connections through default-src 'self'",
    );
  });

  it('ends with a summary line and one newline', () => {
    expect(out.endsWith('\n')).toBe(true);
    expect(out.endsWith('\n\n')).toBe(false);
    expect(lines.at(-2)).toBe('9 files scanned: 5 findings, 5 sources; 1 error, 1 warning, 1 info');
  });

  it('uses singular and plural forms in the summary', () => {
    const report: Report = {
      ...directiveOnlyReport(["'self'"]),
      stats: { filesScanned: 1, filesParsed: 1, filesCached: 0, findings: 0, unresolved: 0 },
    };
    expect(render(report, 'text', PLAIN).split('\n').at(-2)).toBe(
      '1 file scanned: 0 findings, 1 source; 0 errors, 0 warnings, 0 infos',
    );
  });

  it('has no ANSI escapes without colour, and colours severities and sources with it', () => {
    expect(out).not.toMatch(ANSI);
    const colored = render(mergedReport(), 'text', COLOR);
    expect(colored).toContain('\u001b[36mhttps://api.example.com\u001b[39m');
    expect(colored).toContain('\u001b[33mwarning\u001b[39m');
    // Stripping the escapes gives back exactly the plain layout.
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(out);
  });

  it('shows control and bidi characters from scanned code as escapes, never raw', () => {
    const hostile: Finding = {
      ...(FINDINGS[2] as Finding),
      value: 'https://evil.example/\u001b[2J\r\u202ehidden',
      location: { file: 'src/evil\nname.js', line: 1, column: 1 },
      trace: [],
      frame: '> 1 | fetch("\u001b]0;title\u0007")\n    | ^',
    };
    const report: Report = { ...mergedReport(), findings: [hostile], sources: [], diagnostics: [] };
    const text = render(report, 'text', PLAIN);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(text).toContain('src/evil\\u{a}name.js:1:1');
    expect(text).toContain('https://evil.example/\\u{1b}[2J\\u{d}\\u{202e}hidden');
    expect(text).toContain('    > 1 | fetch("\\u{1b}]0;title\\u{7}")');
  });
});
