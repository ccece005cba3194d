// A .vue or .svelte file, once its parts are found, becomes one module:
//
//   <module-level script>          Vue's plain <script>, Svelte's <script module>
//   {                              the component instance: a block scope inside the module
//     <instance script>            Vue's <script setup>, Svelte's instance <script>
//     <markup code>                ping values and (Svelte) markup expressions, in their own scopes
//   }
//
// This mirrors how the compilers see it: the instance reads module-level names, the markup reads
// the instance's, and names of the instance do not leak out (so `export let` props are not
// module exports). Every node keeps its place in the original file (see synthetic.ts).
import type { Diagnostic, SourceFile } from '../types.js';
import { parseScript, type ScriptLanguage } from './babel.js';
import type { ScriptUnit } from './module.js';
import { parseError } from './parse-error.js';
import type { ParseOutcome } from './parse.js';
import { LineIndex } from './positions.js';
import { glue, original, parseSynthetic, SyntheticCode } from './synthetic.js';
import type { ComponentParts, ScriptBlock, TemplateNode } from './template-code.js';

type CodeNode = Extract<TemplateNode, { kind: 'code' }>;

/** Script blocks and markup code parsed together as one module. */
interface Group {
  readonly modules: readonly ScriptBlock[];
  readonly instances: readonly ScriptBlock[];
  readonly template: readonly TemplateNode[];
}

export function parseComponent(file: SourceFile, text: string, parts: ComponentParts): ParseOutcome {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const error = (reason: string, line: number, column: number): void => {
    diagnostics.push(parseError(file, text, reason, line, column));
  };
  for (const problem of parts.problems) {
    const at = lines.position(problem.offset);
    error(problem.reason, at.line, at.column + 1);
  }
  const language = componentLanguage(parts.blocks);
  const modules = parts.blocks.filter((b) => b.role === 'module');
  const instances = parts.blocks.filter((b) => b.role === 'instance');
  const scripts: ScriptUnit[] = [];
  const parse = (group: Group): void => {
    if (group.modules.length + group.instances.length + group.template.length === 0) return;
    const whole = parseSynthetic(
      assemble(text, group.modules, group.instances, group.template, () => true),
      language,
      lines,
    );
    if (whole.ok) scripts.push({ ast: whole.ast, origin: 'component' });
    else scripts.push(...recover(text, lines, group, language, error));
  };
  if (parts.templateSeesScript) {
    parse({ modules, instances, template: parts.template });
  } else {
    parse({ modules, instances, template: [] });
    if (parts.template.length > 0) parse({ modules: [], instances: [], template: parts.template });
  }
  for (const handler of parts.handlers) {
    const at = lines.position(handler.start);
    const result = parseScript(
      text.slice(handler.start, handler.end),
      'js',
      { startLine: at.line, startColumn: at.column, startIndex: handler.start },
      'script',
    );
    if (result.ok) scripts.push({ ast: result.ast, origin: 'event-handler' });
    else error(result.reason, result.line, result.column);
  }
  return { module: { file, text, scripts, pings: parts.pings }, diagnostics: unique(diagnostics) };
}

/**
 * Something in the component does not parse. Each script block is parsed alone (so its error is
 * reported where it is) and so is each piece of markup code; the parts that parse are then put
 * together again, and kept one by one only if even that fails.
 */
function recover(
  text: string,
  lines: LineIndex,
  { modules, instances, template }: Group,
  language: ScriptLanguage,
  error: (reason: string, line: number, column: number) => void,
): ScriptUnit[] {
  const alone: ScriptUnit[] = [];
  const parsedBlocks = new Set<ScriptBlock>();
  for (const block of [...modules, ...instances]) {
    const at = lines.position(block.start);
    const result = parseScript(
      text.slice(block.start, block.end),
      block.language,
      { startLine: at.line, startColumn: at.column, startIndex: block.start },
      'module',
    );
    if (result.ok) {
      parsedBlocks.add(block);
      alone.push({ ast: result.ast, origin: 'component' });
    } else {
      error(result.reason, result.line, result.column);
    }
  }
  const parsedCode = new Set<CodeNode>();
  for (const { node, scopes } of codeNodes(template, [])) {
    const single = assemble(text, [], [], nest(scopes, node), () => true);
    const result = parseSynthetic(single, language, lines);
    if (result.ok) {
      parsedCode.add(node);
      alone.push({ ast: result.ast, origin: 'template-expression' });
    } else {
      error(result.reason, result.line, result.column);
    }
  }
  const again = parseSynthetic(
    assemble(
      text,
      modules.filter((b) => parsedBlocks.has(b)),
      instances.filter((b) => parsedBlocks.has(b)),
      template,
      (node) => parsedCode.has(node),
    ),
    language,
    lines,
  );
  return again.ok ? [{ ast: again.ast, origin: 'component' }] : alone;
}

