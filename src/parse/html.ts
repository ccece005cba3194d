import type { DefaultTreeAdapterMap } from 'parse5';
import { parse5 } from './parse5.js';
import type { SourceFile } from '../types.js';
import type { MarkupPing } from './module.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** A script body found in markup, with where it starts in the HTML file. */
export interface InlineScript {
  readonly code: string;
  readonly startLine: number;
  /** 0-based, as @babel/parser's startColumn expects. */
  readonly startColumn: number;
  readonly startIndex: number;
  readonly kind: 'module' | 'script' | 'event-handler';
  readonly jsx: boolean;
}

export interface ExtractedMarkup {
  readonly scripts: readonly InlineScript[];
  readonly pings: readonly MarkupPing[];
}

// Script types browsers execute as classic scripts (HTML "JavaScript MIME type essence match"), plus module.
const CLASSIC_TYPES = new Set([
  '',
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);
// In-browser JSX transpilers run these; their fetches are as real as any other.
const JSX_TYPES = new Set(['text/babel', 'text/jsx']);

export function extractMarkup(file: SourceFile, html: string): ExtractedMarkup {
  const document = parse5().parse(html, { sourceCodeLocationInfo: true });
  const scripts: InlineScript[] = [];
  const pings: MarkupPing[] = [];
  const visit = (node: Node): void => {
    if ('tagName' in node) {
      inspectElement(node, html, file, scripts, pings);
      // <template> content is inert: parse5 keeps it in `content`, which is deliberately not walked.
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(document);
  return { scripts, pings };
}

function inspectElement(
  element: Element,
  html: string,
  file: SourceFile,
  scripts: InlineScript[],
  pings: MarkupPing[],
): void {
  const loc = element.sourceCodeLocation;
  if (!loc) return;
  for (const attr of element.attrs) {
    const attrLoc = loc.attrs?.[attr.name];
    if (!attrLoc) continue;
    if (attr.name === 'ping' && (element.tagName === 'a' || element.tagName === 'area')) {
      pings.push({
        value: attr.value,
        element: element.tagName,
        location: { file: file.path, line: attrLoc.startLine, column: attrLoc.startCol },
      });
    } else if (attr.name.startsWith('on') && attr.name.length > 2) {
      const raw = rawAttributeValue(html, attrLoc.startOffset, attrLoc.endOffset);
      if (raw) {
        const position = positionAt(html, raw.offset);
        // The browser runs the decoded value (`fetch(&quot;/x&quot;)` is `fetch("/x")`). Without
        // entities the raw text is that value and positions stay exact; with them, positions are
        // those of the raw text and drift by the entities' length after the first one.
        const code = raw.text.includes('&') ? attr.value : raw.text;
        scripts.push({ code, ...position, kind: 'event-handler', jsx: false });
      }
    }
  }
  if (element.tagName !== 'script') return;
  if (element.attrs.some((a) => a.name === 'src')) return;
  const type = (element.attrs.find((a) => a.name === 'type')?.value ?? '').trim().toLowerCase();
  const isModule = type === 'module';
  const isJsx = JSX_TYPES.has(type);
  if (!isModule && !isJsx && !CLASSIC_TYPES.has(type)) return;
  const text = element.childNodes.find((c) => c.nodeName === '#text');
  const textLoc = text && 'sourceCodeLocation' in text ? text.sourceCodeLocation : undefined;
  if (!textLoc) return;
  scripts.push({
    code: html.slice(textLoc.startOffset, textLoc.endOffset),
    startLine: textLoc.startLine,
    startColumn: textLoc.startCol - 1,
    startIndex: textLoc.startOffset,
    kind: isModule ? 'module' : 'script',
    jsx: isJsx,
  });
}

/** The attribute value exactly as written (entities undecoded), so positions stay true. */
function rawAttributeValue(
  html: string,
  start: number,
  end: number,
): { text: string; offset: number } | null {
  const source = html.slice(start, end);
  const eq = source.indexOf('=');
  if (eq === -1) return null;
  let i = eq + 1;
  while (i < source.length && /\s/.test(source[i] ?? '')) i++;
  const quote = source[i];
  if (quote === '"' || quote === "'") {
    const close = source.lastIndexOf(quote);
    return close > i ? { text: source.slice(i + 1, close), offset: start + i + 1 } : null;
  }
  return { text: source.slice(i), offset: start + i };
}

function positionAt(
  text: string,
  offset: number,
): { startLine: number; startColumn: number; startIndex: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { startLine: line, startColumn: offset - lineStart, startIndex: offset };
}
