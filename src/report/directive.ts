import type { Report } from '../types.js';
import { assertDeliverable } from './deliverable.js';
import type { RenderOptions } from './formats.js';

/** The connect-src directive alone, for pasting into an existing policy. */
export function renderDirective(report: Report, _options: RenderOptions): string {
  assertDeliverable(report.directive.value, 'directive');
  return `${report.directive.value}\n`;
}
