import { sinkLabel } from '../csp/sink-label.js';
import type { Finding, Report } from '../types.js';
import { createStyle } from './style.js';
import { visibleBlock, visibleLine } from './visible.js';

/** `csp-connect explain <source>`: every call site that needs the source and where its value came from. */
export function renderExplain(report: Report, source: string, options: { readonly color: boolean }): string {
  const style = createStyle(options.color);
  const entry = report.sources.find((s) => s.expression === source);
  const findings = report.findings.filter((f) => f.source === source || f.coveredBy === source);
  if (!entry && findings.length === 0) {
    const known = report.sources.map((s) => s.expression).join(' ');
    return `${visibleLine(source)} is not in the directive.\nThe directive is: ${visibleLine(report.directive.value)}\n${known ? '' : 'No code connects anywhere.\n'}`;
  }
  const lines: string[] = [];
  const count = findings.length;
  if (entry) {
    lines.push(
      `${style.source(visibleLine(source))} is needed by ${count} call site${count === 1 ? '' : 's'}${entry.allowed ? ' and listed in allow' : ''}.`,
    );
  } else {
    const covering = [
      ...new Set(findings.map((f) => f.coveredBy).filter((c): c is string => c !== null && c !== source)),
    ];
    lines.push(
      `${style.source(visibleLine(source))} is not in the directive: ${covering.map(visibleLine).join(', ') || 'another source'} covers it. ${count} call site${count === 1 ? '' : 's'} derive it:`,
    );
  }
  for (const finding of findings) lines.push('', ...findingBlock(finding, source, style));
  return `${lines.join('\n')}\n`;
}

function findingBlock(finding: Finding, source: string, style: ReturnType<typeof createStyle>): string[] {
  const where = `${finding.location.file}:${finding.location.line}:${finding.location.column}`;
  const lines = [
    `${style.bold(visibleLine(where))}  ${sinkLabel(finding.sink)}  ${visibleLine(finding.value)}`,
  ];
  if (finding.source !== null && finding.source !== source) {
    lines.push(`  derives ${visibleLine(finding.source)}, which ${visibleLine(source)} covers`);
  }
  if (finding.trace.length > 1) {
    lines.push('  value comes from:');
    const last = finding.trace.length - 1;
    finding.trace.forEach((step, i) => {
      const at = `${step.location.file}:${step.location.line}:${step.location.column}`;
      lines.push(`    ${i + 1}. ${visibleLine(at)}  ${visibleLine(step.note)}`);
      // The sink's own frame follows the list; every other step shows where it is.
      if (step.frame !== undefined && i !== last) {
        lines.push(
          ...visibleBlock(step.frame)
            .split('\n')
            .map((l) => style.dim(`         ${l}`)),
        );
      }
    });
  }
  lines.push(
    ...visibleBlock(finding.frame)
      .split('\n')
      .map((l) => style.dim(`    ${l}`)),
  );
  return lines;
}
