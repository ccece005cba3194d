import type { Report } from '../types.js';
import type { RenderOptions } from './formats.js';

/** The documented top-level order; consumers diffing two reports see the same layout. */
const TOP_LEVEL_ORDER: readonly (keyof Report)[] = [
  'schemaVersion',
  'tool',
  'root',
  'origin',
  'directive',
  'policy',
  'sources',
  'findings',
  'diagnostics',
  'stats',
];

/**
 * The whole Report. Top-level keys come out in TOP_LEVEL_ORDER whatever order the Report was
 * built in (keys this list does not know follow, as built); nested objects keep the order of
 * their one constructor each. No colour, no absolute paths: the Report holds none.
 */
export function renderJson(report: Report, _options: RenderOptions): string {
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) if (key in report) ordered[key] = report[key];
  for (const [key, value] of Object.entries(report)) if (!(key in ordered)) ordered[key] = value;
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
