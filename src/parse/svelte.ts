// Svelte components: markup at the top level, with top-level <script> blocks (the instance script and
// the module script) and `{...}` JavaScript expressions anywhere in the markup. Unlike Vue's,
// Svelte's markup expressions are plain JavaScript in the instance's scope: `on:click={() =>
// fetch('/x')}` calls the global fetch, and so does `{#await fetch('/x')}`. Every expression is
// therefore kept, in the scope the markup gives it (`{#each}` items, `{:then}` values, snippet
// parameters, `let:` slot props, `{@const}`).
import type { SourceFile } from '../types.js';
import type { ScriptLanguage } from './babel.js';
import { addScriptBlock, VOID_ELEMENTS } from './component.js';
import { findClosing, findTopLevelChar, findTopLevelWord } from './js-scan.js';
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
  TemplateCode,
  templateText,
} from './template-code.js';

interface Open {
  readonly kind: 'element' | 'block';
  readonly name: string;
  scopes: number;
}

export function scanSvelte(file: SourceFile, text: string): ComponentParts {
  return new SvelteScanner(file, text).scan();
}

class SvelteScanner {
  private readonly blocks: ScriptBlock[] = [];
  private readonly pings: MarkupPing[] = [];
  private readonly handlers: { start: number; end: number }[] = [];
  private readonly problems: { offset: number; reason: string }[] = [];
  private readonly code: TemplateCode;
  private readonly lines: LineIndex;
  private readonly stack: Open[] = [];

  constructor(
    private readonly file: SourceFile,
    private readonly text: string,
  ) {
    this.code = new TemplateCode(text);
    this.lines = new LineIndex(text);
  }