function assemble(
  text: string,
  modules: readonly ScriptBlock[],
  instances: readonly ScriptBlock[],
  template: readonly TemplateNode[],
  keep: (node: CodeNode) => boolean,
): SyntheticCode {
  const code = new SyntheticCode(text);
  // `\n;\n` ends a block whose last line is a `//` comment or lacks a semicolon.
  for (const block of modules) code.add(original(block.start, block.end), glue('\n;\n', block.end));
  const anchor = instances[0]?.start ?? modules[0]?.end ?? 0;
  code.add(glue('{\n', anchor));
  for (const block of instances) code.add(original(block.start, block.end), glue('\n;\n', block.end));
  const emit = (nodes: readonly TemplateNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'code') {
        if (keep(node)) code.add(...node.pieces);
        continue;
      }
      const first = node.params[0];
      const at = first ? (first.t === 'original' ? first.start : first.at) : anchor;
      code.add(glue('((', at), ...node.params, glue('\n) => {\n', at));
      emit(node.children);
      code.add(glue('});\n', at));
    }
  };
  emit(template);
  code.add(glue('}\n', anchor));
  return code;
}

/** Every code node with the scopes around it, outermost first. */
function codeNodes(
  nodes: readonly TemplateNode[],
  scopes: readonly TemplateNode[],
): { node: CodeNode; scopes: readonly TemplateNode[] }[] {
  return nodes.flatMap((node) =>
    node.kind === 'code' ? [{ node, scopes }] : codeNodes(node.children, [...scopes, node]),
  );
}

/** One code node inside copies of its enclosing scopes (without their other children). */
function nest(scopes: readonly TemplateNode[], node: CodeNode): TemplateNode[] {
  let inner: TemplateNode[] = [node];
  for (const scope of [...scopes].reverse()) {
    if (scope.kind === 'scope') inner = [{ kind: 'scope', params: scope.params, children: inner }];
  }
  return inner;
}

/** The markup code is parsed with the scripts' language: TypeScript is allowed in it when they are. */
function componentLanguage(blocks: readonly ScriptBlock[]): ScriptLanguage {
  const languages = new Set(blocks.map((b) => b.language));
  if (languages.has('tsx') || (languages.has('ts') && languages.has('jsx'))) return 'tsx';
  if (languages.has('ts')) return 'ts';
  if (languages.has('jsx')) return 'jsx';
  return 'js';
}

function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.location?.line}:${d.location?.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Shared by the scanners that find a component's parts (vue.ts, svelte.ts)

/** HTML's void elements: never an end tag, so never a scope that stays open. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/**
 * A top-level <script> (its content runs from the end of `tag` to `contentEnd`) becomes a script
 * block of the component in `role`; or, when it is not in a language the tool parses (`language`
 * null), a problem at the tag saying so, with `lang` as written.
 */
export function addScriptBlock(
  parts: { readonly blocks: ScriptBlock[]; readonly problems: { offset: number; reason: string }[] },
  tag: { readonly start: number; readonly end: number },
  contentEnd: number,
  role: ScriptBlock['role'],
  language: ScriptLanguage | null,
  lang: string,
): void {
  if (language) {
    parts.blocks.push({ role, language, start: tag.end, end: contentEnd });
  } else {
    parts.problems.push({
      offset: tag.start,
      reason: `<script lang="${lang}"> is not JavaScript or TypeScript; its connections are not seen`,
    });
  }
}
