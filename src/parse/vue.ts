// Vue single-file components, read the way Vue's SFC parser reads them: at the top level every
// block but an HTML <template> is raw text up to its end tag; the <template> is markup.
//
// In a template, a `ping` attribute connects, and so does a static `onclick="..."` attribute,
// which Vue renders as a plain HTML attribute the browser runs as a page script. Directive
// expressions (`@click="save(url)"`, `:title="..."`, `v-if`, `{{ }}`) are code too: Vue compiles
// them against the component instance (`_ctx.save`, or <script setup>'s bindings), so a call of a
// script function there is a call a wrapper's lookup must find (`@click="save('https://…')"`).
// But no browser API is in their reach: only a fixed list of globals (Math, Date, JSON,
// encodeURIComponent...) passes through, and fetch, navigator, WebSocket and window are not in it.
// So the template's code is put in a scope marked by TEMPLATE_SCOPE_PARAM, where a name that the
// script does not declare and that is not on that list is the component's (see Scope.template): a
// `fetch(…)` there is not the global fetch, as at run time, but an imported or declared `fetch`
// is the script's.
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
import { glue, original, type Piece } from './synthetic.js';
import {
  type ComponentParts,
  type ScriptBlock,
  stringGlue,
  TEMPLATE_SCOPE_PARAM,
  TemplateCode,
  type TemplateNode,
} from './template-code.js';

// Elements whose content is text up to their end tag, in Vue's tokenizer as in HTML's.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const BOUND_PING = /^(?::|v-bind:|\.)ping(?:\.[\w-]+)*$/;
/** `@click`, `v-on:submit.prevent`, `@[name]`: an event handler. */
const EVENT = /^(?:@|v-on:)/;
/**
 * Attributes whose value is an expression: bindings (`:x`, `v-bind:x`, `.x`, `v-bind`), `v-on`'s
 * object form, and directives (`v-if`, `v-model`, a custom `v-focus`). Not `v-for` and slot props
 * (scopes, see startTag), nor the valueless `v-else`, `v-pre`, `v-once`, `v-cloak`.
 */
const EXPRESSION =
  /^(?::|v-bind(?::|$)|\.|v-on$|v-(?!for$|slot(?::|$)|else$|pre$|once$|cloak$)[\w-]+(?:[:.]|$))/;
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
      template.openScope([glue(TEMPLATE_SCOPE_PARAM, tag.end)]);
      i = walker.walk(tag.end);
      template.closeScopes(1);
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
  // Without <script setup> the template's names are the instance's (data, props, methods), which
  // are not modelled: its calls cannot reach a script function here, so only its pings are kept.
  const code = templateSeesScript ? template.root : withoutCallsOnly(template.root);
  return { blocks, template: code, templateSeesScript, pings, handlers, problems };
}

/** The template code without its callsOnly nodes, and without scopes left with nothing in them. */
function withoutCallsOnly(nodes: readonly TemplateNode[]): TemplateNode[] {
  return nodes.flatMap((node): TemplateNode[] => {
    if (node.kind === 'code') return node.callsOnly ? [] : [node];
    const children = withoutCallsOnly(node.children);
    return children.length > 0 ? [{ ...node, children }] : [];
  });
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
  /** Under `v-pre`: the element and its content are left as written, nothing in them is compiled. */
  readonly pre: boolean;
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
        if (close !== -1 && !this.inPre) this.code.attributeExpression(mustache + 2, close);
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

  /** Under v-pre: an element's `pre` includes its parent's, so the innermost open one tells. */
  private get inPre(): boolean {
    return this.stack[this.stack.length - 1]?.pre ?? false;
  }

  private startTag(tag: StartTag): number {
    const name = tag.name.toLowerCase();
    const pre = this.inPre || tag.attributes.some((a) => a.kind === 'attribute' && a.name === 'v-pre');
    // The names the element brings into scope (v-for aliases, slot props, as arrow-function
    // parameters), opened once every v-for source is read: a source is read around the element,
    // before its alias is in scope.
    const params: Piece[][] = [];
    for (const attribute of tag.attributes) {
      if (pre || attribute.kind !== 'attribute' || !attribute.value) continue;
      const value = attribute.value;
      if (attribute.name === 'v-for') {
        const parts = vFor(this.text, value);
        if (!parts) continue;
        this.code.attributeExpression(parts.source.start, parts.source.end);
        params.push([original(parts.alias.start, parts.alias.end)]);
      } else if (SLOT_PROPS.test(attribute.name)) {
        params.push([original(value.contentStart, value.contentEnd)]);
      }
    }
    let scopes = 0;
    for (const names of params) scopes += this.code.openScope(names);
    for (const attribute of tag.attributes) {
      if (attribute.kind === 'attribute') this.attribute(tag, attribute, pre);
    }
    if (tag.selfClosing || VOID_ELEMENTS.has(name)) {
      this.code.closeScopes(scopes);
      return tag.end;
    }
    if (RAW_TEXT.has(name)) {
      const end = rawTextEnd(this.text, tag.end, name);
      // Vue compiles {{ }} in <textarea> and <title> (text, not markup), not in <script> or <style>.
      if (!pre && (name === 'textarea' || name === 'title')) this.mustaches(tag.end, end.contentEnd);
      this.code.closeScopes(scopes);
      return end.after;
    }
    this.stack.push({ name, scopes, pre });
    return tag.end;
  }

  private attribute(tag: StartTag, attribute: TagAttribute & { kind: 'attribute' }, pre: boolean): void {
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
    // A static onclick is rendered as written, also under v-pre: the browser runs it.
    if (/^on[a-z]+$/.test(attribute.name) && value && value.contentEnd > value.contentStart) {
      this.handlers.push({ start: value.contentStart, end: value.contentEnd });
      return;
    }
    // Under v-pre a directive is plain text.
    if (pre) return;
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
    if (!value) return;
    if (EVENT.test(name)) this.code.handler(value.contentStart, value.contentEnd);
    else if (EXPRESSION.test(name)) this.code.attributeExpression(value.contentStart, value.contentEnd);
  }

  /** Every {{ }} between `from` and `to`, as expressions. */
  private mustaches(from: number, to: number): void {
    for (let open = this.text.indexOf('{{', from); open !== -1 && open < to;) {
      const close = this.text.indexOf('}}', open + 2);
      if (close === -1 || close > to) return;
      this.code.attributeExpression(open + 2, close);
      open = this.text.indexOf('{{', close + 2);
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

/**
 * A `v-for` value's parts: the alias (`(item, index)` without its parentheses) and the source
 * expression (`items`, read in the scope around the element). `alias in items` / `alias of items`:
 * the alias runs to the white space before the first `in` or `of` that is followed by more.
 * Searched for from that `in` and walked back, so the time is linear (a regex with a lazy alias
 * before `\s+` took seconds on a long run of spaces). Null without such a separator.
 */
function vFor(
  text: string,
  value: { readonly contentStart: number; readonly contentEnd: number },
): { alias: { start: number; end: number }; source: { start: number; end: number } } | null {
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
  const source = { start: value.contentStart + match.index + match[0].length - 1, end: value.contentEnd };
  return { alias: { start, end }, source };
}
