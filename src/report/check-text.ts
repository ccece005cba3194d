import type { CheckResult } from '../check/check.js';
import { sinkLabel } from '../csp/sink-label.js';
import type { Report } from '../types.js';
import { createStyle } from './style.js';
import { visibleLine } from './visible.js';

export interface CheckRenderOptions {
  readonly policyFile: string;
  readonly strict: boolean;
  readonly color: boolean;
}

/** The readable diff of `csp-connect check`: each missing source with the places that need it. */
export function renderCheck(report: Report, result: CheckResult, options: CheckRenderOptions): string {
  const style = createStyle(options.color);
  const file = visibleLine(options.policyFile);
  if (result.reason !== 'checked') return `${file}: no Content-Security-Policy found\n`;
  const lines: string[] = [];
  const basis =
    result.directive === 'default-src'
      ? ' (it has no connect-src, so default-src governs connections)'
      : result.directive === null
        ? ' (it has neither connect-src nor default-src, so connections are unrestricted)'
        : '';
  if (result.missing.length === 0) {
    lines.push(`${style.bold('ok')}: ${file} allows every connection the code makes${basis}.`);
  } else {
    const n = result.missing.length;
    lines.push(
      `${style.error('missing')}: ${file} blocks ${n} source${n === 1 ? '' : 's'} the code needs${basis}:`,
    );
    for (const missing of result.missing) {
      lines.push(`  ${style.error('+')} ${style.source(visibleLine(missing.source))}`);
      for (const index of missing.findings) {
        const f = report.findings[index];
        if (!f) continue;
        lines.push(
          `      ${visibleLine(`${f.location.file}:${f.location.line}:${f.location.column}`)}  ${sinkLabel(f.sink)}  ${visibleLine(f.value)}`,
        );
      }
      if (missing.findings.length === 0) lines.push('      listed in allow');
    }
  }
  if (result.unused.length > 0) {
    const verdict = options.strict ? style.error('unused (fails under --strict)') : style.warning('unused');
    lines.push('', `${verdict}: sources in ${file} that no code needs:`);
    for (const source of result.unused) lines.push(`  ${style.warning('-')} ${visibleLine(source)}`);
  }
  if (result.missing.length > 0) {
    lines.push('', `The generated directive is:\n  ${visibleLine(report.directive.value)}`);
  }
  const unresolved = report.stats.unresolved;
  if (unresolved > 0) {
    lines.push(
      '',
      `${style.warning('note')}: ${unresolved} connection target${unresolved === 1 ? '' : 's'} could not be resolved; check cannot vouch for ${unresolved === 1 ? 'it' : 'them'} (see the diagnostics).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
