// ANSI styling for the text format. With colour off every function is the identity, so the
// layout code never branches on colour and cannot leak an escape into plain output.

export type Paint = (text: string) => string;

export interface Style {
  readonly bold: Paint;
  readonly dim: Paint;
  readonly error: Paint;
  readonly warning: Paint;
  readonly info: Paint;
  readonly source: Paint;
}

const plain: Paint = (text) => text;

function sgr(open: number, close: number): Paint {
  return (text) => (text === '' ? text : `\x1b[${open}m${text}\x1b[${close}m`);
}

const COLORED: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  error: (text) => sgr(1, 22)(sgr(31, 39)(text)),
  warning: sgr(33, 39),
  info: sgr(34, 39),
  source: sgr(36, 39),
};

const PLAIN: Style = {
  bold: plain,
  dim: plain,
  error: plain,
  warning: plain,
  info: plain,
  source: plain,
};

export function createStyle(color: boolean): Style {
  return color ? COLORED : PLAIN;
}
