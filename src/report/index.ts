import type { Report } from '../types.js';
import { renderApache } from './apache.js';
import { renderDirective } from './directive.js';
import { FORMATS, type Format, type RenderOptions } from './formats.js';
import { renderHeader } from './header.js';
import { renderHelmet } from './helmet.js';
import { renderJson } from './json.js';
import { renderMeta } from './meta.js';
import { renderNginx } from './nginx.js';
import { RenderError } from './render-error.js';
import { renderText } from './text.js';

export { FORMATS, type Format, isFormat, type RenderOptions } from './formats.js';
export { RenderError } from './render-error.js';

type Renderer = (report: Report, options: RenderOptions) => string;

const RENDERERS: Readonly<Record<Format, Renderer>> = {
  directive: renderDirective,
  header: renderHeader,
  meta: renderMeta,
  nginx: renderNginx,
  apache: renderApache,
  helmet: renderHelmet,
  json: renderJson,
  text: renderText,
};

/** Pure: the same Report and options give the same string. Throws RenderError when the format cannot hold the policy. */
export function render(report: Report, format: Format, options: RenderOptions): string {
  // The CLI validates the name, but a JS caller of the public API may not have.
  if (!Object.hasOwn(RENDERERS, format)) {
    throw new RenderError(`unknown format "${String(format)}"; use one of ${FORMATS.join(', ')}`);
  }
  return RENDERERS[format](report, options);
}
