// The pieces under the .vue/.svelte readers: the JavaScript-aware brace finder, start tags with
// their attribute ranges, and the position map from synthetic code back to the file.
import fc from 'fast-check';
import { parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import { findClosing, findTopLevelWord } from '../../src/parse/js-scan.js';
import { LineIndex } from '../../src/parse/positions.js';
import { readStartTag, type TagAttribute } from '../../src/parse/sfc-tags.js';
import { glue, original, SyntheticCode } from '../../src/parse/synthetic.js';

/** The text inside `{ ... }` starting at the first brace, as the brace finder sees it. */
function braced(text: string): string | null {
  const close = findClosing(text, 1, '}');
  return close === -1 ? null : text.slice(1, close);
}

describe('findClosing', () => {
  it('is not fooled by braces in strings, template literals, comments or regular expressions', () => {
    expect(braced('{a ? \'}\' : "}"} rest')).toBe('a ? \'}\' : "}"');
    expect(braced('{`${ {a: 1}.a }}`} rest')).toBe('`${ {a: 1}.a }}`');
    expect(braced('{f(/* } */ x) // }\n} rest')).toBe('f(/* } */ x) // }\n');
    expect(braced('{s.replace(/}+/g, "")} rest')).toBe('s.replace(/}+/g, "")');
    expect(braced('{() => { return {a: 1}; }} rest')).toBe('() => { return {a: 1}; }');
  });

  it('reads a slash after a value as division', () => {
    expect(braced('{total / count} / {other}')).toBe('total / count');
    expect(braced('{(a) / 2}')).toBe('(a) / 2');
  });

  it('returns -1 for an expression that never closes', () => {
    expect(findClosing('{a + (b', 1, '}')).toBe(-1);
  });

  it('finds a keyword only at the top level', () => {
    const header = 'items.filter((as) => as.ok) as item';
    expect(findTopLevelWord(header, 0, header.length, 'as')).toBe(header.lastIndexOf('as'));
  });
});

/** `name@offset=part|part` per attribute (`{inside}@offset` for Svelte's brace attributes). */
function attributes(tag: string, dialect: 'vue' | 'svelte'): string[] {
  return readStartTag(tag, 0, dialect).attributes.map((a: TagAttribute) => {
    if (a.kind === 'expression') return `{${tag.slice(a.start, a.end)}}@${a.start}`;
    const parts = (a.value?.parts ?? []).map((p) => `${p.t}:${tag.slice(p.start, p.end)}`);
    return `${a.name}@${a.nameStart}=${parts.join('|')}`;
  });
}

describe('readStartTag', () => {
  it('reads Vue attributes with their offsets, quotes and `>` inside values included', () => {
    const tag = '<a v-on:click="go(1 > 0)" :ping=\'base\' @keyup.enter=send disabled>';
    expect(attributes(tag, 'vue')).toEqual([
      'v-on:click@3=text:go(1 > 0)',
      ':ping@26=text:base',
      '@keyup.enter@39=text:send',
      'disabled@57=',
    ]);
    expect(readStartTag(tag, 0, 'vue').end).toBe(tag.length);
  });

  it('reads a self-closing component', () => {
    const tag = '<VehicleBadge :id="alert.vehicle" />';
    const read = readStartTag(tag, 0, 'vue');
    expect([read.name, read.selfClosing, read.end]).toEqual(['VehicleBadge', true, tag.length]);
  });

  it('reads Svelte expressions with spaces, interpolated text and brace attributes', () => {
    const tag = '<a on:click|once={() => go({ a: 1 })} ping="/t/{id} x" {href} {...rest}>';
    expect(attributes(tag, 'svelte')).toEqual([
      'on:click|once@3=expression:() => go({ a: 1 })',
      'ping@38=text:/t/|expression:id|text: x',
      '{href}@56',
      '{...rest}@63',
    ]);
    // An HTML parser cuts the value at the first space inside the braces, and the `>` of `=>`
    // ends the tag: the handler and the ping are lost.
    const html = parseFragment(tag).childNodes[0];
    const attrs = html && 'attrs' in html ? html.attrs.map((a) => [a.name, a.value]) : [];
    expect(attrs).toEqual([
      ['on:click|once', '{()'],
      ['=', ''],
    ]);
  });
});

describe('SyntheticCode', () => {
  it('maps original pieces one to one and glue to its anchor', () => {
    const source = 'xx<a :ping="base">';
    const code = new SyntheticCode(source).add(glue('f((', 12), original(12, 16), glue('\n));', 16));
    expect(code.code).toBe('f((base\n));');
    expect(code.toOriginal(3, false)).toBe(12);
    expect(code.toOriginal(7, true)).toBe(16);
    expect(code.toOriginal(0, false)).toBe(12);
    expect(code.toOriginal(9, false)).toBe(16);
  });
});

describe('LineIndex', () => {
  it('counts CRLF, CR and LF as one line break each, like code frames', () => {
    const lines = new LineIndex('a\r\nb\rc\nd');
    expect([3, 5, 7].map((o) => lines.position(o))).toEqual([
      { line: 2, column: 0, index: 3 },
      { line: 3, column: 0, index: 5 },
      { line: 4, column: 0, index: 7 },
    ]);
  });

  it('gives every offset the line and column a count of the breaks before it gives', () => {
    // Texts with and without a CR: a text with none takes the indexOf path.
    const text = fc
      .array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', 'é', '\n\n'), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const lines = new LineIndex(t);
        let line = 1;
        let lineStart = 0;
        for (let offset = 0; offset <= t.length; offset++) {
          expect(lines.position(offset)).toEqual({ line, column: offset - lineStart, index: offset });
          const c = t[offset];
          if (c === '\n' || (c === '\r' && t[offset + 1] !== '\n')) {
            line++;
            lineStart = offset + 1;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
