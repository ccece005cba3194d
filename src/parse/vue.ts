// Vue single-file components, read the way Vue's SFC parser reads them: at the top level every
// block but an HTML <template> is raw text up to its end tag; the <template> is markup.
//
// Only two things in a Vue template can connect: a `ping` attribute, and a static `onclick="..."`
// attribute, which Vue renders as a plain HTML attribute the browser runs as a page script. A
// directive expression (`@click="fetch('/x')"`, `:title="..."`) cannot: Vue compiles it against
// the component instance (`_ctx.fetch`), and only a fixed list of globals (Math, Date, JSON,
// encodeURIComponent...) passes through; fetch, navigator, WebSocket and window are not in it. So
// event-handler directives are deliberately not scanned: a fetch there is not the global fetch.
import type { SourceFile } from '../types.js';
import type { ScriptLanguage } from './babel.js';
import { addScriptBlock, VOID_ELEMENTS } from './component.js';
import type { MarkupPing } from './module.js';
import { LineIndex } from './positions.js';
import {
  decodeAttributeText,
  isTagStart,
  rawTextEnd,
  readStartTag,
  type StartTag,
  staticAttribute,
  type TagAttribute,
} from './sfc-tags.js';
import { original, type Piece } from './synthetic.js';
import { type ComponentParts, type ScriptBlock, stringGlue, TemplateCode } from './template-code.js';

// Elements whose content is text up to their end tag, in Vue's tokenizer as in HTML's.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const BOUND_PING = /^(?::|v-bind:|\.)ping(?:\.[\w-]+)*$/;
const SLOT_PROPS = /^(?:v-slot(?::.*)?|#.*|slot-scope|scope)$/;

export function scanVue(file: SourceFile, text: string): ComponentParts {
  const blocks: ScriptBlock[] = [];
  const pings: MarkupPing[] = [];
  const handlers: { start: number; end: number }[] = [];
  const problems: { offset: number; reason: string }[] = [];
  const template = new TemplateCode(text);
  const lines = new LineIndex(text);
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt === -1) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      i = close === -1 ? text.length : close + 3;
      continue;
    }
    if (!isTagStart(text, lt)) {
      i = lt + 1;
      continue;
    }
    const tag = readStartTag(text, lt, 'vue');
    const name = tag.name.toLowerCase();
    if (tag.selfClosing) {
      i = tag.end;
      continue;
    }
    const lang = (staticAttribute(text, tag.attributes, 'lang') ?? '').trim().toLowerCase();
    if (name === 'template' && (lang === '' || lang === 'html')) {
      const walker = new TemplateWalker(text, file, lines, template, pings, handlers);
      i = walker.walk(tag.end);
      continue;
    }
    const end = rawTextEnd(text, tag.end, name);
    if (name === 'template') {
      // Pug and other template languages are not read. Only a ping or an on* attribute in them could
      // connect; say so when one may be there rather than miss it without a word.
      if (/ping|\bon[a-z]+\s*=/i.test(text.slice(tag.end, end.contentEnd))) {
        problems.push({
          offset: tag.start,
          reason: `<template lang="${lang}"> is not read, and it may hold a ping or an inline event handler`,
        });
      }
    } else if (name === 'script' && staticAttribute(text, tag.attributes, 'src') === null) {
      const role = staticAttribute(text, tag.attributes, 'setup') === null ? 'module' : 'instance';
      addScriptBlock({ blocks, problems }, tag, end.contentEnd, role, scriptLanguage(lang), lang);
    }
    i = end.after;
  }
  const templateSeesScript = blocks.some((b) => b.role === 'instance');
  return { blocks, template: template.root, templateSeesScript, pings, handlers, problems };
}

function scriptLanguage(lang: string): ScriptLanguage | null {
  switch (lang) {
    case '':
    case 'js':
    case 'javascript':
      return 'js';
    case 'jsx':
      return 'jsx';
    case 'ts':
    case 'typescript':
      return 'ts';
    case 'tsx':
      return 'tsx';
    default:
      return null;
  }
}

interface OpenElement {
  readonly name: string;
  readonly scopes: number;
}

class TemplateWalker {
  private readonly stack: OpenElement[] = [];

  constructor(
    private readonly text: string,
    private readonly file: SourceFile,
    private readonly lines: LineIndex,
    private readonly code: TemplateCode,
    private readonly pings: MarkupPing[],
    private readonly handlers: { start: number; end: number }[],
  ) {}

