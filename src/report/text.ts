import { sinkLabel } from '../csp/sink-label.js';
import type { Diagnostic, Finding, Location, Report, Severity, SourceEntry } from '../types.js';
import type { RenderOptions } from './formats.js';
import { createStyle, type Style } from './style.js';
import { visibleBlock, visibleLine } from './visible.js';

const INDENT = '  ';
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));

/**
 * The report for people: the directive, why each source is there, what could not be
 * resolved, the diagnostics with help and code frames, and a summary line.
 */
export function renderText(report: Report, options: RenderOptions): string {
  const style = createStyle(options.color);
  const blocks: string[][] = [policyBlock(report, style)];
  if (report.sources.length > 0) blocks.push(sourcesBlock(report, style));
  const unresolved = unresolvedFindings(report);
  if (unresolved.length > 0) blocks.push(unresolvedBlock(unresolved, report.diagnostics, style));
  if (report.diagnostics.length > 0) blocks.push(diagnosticsBlock(report.diagnostics, style));
  blocks.push([summaryLine(report, style)]);
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function policyBlock(report: Report, style: Style): string[] {
  const lines = [styleDirective(report.directive.value, style)];
  if (report.policy !== report.directive.value) {
    lines.push(`${style.dim('full policy:')} ${visibleLine(report.policy)}`);
  }
  return lines;
}

function styleDirective(value: string, style: Style): string {
  const [name = '', ...sources] = visibleLine(value).split(' ');
  return [style.bold(name), ...sources.map((s) => style.source(s))].join(' ');
}

function sourcesBlock(report: Report, style: Style): string[] {
  const lines = [style.bold('Why each source is there:')];
  for (const entry of report.sources) {
    lines.push('', `${INDENT}${sourceHeading(entry, style)}`);
    const findings = entry.findings
      .map((index) => report.findings[index])
      .filter((f): f is Finding => f !== undefined);
    const rows = findings.map((f) => findingColumns(f));
    const widths = columnWidths(rows);
    findings.forEach((finding, i) => {
      const row = rows[i] ?? [];
      let line = `${INDENT}${INDENT}${formatRow(row, widths)}`;
      if (finding.source !== null && finding.source !== entry.expression) {
        line += style.dim(`  (${visibleLine(finding.source)}, covered by this source)`);
      }
      lines.push(line, ...traceLines(finding, INDENT.repeat(3), style));
    });
  }
  return lines;
}

function sourceHeading(entry: SourceEntry, style: Style): string {
  const name = style.source(visibleLine(entry.expression));
  return entry.allowed ? `${name}  ${style.dim('(from allow)')}` : name;
}

/** Where the value came from. The step at the call itself repeats the line above, so it is left out. */
function traceLines(finding: Finding, indent: string, style: Style): string[] {
  return finding.trace
    .filter((step) => !sameLocation(step.location, finding.location))
    .map((step) => style.dim(`${indent}via ${locationText(step.location)}  ${visibleLine(step.note)}`));
}

function findingColumns(finding: Finding): string[] {
  // A report read back from JSON may name a sink this version does not know.
  const sink = (sinkLabel(finding.sink) as string | undefined) ?? finding.sink;
  return [locationText(finding.location), sink, visibleLine(finding.value)];
}

/** Findings that no emitted source covers: the analyzer could not derive one. */
function unresolvedFindings(report: Report): Finding[] {
  const covered = new Set(report.sources.flatMap((entry) => entry.findings));
  return report.findings.filter((_finding, index) => !covered.has(index));
}

function unresolvedBlock(
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[],
  style: Style,
): string[] {
  const lines = [style.bold('Unresolved connections (no source emitted):')];
  const rows = findings.map((f) => findingColumns(f));
  const widths = columnWidths(rows);
  findings.forEach((finding, i) => {
    lines.push(
      '',
      `${INDENT}${formatRow(rows[i] ?? [], widths)}`,
      ...traceLines(finding, INDENT.repeat(2), style),
    );
    // The diagnostic at the same place usually carries the same frame; show it once, there.
    const framedThere = diagnostics.some(
      (d) => d.frame && d.location && sameLocation(d.location, finding.location),
    );
    if (!framedThere && finding.frame !== '') lines.push(...frameLines(finding.frame, style));
  });
  return lines;
}

function diagnosticsBlock(diagnostics: readonly Diagnostic[], style: Style): string[] {
  const lines = [style.bold('Diagnostics:')];
  for (const d of diagnostics) {
    const where = d.location ? `${locationText(d.location)}  ` : '';
    const severity = paintSeverity(d.severity, d.severity.padEnd(SEVERITY_WIDTH), style);
    lines.push(
      '',
      `${INDENT}${where}${severity}  ${style.bold(visibleLine(d.code))}  ${visibleLine(d.message)}`,
    );
    if (d.help) lines.push(`${INDENT}${INDENT}${style.dim('help:')} ${visibleLine(d.help)}`);
    if (d.frame) lines.push(...frameLines(d.frame, style));
  }
  return lines;
}

function frameLines(frame: string, style: Style): string[] {
  return visibleBlock(frame.replace(/\n+$/, ''))
    .split('\n')
    .map((line) => style.dim(`${INDENT}${INDENT}${line}`.trimEnd()));
}

function summaryLine(report: Report, style: Style): string {
  const counts = SEVERITIES.map((severity) => {
    const n = report.diagnostics.filter((d) => d.severity === severity).length;
    const text = plural(
      n,
      severity === 'info' ? 'info' : severity,
      severity === 'info' ? 'infos' : `${severity}s`,
    );
    return n > 0 ? paintSeverity(severity, text, style) : text;
  });
  const scanned = plural(report.stats.filesScanned, 'file', 'files');
  const findings = plural(report.findings.length, 'finding', 'findings');
  const sources = plural(report.directive.sources.length, 'source', 'sources');
  return `${scanned} scanned: ${findings}, ${sources}; ${counts.join(', ')}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function paintSeverity(severity: Severity, text: string, style: Style): string {
  return style[severity](text);
}

function locationText(location: Location): string {
  return `${visibleLine(location.file)}:${location.line}:${location.column}`;
}

function sameLocation(a: Location, b: Location): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** Columns are padded on plain text, so alignment holds with or without colour. */
function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return widths;
}

function formatRow(row: readonly string[], widths: readonly number[]): string {
  return row
    .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
    .join('  ')
    .trimEnd();
}
