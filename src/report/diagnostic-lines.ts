import type { Report } from '../types.js';
import { createStyle } from './style.js';
import { visibleLine } from './visible.js';

/** Diagnostics as compact lines for stderr: `file:line:col  severity  code  message`. */
export function renderDiagnosticLines(report: Report, options: { readonly color: boolean }): string {
  const style = createStyle(options.color);
  const lines = report.diagnostics.map((d) => {
    const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : report.root;
    const severity =
      d.severity === 'error'
        ? style.error(d.severity)
        : d.severity === 'warning'
          ? style.warning(d.severity)
          : style.info(d.severity);
    return `${visibleLine(where)}  ${severity}  ${d.code}  ${visibleLine(d.message)}`;
  });
  return `${lines.join('\n')}\n`;
}
