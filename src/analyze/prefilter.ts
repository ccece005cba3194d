import type { ModuleRecord } from '../resolve/project.js';
import type { Language } from '../types.js';

/** The sink names: the calls, constructors and attributes the detectors know, and the libraries. */
const SINK_NAMES = [
  'fetch',
  '$fetch',
  'ofetch',
  'unfetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'sendBeacon',
  'ping',
  'axios',
  'ky',
  'createConnectTransport',
  'createGrpcWebTransport',
];

/**
 * A file with none of these words cannot hold a sink the detectors know: the sink names, the
 * ping attribute, and the library packages. Word-bounded ($ counts as a word character), so
 * "mapping" or "prefetched" do not match.
 */
const SINK_WORDS = new RegExp(
  `(?<![\\w$])(?:${SINK_NAMES.map(escapeRegExp).join('|')})(?![\\w$])|socket\\.io|connect-web`,
);

/**
 * XHR's `open` as the xhr detector sees it: a called member named `open` (`x.open(`, `x['open'](`,
 * `x[("open")](`), past what unwrap() looks through. So after the word and an optional closing
 * quote, any run of white space, `)` and `]` (parenthesised keys and callees), then `(`, `?.`,
 * `!`, type arguments `<`, a comment (`/`, or `-->` in a classic script), `as` or `satisfies`;
 * in .js also `:`, a Flow type cast `(x.open: any)(…)`. React's `open={isOpen}` and
 * `open?: boolean` do not match (`open: boolean` does in .js, where Flow may be parsed).
 * Written with escapes (`x['\x6fpen']`), it is found by mayHoldSink's decoded words instead.
 */
