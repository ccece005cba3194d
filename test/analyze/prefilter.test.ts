// The pre-filter decides which files are parsed at all: it may let through a file with no sink,
// never one with one. Forms the benchmark found the first pre-filter missed must reach the
// parser; XHR's `open` is checked against the parser and the xhr detector's own reading of a call.
import { describe, expect, it } from 'vitest';
import { openReceiver } from '../../src/analyze/detectors/xhr.js';
import { mayHoldSink } from '../../src/analyze/prefilter.js';
import { indexModule } from '../../src/analyze/walk.js';
import { parseModule } from '../../src/parse/parse.js';
import type { Language, SourceFile } from '../../src/types.js';
import { tallyFixtureScripts } from '../helpers/fixtures.js';

/** Calls the xhr detector reads as `x.open(method, url)` (see openReceiver). */
function openCalls(text: string, language: Language): number {
  const file: SourceFile = { path: `snippet.${language}`, absPath: `/snippet.${language}`, language };
  let calls = 0;
  for (const unit of parseModule(file, text).module.scripts) {
    for (const candidate of indexModule(unit.ast).candidates) if (openReceiver(candidate.node)) calls++;
  }
  return calls;
}

describe('pre-filter', () => {
  for (const code of [
    "import f from 'unfetch'; f('https://a.example')",
    "import http from 'ky-universal'; http.get('https://b.example')",
    "req.open?.('POST', url)",
    "req['open']('GET', url)",
  ]) {
    it(`lets through ${code}`, () => expect(mayHoldSink(code, 'js')).toBe(true));
  }
  it('passes over a file with no sink word', () =>
    expect(mayHoldSink('export const mapping = prefetched + 1;', 'js')).toBe(false));

  const openForms: [string, Language][] = [
    ["req.open('GET', url)", 'js'],
    ["req?.open('GET', url)", 'js'],
    ["req.open?.('GET', url)", 'js'],
    ["req.open ?. ('GET', url)", 'js'],
    ["req[ 'open' ]('GET', url)", 'js'],
    ['req["open"] /* the method */ ("GET", url)', 'js'],
    ["req.open /* why */ ('GET', url)", 'js'],
    ["req.open // why\n  ('GET', url)", 'js'],
    ["req.open\n('GET', url)", 'js'],
    ["(req.open)('GET', url)", 'js'],
    ["((req.open))\n('GET', url)", 'js'],
    ["(req.open) /* why */ ('GET', url)", 'js'],
    ["(req.open)?.('GET', url)", 'js'],
    ["req.open!('GET', url)", 'ts'],
    ["(req.open!)('GET', url)", 'ts'],
    ["(req.open as Open)('GET', url)", 'ts'],
    ["(req.open satisfies Open)('GET', url)", 'ts'],
    ["(<Open>req.open)('GET', url)", 'ts'],
    ["req.open<void>('GET', url)", 'ts'],
    ["((req.open) as Open)('GET', url)", 'ts'],
    ["((req.open) satisfies Open)('GET', url)", 'ts'],
    ["(req.open)<void>('GET', url)", 'ts'],
    ["req[('open')]('GET', url)", 'js'],
    ["req[ ( 'open' ) ] ('GET', url)", 'js'],
    ["(req.open: any)('GET', url)", 'js'],
    ["req.open\n--> a comment in a classic script\n('GET', url)", 'js'],
    ["const a = <A onClick={() => req.open('GET', url)} />", 'jsx'],
  ];
  for (const [code, language] of openForms) {
    it(`lets through XHR's open in ${JSON.stringify(code)}`, () => {
      expect(openCalls(code, language)).toBeGreaterThan(0);
      expect(mayHoldSink(code, language)).toBe(true);
    });
  }

  it('lets through every call of a member named open in every script of the fixtures', () => {
    const checked = tallyFixtureScripts((text, language, file) => {
      const calls = openCalls(text, language);
      if (calls > 0) expect(mayHoldSink(text, language), file).toBe(true);
      return calls;
    });
    expect(checked).toBeGreaterThan(10);
  });

  it('passes over `open` that is no call, in code', () => {
    for (const text of [
      'const [open, setOpen] = useState(false);',
      'if (!open) return null;',
      'return <Dialog open={open} onOpenChange={(open) => setOpen(open)} />;',
      'type Props = { open?: boolean };',
      '// the menu is open\nexport const a = 1;',
      '(open) => !open',
    ]) {
      expect(mayHoldSink(text, text.includes('<') || text.includes('type') ? 'tsx' : 'js'), text).toBe(false);
    }
  });

  it('lets the word alone through in markup, where a handler is decoded before it is parsed', () => {
    const page = "<button onclick=\"req.open&#40;'GET', '/a')\">go</button>";
    expect(mayHoldSink(page, 'html')).toBe(true);
    expect(mayHoldSink('<Dialog :open="open" />', 'vue')).toBe(true);
    expect(mayHoldSink(page, 'js')).toBe(false);
  });
});
