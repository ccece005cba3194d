import type { Report } from '../types.js';
import { assertDeliverable, headerName } from './deliverable.js';
import type { RenderOptions } from './formats.js';

export function renderHeader(report: Report, options: RenderOptions): string {
  assertDeliverable(report.policy, 'header');
  return `${headerName(options.reportOnly)}: ${report.policy}\n`;
}