const OPEN_CALL = /(?<![\w$])open["']?[\s)\]]*(?:[(<!/]|\?\s*\.|-->|(?:as|satisfies)(?![\w$]))/;
const OPEN_CALL_FLOW = /(?<![\w$])open["']?[\s)\]]*(?:[(<!/:]|\?\s*\.|-->|(?:as|satisfies)(?![\w$]))/;
const OPEN_WORD = /(?<![\w$])open(?![\w$])/;

/**
 * May this file hold a sink? In markup (html, vue, svelte) the word `open` alone lets a file
 * through: an event-handler attribute is decoded (`open&#40;`) before it is parsed.
 */
export function mayHoldSink(source: string, language: Language): boolean {
  // Markup is decoded before its scripts and handlers are parsed (`on&#99;lick`, `&#102;etch(…)`).
  const text = isMarkup(language) ? decodeCharacterReferences(source) : source;
  if (SINK_WORDS.test(text)) return true;
  const open = isMarkup(language) ? OPEN_WORD : language === 'js' ? OPEN_CALL_FLOW : OPEN_CALL;
  if (open.test(text)) return true;
  // A sink's name written with escapes (`\u0066etch(url)`, `x['\x6fpen'](…)`): the parser decodes it.
  const escaped = escapedWords(text);
  return escaped.has('open') || SINK_NAMES.some((word) => escaped.has(word));
}

/** Markup files: html, vue and svelte, whose scripts are extracted before they are parsed. */
export function isMarkup(language: Language): boolean {
  return language === 'html' || language === 'vue' || language === 'svelte';
}

/**
 * Exported client instances (`export const api = axios.create(...)`, `ky.extend(...)`): a file
 * that names one may make library calls through it without any sink word of its own.
 */
export function instanceNames(records: readonly ModuleRecord[]): Set<string> {
  const names = new Set<string>();
  for (const record of records) {
    const program = record.scripts[0]?.index.program;
    if (!record.exports || !program) continue;
    for (const [exported, entry] of record.exports.named) {
      if (entry.kind !== 'local') continue;
      const init = program.bindings.get(entry.name)?.init;
      if (
        init?.type === 'CallExpression' &&
        init.callee.type === 'MemberExpression' &&
        init.callee.property.type === 'Identifier' &&
        (init.callee.property.name === 'create' || init.callee.property.name === 'extend')
      ) {
        names.add(exported);
        names.add(entry.name);
      }
    }
  }
  return names;
}

/**
 * The words of a text: runs of identifier characters, $ included. A text with a character past
 * ASCII is read with Unicode's ID_Continue (`получить` is one word, as it is one identifier); the
 * others with the faster [\w$].
 */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  const word = NON_ASCII.test(text) ? /[\p{ID_Continue}$\u200c\u200d]+/gu : /[\w$]+/g;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) words.add(m[0]);
  return words;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** A matcher for any of the names as a whole word. */
export function mentionsAny(names: ReadonlySet<string>): (text: string) => boolean {
  if (names.size === 0) return () => false;
  const escaped = [...names].map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`);
  return (text) => pattern.test(text);
}

const CALL_SHAPES = new Map<string, RegExp>();
const WORDS = new Map<string, RegExp>();
/**
 * `import X` (also `import X, {…}`, `import X = require(…)`, `import /* c *\/ X`, a name past
 * ASCII or written with escapes): `import` followed by anything but what starts a named,
 * namespace, dynamic or bare import (`{`, `*`, `(`, a quote, `.`). Or `{ default as X }`,
 * comments allowed before `as`. Every part is matched one way only, so the time is linear in the
 * text: a pattern that skipped comments with `[\s\S]*?` under a repetition took 8 s on `import`
 * followed by 22 pairs of slashes, and one that rescanned an unterminated comment from every
 * `import` took seconds on a 180 KB line.
 */
const DEFAULT_IMPORT =
  /(?<![\w$])import(?![\w$])(?!\s*[{*('"`.])|(?<![\w$])default["']?\s*(?:as(?![\w$])|\/[*/])/;
const NEW = /(?<![\w$])new(?![\w$])/;
const DEFAULT_WORD = /(?<![\w$])default(?![\w$])/g;
const LINE_COMMENT = /\/\/|<!--|-->/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const WHITE = /\s/;

/**
 * May the text name a member `default` (`.default`, `?.default`, `['default']`, `[("default")]`,
 * with white space or comments between)? Each `default` word is looked at from where it stands
 * back over white space: a `.` or `/` (a comment's end) before it, a quote after `[` (and
 * parentheses), or a line break with `//`, `<!--` or `-->` on the line before it (that line may
 * end in a comment) say it may be one. (`default` written with escapes is for the callers to
 * check, with escapedWords.) Linear: every look back stops at the word before.
 */
function mayNameDefaultMember(text: string): boolean {
  DEFAULT_WORD.lastIndex = 0;
  for (let m = DEFAULT_WORD.exec(text); m !== null; m = DEFAULT_WORD.exec(text)) {
    let j = m.index - 1;
    let lineBreak = false;
    while (j >= 0 && WHITE.test(text[j] ?? '')) {
      if (LINE_BREAK.test(text[j] ?? '')) lineBreak = true;
      j--;
    }
    const before = text[j];
    if (before === '.' || before === '/') return true;
    if (before === '"' || before === "'" || before === '`') {
      let k = j - 1;
      while (k >= 0 && (WHITE.test(text[k] ?? '') || text[k] === '(')) k--;
      if (text[k] === '[') return true;
    }
    if (lineBreak && j >= 0) {
      let start = j;
      while (start > 0 && !LINE_BREAK.test(text[start - 1] ?? '')) start--;
      // The line before may end in a comment: `//`, or in a classic script `<!--` or `-->`.
      if (LINE_COMMENT.test(text.slice(start, j + 1))) return true;
    }
  }
  return false;
}

/**
 * The words of a text that are written with escapes, decoded: a name (`x.\u0064efault`,
 * `\u0069mport`, which Babel's error recovery reads as the keyword) or a string
 * (`import { "\x64efault" as get }`). Words longer than 16 characters once decoded are left out
 * (none that matters here is). One pass, by hand: a regex over a run of millions of escapes
 * overflowed the stack.
 */
export function escapedWords(text: string): Set<string> {
  const words = new Set<string>();
  // From each backslash: back to its run's start, then forward over the run, decoding. The next
  // search starts past the run, so every character is read a bounded number of times.
  let from = 0;
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', from)) {
    let start = at;
    while (start > from && isWordCode(text.charCodeAt(start - 1))) start--;
    let word = '';
    let k = start;
    while (k < text.length) {
      const c = text.charCodeAt(k);
      if (c === 0x5c) {
        const read = readEscape(text, k);
        if (!read) break;
        if (word.length <= 16) word += read.text;
        k = read.next;
      } else if (isWordCode(c)) {
        if (word.length <= 16) word += text[k];
        k++;
      } else break;
    }
    if (word.length > 0 && word.length <= 16) words.add(word);
    from = Math.max(k, at) + 1;
  }
  return words;
}

/** An ASCII word character, [A-Za-z0-9_$], by char code (the Bloom filters' split uses it too). */
export function isWordCode(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x24
  );
}

const HEX = /^[0-9a-fA-F]+$/;
const HEX_DIGIT = /[0-9a-fA-F]/;

/**
 * The escape at `i` (a backslash) and where it ends: `\u{…}`, `\uXXXX`, `\xXX`, octal, a line
 * continuation (reads as nothing), or any other character (`\n` as a line break, `\d` as d).
 */
function readEscape(text: string, i: number): { text: string; next: number } | null {
  const c = text[i + 1];
  if (c === undefined) return null;
  const code = (hex: string): string => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
  if (c === 'u') {
    if (text[i + 2] === '{') {
      // Past the hex digits only: a search for the `}` from every `\u{` would be quadratic.
      let k = i + 3;
      while (k < text.length && HEX_DIGIT.test(text[k] ?? '')) k++;
      return k > i + 3 && text[k] === '}' ? { text: code(text.slice(i + 3, k)), next: k + 1 } : null;
    }
    const hex = text.slice(i + 2, i + 6);
    return hex.length === 4 && HEX.test(hex) ? { text: code(hex), next: i + 6 } : null;
  }
  if (c === 'x') {
    const hex = text.slice(i + 2, i + 4);
    return hex.length === 2 && HEX.test(hex) ? { text: code(hex), next: i + 4 } : null;
  }
  if (c >= '0' && c <= '7') {
    let k = i + 1;
    while (k < i + 4 && (text[k] ?? '') >= '0' && (text[k] ?? '') <= '7') k++;
    return { text: String.fromCharCode(parseInt(text.slice(i + 1, k), 8)), next: k };
  }
  if (c === '\r' && text[i + 2] === '\n') return { text: '', next: i + 3 };
  if (LINE_BREAK.test(c)) return { text: '', next: i + 2 };
  const controls: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };
  return { text: controls[c] ?? c, next: i + 2 };
}

/**
 * The specifiers a file's default imports come from, read from its text without parsing it, for
 * a wrapper exported as a default (see Project.pullMentioning): `import X from 's'` (also with `,
 * {…}` or `, * as ns`, or `type`), `import { default as X } from 's'` and `import X = require('s')`.
 * Null when the text may import a default some other way than these exact forms: an `import`
 * word that starts none of them (a comment or white space where a form has none, a name past
 * ASCII or with escapes, a quoted name in braces, a string with an escape, `import source x`, or
 * `import` in prose outside a comment line) or a member named default (`ns.default(…)`,
 * `require('s').default(…)`). Words in comments and strings may add specifiers that are not
 * imports, never hide one: every `import` word not after a `.` is read, and one that starts no
 * form is passed over only on a line that is a comment up to it (see CommentLines). Bare and
 * dynamic imports and `import.meta` bind nothing.
 */
export function defaultImportSources(text: string): string[] | null {
  // `default` written with escapes, or `\u0069mport`, which Babel's error recovery reads as the keyword.
  const escaped = escapedWords(text);
  if (escaped.has('default') || escaped.has('import') || mayNameDefaultMember(text)) return null;
  const sources: string[] = [];
  const lines = new CommentLines(text);
  IMPORT_WORD.lastIndex = 0;
  for (let m = IMPORT_WORD.exec(text); m !== null; m = IMPORT_WORD.exec(text)) {
    const at = m.index;
    const form = IMPORT_FORMS.find((f) => {
      f.pattern.lastIndex = at;
      return f.pattern.test(text);
    });
    if (!form) {
      if (lines.commentUpTo(at)) continue;
      return null;
    }
    form.pattern.lastIndex = at;
    const source = form.source(form.pattern.exec(text) as RegExpExecArray);
    if (source !== null) sources.push(source);
  }
  return sources;
}

/**
 * Whether an offset sits on a line that is a comment up to it: one that starts with `//` and has
 * no quote, backtick, `<`, `{` or `*\/` between that and the offset. Such a line is a line
 * comment, or lies inside a block comment, a string, a template literal or JSX text that goes on
 * past the offset (JSX text ends at `<` or `{`): no code is there either way. (A line starting
 * with `*` is not one: it may continue an expression, `2\n* 3; import …`.) Asked for offsets in
 * increasing order, it reads the text once.
 */
class CommentLines {
  private scanned = 0;
  private comment = false;
  /** Where the current line's text after its indentation starts, until it is decided. */
  private pending: number | null = 0;

  constructor(private readonly text: string) {}

  commentUpTo(at: number): boolean {
    const text = this.text;
    for (; this.scanned < at; this.scanned++) {
      const c = text[this.scanned] ?? '';
      if (LINE_BREAK.test(c)) {
        this.comment = false;
        this.pending = this.scanned + 1;
      } else if (this.pending !== null) {
        if (c === ' ' || c === '\t') continue;
        this.comment = c === '/' && text[this.scanned + 1] === '/';
        this.pending = null;
        // The `//` itself: not read again as a closing `*/`.
        if (this.comment) this.scanned++;
      } else if (
        this.comment &&
        (c === '"' ||
          c === "'" ||
          c === '`' ||
          c === '<' ||
          c === '{' ||
          (c === '*' && text[this.scanned + 1] === '/'))
      ) {
        this.comment = false;
      }
    }
    return this.comment;
  }
}

/** `import` as a word, not a member (`x.import`). */
const IMPORT_WORD = /(?<![\w$.])import(?![\w$])/g;
/** A module specifier whose opening quote is group `n`: a quoted string with no escape and no line break. */
function specifier(n: number): string {
  return String.raw`(['"])([^'"\\\n\r\u2028\u2029]*)` + `\\${n}`;
}
const NAME = String.raw`[\w$]+`;
/** Braces of named imports with no quote, comment or nested brace inside. */
const BRACES = String.raw`\{[^{}'"\x60/]*\}`;
const IMPORT_FORMS: readonly { pattern: RegExp; source(m: RegExpExecArray): string | null }[] = [
  // import 's', import('s'), import.meta, import `…`: no binding.
  { pattern: /import\s*[('"\x60.]/y, source: () => null },
  {
    pattern: new RegExp(String.raw`import\s*(?:type\s*)?(${BRACES})\s*from\s*${specifier(2)}`, 'y'),
    source: (m) => (/(?<![\w$])default(?![\w$])/.test(m[1] ?? '') ? (m[3] ?? '') : null),
  },
  {
    pattern: new RegExp(String.raw`import\s*(?:type\s*)?\*\s*as\s+${NAME}\s*from\s*${specifier(1)}`, 'y'),
    source: () => null,
  },
  {
    pattern: new RegExp(
      String.raw`import\s+(?:type\s+)?${NAME}\s*(?:,\s*(?:${BRACES}|\*\s*as\s+${NAME})\s*)?from\s*${specifier(1)}`,
      'y',
    ),
    source: (m) => m[2] ?? '',
  },
  {
    pattern: new RegExp(
      String.raw`import\s+(?:type\s+)?${NAME}\s*=\s*require\s*\(\s*${specifier(1)}\s*\)`,
      'y',
    ),
    source: (m) => m[2] ?? '',
  },
];

/**
 * What a wrapper is, as far as how it can be called: a `method` (an arrow function or a method:
 * `new` cannot call it), a `function` (called with or without `new`), or a `class` (its
 * constructor: only `new` reaches it).
 */
export type CalleeKind = 'method' | 'function' | 'class';

/**
 * May this file hold a call indexed under `name` (see calleeNames) that can reach a wrapper of
 * this kind? For a method, the name as a word followed, past white space, by what can follow a
 * callee: `(`, `?.(`, `!`, type arguments `<`, the `)` of a parenthesised callee, a comment's
 * `/` (or `-->`, in a classic script); or imported under another name (`{ name as local }`, `{ "name" as local }`: calls of
 * `local` are indexed under both). `new Name;` needs no parentheses, so for a function the word
 * alone decides; for a class, the word and the keyword `new` (which cannot be written with
 * escapes). A default export is called by whatever name its importer gives it: any file that
 * imports a default may call it, and so may a member named `default` (`ns.default(…)`,
 * `require('./m').default(…)`, `new lib.default(…)`), by the rules above. In markup (html, vue, svelte) the word alone decides: an
 * event-handler attribute is decoded (`next&#40;)`) before it is parsed. An over-approximation
 * by design: it only decides which set-aside files are parsed for a wrapper's call sites, so it
 * may let through a file with no such call, never one with one.
 */
export function mayCallByName(text: string, name: string, language: Language, kind: CalleeKind): boolean {
  const markup = isMarkup(language);
  // Words written with escapes, as the parser reads them: the name (`\u0067et(url)`), and the
  // keywords `new` and `import`, which Babel's error recovery reads from `n\u0065w`, `\u0069mport`.
  const escaped = escapedWords(text);
  if (escaped.has(name)) return true;
  if (kind === 'class' && !markup && !NEW.test(text) && !escaped.has('new')) return false;
  if (name === 'default') {
    if (DEFAULT_IMPORT.test(text) || escaped.has('import')) return true;
    // Otherwise only a member named default can be called (`ns.default(…)`, `new lib.default`).
    if (!markup && !mayNameDefaultMember(text)) return false;
  }
  // Markup is decoded before it is parsed: `api.&#100;efault(…)` in an attribute calls default.
  if (markup) return wordPattern(name).test(decodeCharacterReferences(text));
  if (kind !== 'method') return wordPattern(name).test(text);
  let pattern = CALL_SHAPES.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?<![\\w$])${escapeRegExp(name)}["']?\\s*(?:[(<)!?/]|-->|as(?![\\w$]))`);
    CALL_SHAPES.set(name, pattern);
  }
  return pattern.test(text);
}

/**
 * Markup text with its numeric character references (`&#100;`, `&#x64;`) and the named ones for
 * characters of names (`&dollar;`, `&lowbar;`, `&UnderBar;`) decoded, as attribute values and
 * text are before their code is parsed. No other named reference spells an ASCII character of a
 * name; some spell letters past ASCII (`&pcy;` is п), and those are not decoded.
 */
export function decodeCharacterReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?|&(dollar|lowbar|UnderBar);/g,
    (_, hex?: string, dec?: string, named?: string) => {
      if (named) return named === 'dollar' ? '$' : '_';
      const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '0', 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    },
  );
}

function wordPattern(word: string): RegExp {
  let pattern = WORDS.get(word);
  if (!pattern) {
    pattern = new RegExp(`(?<![\\w$])${escapeRegExp(word)}(?![\\w$])`);
    WORDS.set(word, pattern);
  }
  return pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
