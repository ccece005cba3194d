// Start tags and raw-text elements of single-file components, read straight from the text so that
// every offset is the file's own. parse5 is not used for this: it reads an SFC as an HTML document,
// so `'<!--<script>'` inside a script swallows the next `</script>`, and Svelte's unquoted
// `on:click={() => go()}` falls apart at the first space (see test/parse/sfc.test.ts).
import { parse5 } from './parse5.js';
import { findClosing } from './js-scan.js';

export type Dialect = 'vue' | 'svelte';

/** A piece of an attribute value: literal text, or (Svelte) a `{expression}` (inside its braces). */
export interface ValuePart {
  readonly t: 'text' | 'expression';
  readonly start: number;
  readonly end: number;
}

export interface AttributeValue {
  /** The value as written, quotes included. */
  readonly start: number;
  readonly end: number;
  /** Inside the quotes (the whole value when unquoted). */
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly quoted: boolean;
  readonly parts: readonly ValuePart[];
}

export type TagAttribute =
  | {
      readonly kind: 'attribute';
      readonly name: string;
      readonly nameStart: number;
      readonly value: AttributeValue | null;
    }
  /** Svelte's `{name}` shorthand, `{...spread}` or `{@attach f}`: the range inside the braces. */
  | { readonly kind: 'expression'; readonly start: number; readonly end: number };

export interface StartTag {
  /** As written (case kept: `RouterLink` is a component, `a` an element). */
  readonly name: string;
  readonly start: number;
  /** Just after `>` (or the end of the text when the tag never closes). */
  readonly end: number;
  readonly selfClosing: boolean;
  readonly attributes: readonly TagAttribute[];
}

const SPACE = /[\t\n\f\r ]/;

export function isTagStart(text: string, i: number): boolean {
  return text[i] === '<' && /[A-Za-z]/.test(text[i + 1] ?? '');
}

/** Reads the start tag at `start` (a `<` followed by a letter). */
export function readStartTag(text: string, start: number, dialect: Dialect): StartTag {
  let i = start + 1;
  while (i < text.length && !SPACE.test(text[i] ?? '') && text[i] !== '>' && !isSelfClose(text, i)) i++;
  const name = text.slice(start + 1, i);
  const attributes: TagAttribute[] = [];
  while (i < text.length) {
    while (i < text.length && SPACE.test(text[i] ?? '')) i++;
    const c = text[i];
    if (c === undefined) break;
    if (c === '>') return { name, start, end: i + 1, selfClosing: false, attributes };
    if (isSelfClose(text, i)) return { name, start, end: i + 2, selfClosing: true, attributes };
    if (c === '/') {
      i++;
      continue;
    }
    if (dialect === 'svelte' && c === '{') {
      const close = findClosing(text, i + 1, '}');
      if (close === -1) break;
      attributes.push({ kind: 'expression', start: i + 1, end: close });
      i = close + 1;
      continue;
    }
    const nameStart = i;
    i++; // the first character is part of the name whatever it is (HTML reads `=x` as a name too)
    while (i < text.length && !endsName(text, i, dialect)) i++;
    const attrName = text.slice(nameStart, i);
    let j = i;
    while (j < text.length && SPACE.test(text[j] ?? '')) j++;
    if (text[j] !== '=') {
      attributes.push({ kind: 'attribute', name: attrName, nameStart, value: null });
      continue;
    }
    j++;
    while (j < text.length && SPACE.test(text[j] ?? '')) j++;
    const value = readValue(text, j, dialect);
    attributes.push({ kind: 'attribute', name: attrName, nameStart, value });
    i = value.end;
  }
  return { name, start, end: text.length, selfClosing: false, attributes };
}

function isSelfClose(text: string, i: number): boolean {
  return text[i] === '/' && text[i + 1] === '>';
}

function endsName(text: string, i: number, dialect: Dialect): boolean {
  const c = text[i] ?? '';
  if (SPACE.test(c) || c === '=' || c === '>' || isSelfClose(text, i)) return true;
  return dialect === 'svelte' && (c === '{' || c === '"' || c === "'");
}

