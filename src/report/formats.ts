// The list lives apart from the renderers so that config validation can name the formats
// without importing every renderer.
export const FORMATS = ['directive', 'header', 'meta', 'nginx', 'apache', 'helmet', 'json', 'text'] as const;

export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** Deliver the policy as Content-Security-Policy-Report-Only where the format can. */
  readonly reportOnly: boolean;
  /** ANSI colour; only the text format uses it. */
  readonly color: boolean;
}

export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}