  /** Walks the template's content from `from`; returns the offset just after its `</template>`. */
  walk(from: number): number {
    const text = this.text;
    let i = from;
    // Kept between rounds: searching afresh each time would be quadratic in a template without {{.
    let mustache = text.indexOf('{{', i);
    while (i < text.length) {
      const lt = text.indexOf('<', i);
      if (mustache !== -1 && mustache < i) mustache = text.indexOf('{{', i);
      if (mustache !== -1 && (lt === -1 || mustache < lt)) {
        // Inside {{ }} a `<` is an operator, not a tag (Vue's tokenizer reads it so too).
        const close = text.indexOf('}}', mustache + 2);
        i = close === -1 ? mustache + 2 : close + 2;
        continue;
      }
      if (lt === -1) break;
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('-->', lt + 4);
        i = close === -1 ? text.length : close + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const close = text.indexOf(']]>', lt + 9);
        i = close === -1 ? text.length : close + 3;
      } else if (text[lt + 1] === '!' || text[lt + 1] === '?') {
        const close = text.indexOf('>', lt);
        i = close === -1 ? text.length : close + 1;
      } else if (text[lt + 1] === '/' && /[A-Za-z]/.test(text[lt + 2] ?? '')) {
        const match = /^<\/([^\t\n\f\r />]+)/.exec(text.slice(lt, lt + 200));
        const name = (match?.[1] ?? '').toLowerCase();
        const close = text.indexOf('>', lt);
        const after = close === -1 ? text.length : close + 1;
        if (name === 'template' && !this.stack.some((e) => e.name === 'template')) {
          this.closeAll();
          return after;
        }
        this.closeElement(name);
        i = after;
      } else if (isTagStart(text, lt)) {
        i = this.startTag(readStartTag(text, lt, 'vue'));
      } else {
        i = lt + 1;
      }
    }
    this.closeAll();
    return text.length;
  }

  private startTag(tag: StartTag): number {
    const name = tag.name.toLowerCase();
    let scopes = 0;
    for (const attribute of tag.attributes) {
      if (attribute.kind !== 'attribute' || !attribute.value) continue;
      const params = scopeParams(this.text, attribute);
      if (params) scopes += this.code.openScope(params);
    }
    for (const attribute of tag.attributes) {
      if (attribute.kind === 'attribute') this.attribute(tag, attribute);
    }
    if (tag.selfClosing || VOID_ELEMENTS.has(name)) {
      this.code.closeScopes(scopes);
      return tag.end;
    }
    if (RAW_TEXT.has(name)) {
      this.code.closeScopes(scopes);
      return rawTextEnd(this.text, tag.end, name).after;
    }
    this.stack.push({ name, scopes });
    return tag.end;
  }

  private attribute(tag: StartTag, attribute: TagAttribute & { kind: 'attribute' }): void {
    const name = attribute.name.toLowerCase();
    const value = attribute.value;
    const target = pingTarget(tag.name);
    if (name === 'ping' && target && value) {
      const raw = this.text.slice(value.contentStart, value.contentEnd);
      if (target === 'component') {
        this.code.ping([stringGlue(decodeAttributeText(raw), value.start)], value.start, 'component');
        return;
      }
      const at = this.lines.position(attribute.nameStart);
      this.pings.push({
        value: decodeAttributeText(raw),
        element: tag.name,
        location: { file: this.file.path, line: at.line, column: at.column + 1 },
      });
      return;
    }
    if (BOUND_PING.test(name) && target) {
      const expression: Piece[] = value
        ? [original(value.contentStart, value.contentEnd)]
        : // `:ping` alone is `:ping="ping"` (Vue 3.4): the name itself is the expression.
          [
            original(
              attribute.nameStart + name.indexOf('ping'),
              attribute.nameStart + name.indexOf('ping') + 4,
            ),
          ];
      if (value && !/\S/.test(this.text.slice(value.contentStart, value.contentEnd))) return;
      this.code.ping(expression, value ? value.contentStart : attribute.nameStart, target);
      return;
    }
    if (/^on[a-z]+$/.test(attribute.name) && value && value.contentEnd > value.contentStart) {
      this.handlers.push({ start: value.contentStart, end: value.contentEnd });
    }
  }

  private closeElement(name: string): void {
    const index = this.stack.map((e) => e.name).lastIndexOf(name);
    if (index === -1) return;
    while (this.stack.length > index) {
      const element = this.stack.pop();
      if (element) this.code.closeScopes(element.scopes);
    }
  }

  private closeAll(): void {
    while (this.stack.length > 0) {
      const element = this.stack.pop();
      if (element) this.code.closeScopes(element.scopes);
    }
  }
}

/** <a>/<area> get the markup rule; a component (its root element gets the attribute) the prop rule. */
function pingTarget(tagName: string): 'element' | 'component' | null {
  if (tagName === 'a' || tagName === 'area') return 'element';
  if (/^[A-Z]/.test(tagName) || tagName.includes('-')) return 'component';
  return null;
}

/** The names a `v-for` alias or slot props bring into scope, as arrow-function parameters. */
function scopeParams(text: string, attribute: TagAttribute & { kind: 'attribute' }): Piece[] | null {
  const value = attribute.value;
  if (!value) return null;
  const name = attribute.name;
  if (name === 'v-for') {
    // `alias in items` / `alias of items`: the alias runs to the white space before the first
    // `in` or `of` that is followed by more. Searched for from that `in` and walked back, so the
    // time is linear (a regex with a lazy alias before `\s+` took seconds on a long run of spaces).
    const raw = text.slice(value.contentStart, value.contentEnd);
    const lead = raw.length - raw.trimStart().length;
    const separator = /\s(?:in|of)\s+\S/g;
    separator.lastIndex = Math.max(0, lead - 1);
    const match = separator.exec(raw);
    if (!match) return null;
    let aliasEnd = match.index;
    while (aliasEnd > lead && /\s/.test(raw[aliasEnd - 1] ?? '')) aliasEnd--;
    let start = value.contentStart + lead;
    let end = value.contentStart + Math.max(lead, aliasEnd);
    if (text[start] === '(' && text[end - 1] === ')') {
      start++;
      end--;
    }
    return [original(start, end)];
  }
  if (SLOT_PROPS.test(name)) return [original(value.contentStart, value.contentEnd)];
  return null;
}