function readValue(text: string, start: number, dialect: Dialect): AttributeValue {
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    if (dialect === 'vue') {
      const close = text.indexOf(quote, start + 1);
      const contentEnd = close === -1 ? text.length : close;
      return {
        start,
        end: close === -1 ? text.length : close + 1,
        contentStart: start + 1,
        contentEnd,
        quoted: true,
        parts: [{ t: 'text', start: start + 1, end: contentEnd }],
      };
    }
    const { parts, end } = svelteParts(text, start + 1, (i) => text[i] === quote);
    return {
      start,
      end: end < text.length ? end + 1 : end,
      contentStart: start + 1,
      contentEnd: end,
      quoted: true,
      parts,
    };
  }
  if (dialect === 'vue') {
    let end = start;
    while (end < text.length && !SPACE.test(text[end] ?? '') && text[end] !== '>') end++;
    return {
      start,
      end,
      contentStart: start,
      contentEnd: end,
      quoted: false,
      parts: [{ t: 'text', start, end }],
    };
  }
  // Svelte: `{expr}`, or an unquoted sequence of text and `{expr}` ending where HTML's would.
  const { parts, end } = svelteParts(
    text,
    start,
    (i) =>
      SPACE.test(text[i] ?? '') || text[i] === '>' || isSelfClose(text, i) || /["'=<`]/.test(text[i] ?? ''),
  );
  return { start, end, contentStart: start, contentEnd: end, quoted: false, parts };
}

function svelteParts(
  text: string,
  start: number,
  stop: (i: number) => boolean,
): { parts: ValuePart[]; end: number } {
  const parts: ValuePart[] = [];
  let i = start;
  let textStart = start;
  while (i < text.length && !stop(i)) {
    if (text[i] !== '{') {
      i++;
      continue;
    }
    const close = findClosing(text, i + 1, '}');
    if (close === -1) {
      i = text.length;
      break;
    }
    if (i > textStart) parts.push({ t: 'text', start: textStart, end: i });
    parts.push({ t: 'expression', start: i + 1, end: close });
    i = close + 1;
    textStart = i;
  }
  if (i > textStart) parts.push({ t: 'text', start: textStart, end: i });
  return { parts, end: i };
}

export interface RawEnd {
  /** Where the element's text ends (the `<` of its end tag). */
  readonly contentEnd: number;
  /** Just after the end tag. */
  readonly after: number;
}

/** The end of a raw-text element (`<script>`, `<style>`...): the first `</name` that ends a tag name. */
export function rawTextEnd(text: string, from: number, name: string): RawEnd {
  const pattern = new RegExp(`</${name.replace(/[^\w-]/g, '\\$&')}(?=[\\t\\n\\f\\r />]|$)`, 'gi');
  pattern.lastIndex = from;
  const found = pattern.exec(text);
  if (!found) return { contentEnd: text.length, after: text.length };
  const close = text.indexOf('>', found.index);
  return { contentEnd: found.index, after: close === -1 ? text.length : close + 1 };
}

/** A static attribute value as the browser reads it: character references decoded (by parse5). */
export function decodeAttributeText(raw: string): string {
  if (!raw.includes('&')) return raw;
  const fragment = parse5().parseFragment(`<a x="${raw.replace(/"/g, '&quot;')}">`);
  const first = fragment.childNodes[0];
  if (first && 'attrs' in first) return first.attrs[0]?.value ?? raw;
  return raw;
}

/** The value of a named attribute with no expression in it, decoded; '' when present without a value. */
export function staticAttribute(
  text: string,
  attributes: readonly TagAttribute[],
  name: string,
): string | null {
  for (const attribute of attributes) {
    if (attribute.kind !== 'attribute' || attribute.name.toLowerCase() !== name) continue;
    if (!attribute.value) return '';
    return decodeAttributeText(text.slice(attribute.value.contentStart, attribute.value.contentEnd));
  }
  return null;
}