  scan(): ComponentParts {
    const text = this.text;
    let i = 0;
    // Kept between rounds: searching afresh each time would be quadratic in markup without braces.
    let brace = text.indexOf('{', i);
    while (i < text.length) {
      const lt = text.indexOf('<', i);
      if (brace !== -1 && brace < i) brace = text.indexOf('{', i);
      if (brace !== -1 && (lt === -1 || brace < lt)) {
        i = this.mustache(brace);
        continue;
      }
      if (lt === -1) break;
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('-->', lt + 4);
        i = close === -1 ? text.length : close + 3;
      } else if (text[lt + 1] === '/' && /[A-Za-z]/.test(text[lt + 2] ?? '')) {
        const match = /^<\/([^\t\n\f\r />]+)/.exec(text.slice(lt, lt + 200));
        this.close('element', match?.[1] ?? '');
        const end = text.indexOf('>', lt);
        i = end === -1 ? text.length : end + 1;
      } else if (isTagStart(text, lt)) {
        i = this.startTag(readStartTag(text, lt, 'svelte'));
      } else {
        i = lt + 1;
      }
    }
    while (this.stack.length > 0) this.pop();
    return {
      blocks: this.blocks,
      template: this.code.root,
      templateSeesScript: true,
      pings: this.pings,
      handlers: this.handlers,
      problems: this.problems,
    };
  }

  private startTag(tag: StartTag): number {
    const name = tag.name.toLowerCase();
    if ((name === 'script' || name === 'style') && !tag.selfClosing) {
      const end = rawTextEnd(this.text, tag.end, name);
      // Only top-level scripts are the component's code; a <script> inside <svelte:head> is markup.
      if (name === 'script' && this.stack.length === 0) this.script(tag, end.contentEnd);
      return end.after;
    }
    const params: Piece[] = [];
    for (const attribute of tag.attributes) {
      if (attribute.kind !== 'attribute' || !attribute.name.startsWith('let:')) continue;
      if (params.length > 0) params.push(glue(', ', attribute.nameStart));
      const part = attribute.value?.parts[0];
      if (attribute.value?.parts.length === 1 && part?.t === 'expression') {
        params.push(original(part.start, part.end));
      } else {
        params.push(original(attribute.nameStart + 4, attribute.nameStart + attribute.name.length));
      }
    }
    const scopes = params.length > 0 ? this.code.openScope(params) : 0;
    for (const attribute of tag.attributes) this.attribute(tag, attribute);
    if (tag.selfClosing || VOID_ELEMENTS.has(name)) this.code.closeScopes(scopes);
    else this.stack.push({ kind: 'element', name: tag.name, scopes });
    return tag.end;
  }

  private script(tag: StartTag, end: number): void {
    const lang = (staticAttribute(this.text, tag.attributes, 'lang') ?? '').trim().toLowerCase();
    const type = (staticAttribute(this.text, tag.attributes, 'type') ?? '').trim().toLowerCase();
    const context = (staticAttribute(this.text, tag.attributes, 'context') ?? '').trim();
    const role =
      context === 'module' || staticAttribute(this.text, tag.attributes, 'module') !== null
        ? 'module'
        : 'instance';
    let language: ScriptLanguage | null = null;
    if (lang === 'ts' || lang === 'typescript' || type === 'text/typescript') language = 'ts';
    else if ((lang === '' || lang === 'js' || lang === 'javascript') && !type.includes('typescript'))
      language = 'js';
    addScriptBlock({ blocks: this.blocks, problems: this.problems }, tag, end, role, language, lang || type);
  }

  private attribute(tag: StartTag, attribute: TagAttribute): void {
    const target = pingTarget(tag.name);
    if (attribute.kind === 'expression') {
      const inner = this.text.slice(attribute.start, attribute.end);
      const lead = inner.length - inner.trimStart().length;
      if (inner.trimStart().startsWith('...')) {
        this.code.expression(attribute.start + lead + 3, attribute.end);
      } else if (inner.trimStart().startsWith('@')) {
        const word = /^@\w*/.exec(inner.trimStart())?.[0] ?? '@';
        this.code.expression(attribute.start + lead + word.length, attribute.end);
      } else if (inner.trim() === 'ping' && target) {
        this.code.ping([original(attribute.start, attribute.end)], attribute.start, target);
      } else {
        this.code.expression(attribute.start, attribute.end);
      }
      return;
    }
    const value = attribute.value;
    if (!value || attribute.name.startsWith('let:')) return;
    const expressions = value.parts.filter((p) => p.t === 'expression');
    const name = attribute.name.toLowerCase();
    if (name === 'ping' && target) {
      this.ping(tag, attribute.nameStart, value.start, value.end, value.parts, target);
      return;
    }
    for (const part of expressions) this.code.expression(part.start, part.end);
    // A static `onclick="..."` on an element is an HTML inline handler the browser runs (Svelte 4).
    const element = /^[a-z]/.test(tag.name) && !tag.name.includes(':');
    const handler = element && /^on[a-z]+$/.test(attribute.name) && value.contentEnd > value.contentStart;
    if (expressions.length === 0 && handler) {
      this.handlers.push({ start: value.contentStart, end: value.contentEnd });
    }
  }

  private ping(
    tag: StartTag,
    nameStart: number,
    valueStart: number,
    valueEnd: number,
    parts: readonly { t: 'text' | 'expression'; start: number; end: number }[],
    target: 'element' | 'component',
  ): void {
    const first = parts[0];
    if (parts.every((p) => p.t === 'text')) {
      const value = parts.map((p) => decodeAttributeText(this.text.slice(p.start, p.end))).join('');
      if (target === 'component') {
        this.code.ping([stringGlue(value, valueStart)], valueStart, 'component');
        return;
      }
      const at = this.lines.position(nameStart);
      this.pings.push({
        value,
        element: tag.name,
        location: { file: this.file.path, line: at.line, column: at.column + 1 },
      });
      return;
    }
    if (parts.length === 1 && first) {
      this.code.ping([original(first.start, first.end)], first.start, target);
      return;
    }
    // `ping="/track/{id} https://clicks.example/{id}"`: one template literal, holes kept in place.
    const pieces: Piece[] = [glue('`', valueStart)];
    for (const part of parts) {
      if (part.t === 'text') {
        pieces.push(
          glue(templateText(decodeAttributeText(this.text.slice(part.start, part.end))), part.start),
        );
      } else {
        pieces.push(glue('${', part.start), original(part.start, part.end), glue('\n}', part.end));
      }
    }
    pieces.push(glue('`', valueEnd));
    this.code.ping(pieces, valueStart, target);
  }

  /** A `{...}` at `start`; returns the offset after it. */
  private mustache(start: number): number {
    const text = this.text;
    const sigil = text[start + 1];
    if (sigil === '/') {
      const close = text.indexOf('}', start);
      this.close('block', text.slice(start + 2, close === -1 ? text.length : close).trim());
      return close === -1 ? text.length : close + 1;
    }
    const close = findClosing(text, start + 1, '}');
    if (close === -1) return text.length;
    if (sigil === '#' || sigil === ':' || sigil === '@') {
      const word = /^\w*/.exec(text.slice(start + 2, start + 40))?.[0] ?? '';
      const from = start + 2 + word.length;
      if (sigil === '#') this.openBlock(word, from, close);
      else if (sigil === ':') this.branch(word, from, close);
      else if (word === 'const') this.code.declaration(from, close);
      else this.code.expression(from, close);
    } else {
      this.code.expression(start + 1, close);
    }
    return close + 1;
  }

  private openBlock(word: string, from: number, end: number): void {
    const text = this.text;
    let scopes = 0;
    if (word === 'each') {
      const as = findTopLevelWord(text, from, end, 'as');
      if (as === -1) {
        // `{#each items}` / `{#each items, i}` (Svelte 5)
        const comma = findTopLevelChar(text, from, end, ',');
        this.code.expression(from, comma === -1 ? end : comma);
        if (comma !== -1) scopes = this.code.openScope([original(comma + 1, end)]);
      } else {
        this.code.expression(from, as);
        const key = findTopLevelChar(text, as + 2, end, '(');
        scopes = this.code.openScope([original(as + 2, key === -1 ? end : key)]);
        if (key !== -1) {
          const keyEnd = findClosing(text, key + 1, ')', end);
          this.code.expression(key + 1, keyEnd === -1 ? end : keyEnd);
        }
      }
    } else if (word === 'await') {
      const split = firstOf(
        findTopLevelWord(text, from, end, 'then'),
        findTopLevelWord(text, from, end, 'catch'),
      );
      this.code.expression(from, split === -1 ? end : split);
      if (split !== -1) {
        const keyword = text.startsWith('then', split) ? 4 : 5;
        scopes = this.openParams(split + keyword, end);
      }
    } else if (word === 'snippet') {
      const paren = text.indexOf('(', from);
      if (paren !== -1 && paren < end) {
        const parenEnd = findClosing(text, paren + 1, ')', end);
        scopes = this.code.openScope([original(paren + 1, parenEnd === -1 ? end : parenEnd)]);
      }
    } else {
      // if, key, and anything newer: the header is an expression.
      this.code.expression(from, end);
    }
    this.stack.push({ kind: 'block', name: word, scopes });
  }

  /** `{:else}`, `{:else if x}`, `{:then value}`, `{:catch error}`. */
  private branch(word: string, from: number, end: number): void {
    const text = this.text;
    if (word === 'else') {
      const rest = text.slice(from, end);
      const ifAt = /^\s+if\b/.exec(rest);
      if (ifAt) this.code.expression(from + ifAt[0].length, end);
      return;
    }
    if (word !== 'then' && word !== 'catch') return;
    const block = this.stack[this.stack.length - 1];
    if (block?.kind !== 'block' || block.name !== 'await') return;
    this.code.closeScopes(block.scopes);
    block.scopes = this.openParams(from, end);
  }

  private openParams(start: number, end: number): number {
    return /\S/.test(this.text.slice(start, end)) ? this.code.openScope([original(start, end)]) : 0;
  }

  private close(kind: 'element' | 'block', name: string): void {
    let index = this.stack.length - 1;
    while (index >= 0) {
      const open = this.stack[index];
      if (open?.kind === kind && open.name === name) break;
      index--;
    }
    if (index === -1) return;
    while (this.stack.length > index) this.pop();
  }

  private pop(): void {
    const open = this.stack.pop();
    if (open) this.code.closeScopes(open.scopes);
  }
}

function firstOf(a: number, b: number): number {
  if (a === -1) return b;
  if (b === -1) return a;
  return Math.min(a, b);
}

function pingTarget(tagName: string): 'element' | 'component' | null {
  if (tagName === 'a' || tagName === 'area') return 'element';
  if (/^[A-Z]/.test(tagName) || tagName.includes('.') || tagName === 'svelte:component') return 'component';
  return null;
}
