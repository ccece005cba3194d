import { readFileSync, statSync } from 'node:fs';
import { serverReasonOf } from '../analyze/context.js';
import { type Candidate, indexModule, type ModuleIndex } from '../analyze/walk.js';
import { LANGUAGE_BY_EXTENSION } from '../discover/languages.js';
import type { ParsedModule } from '../parse/module.js';
import { parseModule } from '../parse/parse.js';
import type { Node } from '@babel/types';
import {
  type CalleeKind,
  defaultImportSources,
  escapedWords,
  isMarkup,
  mayCallByName,
  wordsOf,
} from '../analyze/prefilter.js';
import type { Scope } from '../analyze/scope.js';
import type { Diagnostic, Location, SourceFile, TraceStep } from '../types.js';
import { contentHash } from '../util/hash.js';
import { compareStrings } from '../util/ordering.js';
import { extensionOf, inNodeModules, isAbsolutePath, relativePosix } from '../util/paths.js';
import { builtinEnv, type EnvFiles } from './env.js';
import {
  callReaches,
  type CallSite,
  type CallSites,
  type Definition,
  Evaluator,
  type ModuleLinks,
  newEvalState,
} from './evaluate.js';
import { collectExports, type ModuleExports } from './exports.js';
import { ModuleResolver, type Unresolved } from './module-resolver.js';
import { mayHold, wholeWord, wordBloom, wordHash } from './word-bloom.js';
import { TypedResolver, type TypedStats } from './typed.js';
import { type Alt, type NodeEvaluator, stampValue, text, unknown, type Value } from './values.js';

export interface ScriptRecord {
  readonly index: ModuleIndex;
  readonly evaluator: Evaluator;
}

/**
 * One parsed module, kept for value lookups from other modules. Its `module` has no scripts: the
 * ASTs' roots are let go once indexed (the index, the exports and the evaluators keep the nodes
 * anything reads), which drops every top-level statement nothing points to.
 */
export interface ModuleRecord {
  readonly id: string;
  readonly file: SourceFile;
  readonly module: ParsedModule;
  readonly scripts: readonly ScriptRecord[];
  readonly exports: ModuleExports | null;
  readonly json: Value | null;
  /** Why the file is server code (see serverCodeReason), for its analysis if it is analysed. */
  readonly serverReason: string | null;
}

type Loaded = { readonly record: ModuleRecord } | { readonly error: string };

/**
 * What the analysis of one file read besides the file itself: everything a cached result of it
 * depends on (see src/cache/). Paths are absolute.
 */
export interface Dependencies {
  /** Modules read (imports, requires, re-exports), discovered or not. */
  readonly modules: Set<string>;
  /**
   * Modules only searched for an export name (`export *` chains): path -> their export shape
   * (see exportShape). Their other contents do not matter to the result.
   */
  readonly shapes: Map<string, string>;
  /** Wrappers whose call sites were looked for, by lookupKey. */
  readonly lookups: Map<string, Lookup>;
  /** `importer \0 specifier` -> the resolved path, or '' when it did not resolve (see resolutionRecord). */
  readonly resolutions: Map<string, string>;
  /** Module (absolute path) -> the app folder whose env files it read. */
  readonly env: Map<string, string>;
  /** Typed mode answered a question: the TypeScript program as a whole was read. */
  typed: boolean;
}

/**
 * One wrapper's call sites as a result used them. Whether a call reaches the wrapper is decided
 * per call (see Evaluator.callsWithin); what deciding read is kept per file of calls, apart from
 * what the result read itself, so that a cached result whose only stale part is a file of calls
 * that did not reach the wrapper can be checked again at that file alone (see
 * Project.recheckSite) instead of being analysed again.
 */
export interface Lookup {
  /** The wrapper: its module, which script of the module, the start offset of its function. */
  readonly file: string;
  readonly script: number;
  readonly start: number;
  /** The names its calls are indexed under (see calleeNames), sorted. */
  readonly names: readonly string[];
  /** How it can be called: which files may hold its calls depends on it (see mayCallByName). */
  readonly kind: CalleeKind;
  /** Discovered file with calls by one of the names -> what deciding them found and read. */
  readonly checks: ReadonlyMap<string, SiteCheck>;
}

export interface SiteCheck {
  /** A call there reached the wrapper, or could not be decided. */
  readonly hit: boolean;
  /** Modules read while deciding. */
  readonly modules: ReadonlySet<string>;
}

/** The wrapper a lookup is for, as one string. */
export function lookupKey(lookup: Pick<Lookup, 'file' | 'script' | 'start'>): string {
  return `${lookup.file}\0${lookup.script}\0${lookup.start}`;
}

/** Adds what `from` read to `into`. */
export function mergeDependencies(into: Dependencies, from: Dependencies): void {
  for (const m of from.modules) into.modules.add(m);
  for (const [k, v] of from.shapes) into.shapes.set(k, v);
  for (const [k, v] of from.lookups) into.lookups.set(k, v);
  for (const [k, v] of from.resolutions) into.resolutions.set(k, v);
  for (const [k, v] of from.env) into.env.set(k, v);
  if (from.typed) into.typed = true;
}

export function noDependencies(): Dependencies {
  return {
    modules: new Set(),
    shapes: new Map(),
    lookups: new Map(),
    resolutions: new Map(),
    env: new Map(),
    typed: false,
  };
}

export interface ProjectOptions {
  readonly maxFileSize: number;
  readonly env: EnvFiles;
  /** Ask the TypeScript checker about values the evaluator cannot resolve (opt-in: it is slow). */
  readonly typed?: boolean;
}

const MAX_JSON_DEPTH = 32;

/**
 * The modules of one scan. Files found by discovery are added as they are analysed; a module
 * another one imports is read and parsed only when a value from it is needed (node_modules
 * included, only as far as the constant needs). Nothing here runs scanned code.
 */
export class Project {
  private readonly records = new Map<string, Loaded>();
  private readonly byPath = new Map<string, ModuleRecord>();
  private readonly state = newEvalState();
  private resolverInstance: ModuleResolver | null = null;

  constructor(
    private readonly root: string,
    private readonly options: ProjectOptions,
  ) {}

  /** The dependencies of the file being analysed, while `track` runs. */
  private tracking: Dependencies | null = null;
  /** Parse diagnostics of the discovered files parsed from the set-aside text, for add(). */
  private readonly parseDiagnostics = new Map<string, readonly Diagnostic[]>();
  /** Content hashes of every file read, by absolute path. */
  private readonly hashes = new Map<string, string>();

  /**
   * Runs `fn` (the analysis of one file) and returns what it read besides that file, also when it
   * throws (a failure can depend on an imported module as much as a result can).
   */
  track<T>(fn: () => T): { result: T | null; error?: unknown; dependencies: Dependencies } {
    const dependencies = noDependencies();
    try {
      return { result: this.recordingInto(dependencies, fn), dependencies };
    } catch (error) {
      return { result: null, error, dependencies };
    }
  }

  /** Runs `fn` with what it reads recorded into `into` (nowhere when null), then restores the outer record. */
  private recordingInto<T>(into: Dependencies | null, fn: () => T): T {
    const outer = this.tracking;
    this.tracking = into;
    try {
      return fn();
    } finally {
      this.tracking = outer;
    }
  }

  /** The content hash of a file the project read (discovered files get theirs from the pipeline). */
  hashOf(absPath: string): string | null {
    return this.hashes.get(absPath) ?? null;
  }

  private get resolver(): ModuleResolver {
    this.resolverInstance ??= new ModuleResolver();
    return this.resolverInstance;
  }

  /** Why a parsed module (absolute path) is server code (see serverCodeReason), or null. */
  serverReasonOf(absPath: string): string | null {
    const loaded = this.records.get(absPath);
    return loaded && 'record' in loaded ? loaded.record.serverReason : null;
  }

  /** The text of a loaded module or env file by its root-relative path, for code frames. */
  textOf(file: string): string | null {
    return this.byPath.get(file)?.module.text ?? this.options.env.textOf(file);
  }

  /**
   * Parses a discovered file (or returns the record an import or a cache check already made) with
   * its parse diagnostics. `hash` is the content hash of its bytes, as the pipeline read them.
   */
  add(
    file: SourceFile,
    text: string,
    hash: string,
  ): { record: ModuleRecord; diagnostics: readonly Diagnostic[] } {
    this.discovered.add(file.absPath);
    this.hashes.set(file.absPath, hash);
    this.deferred.delete(file.absPath);
    const existing = this.records.get(file.absPath);
    if (existing && 'record' in existing) {
      // Parsed already (a cache check needed it): from the same text, with these diagnostics.
      const diagnostics = this.parseDiagnostics.get(file.absPath) ?? parseModule(file, text).diagnostics;
      return { record: existing.record, diagnostics };
    }
    const outcome = parseModule(file, text);
    const record = this.build(file, outcome.module);
    this.records.set(file.absPath, { record });
    return { record, diagnostics: outcome.diagnostics };
  }

  /** The module (absolute path) and script each evaluator belongs to. */
  private readonly evaluatorFiles = new WeakMap<NodeEvaluator, { id: string; script: number }>();

  private build(file: SourceFile, module: ParsedModule): ModuleRecord {
    const record: { -readonly [K in keyof ModuleRecord]: ModuleRecord[K] } = {
      id: file.absPath,
      file,
      module: { file: module.file, text: module.text, scripts: [], pings: module.pings },
      scripts: [],
      exports: null,
      json: null,
      serverReason: serverReasonOf(module),
    };
    // Exports first: a getter's return (`Object.defineProperty(exports, 'x', { get })`) is read
    // from a function body, which indexing detaches (see DETACHED_BODY).
    const first = module.scripts[0];
    if (file.language !== 'html' && first) record.exports = collectExports(first.ast.program);
    const links = this.linksFor(record);
    record.scripts = module.scripts.map((unit, script) => {
      const index = indexModule(unit.ast);
      const evaluator = new Evaluator(file.path, module.text, index, links);
      this.evaluatorFiles.set(evaluator, { id: file.absPath, script });
      return { index, evaluator };
    });
    this.byPath.set(file.path, record);
    if (this.discovered.has(file.absPath)) this.unindexed.push(record);
    return record;
  }

  private load(absPath: string): Loaded {
    this.tracking?.modules.add(absPath);
    const cached = this.records.get(absPath);
    if (cached) return cached;
    const loaded = this.read(absPath);
    this.records.set(absPath, loaded);
    return loaded;
  }

  private read(absPath: string): Loaded {
    const deferred = this.deferred.get(absPath);
    if (deferred) {
      // A discovered file the pre-filter set aside: parsed from the text already read.
      this.deferred.delete(absPath);
      this.blooms?.delete(absPath);
      this.pulled++;
      try {
        const outcome = parseModule(deferred.file, deferred.source.text);
        if (outcome.module.scripts.length === 0)
          return { error: `${deferred.file.path} could not be parsed` };
        this.parseDiagnostics.set(absPath, outcome.diagnostics);
        return { record: this.build(deferred.file, outcome.module) };
      } catch {
        return { error: `${deferred.file.path} could not be analysed` };
      }
    }
    const shown = relativePosix(this.root, absPath);
    let text: string;
    try {
      if (statSync(absPath).size > this.options.maxFileSize) return { error: `${shown} is over maxFileSize` };
      const bytes = readFileSync(absPath);
      this.hashes.set(absPath, contentHash(bytes));
      text = bytes.toString('utf8');
    } catch {
      return { error: `${shown} cannot be read` };
    }
    const read = moduleFromText(absPath, shown, text);
    if ('error' in read) return read;
    if (read.json === null) return { record: this.build(read.file, read.module) };
    return {
      record: {
        id: absPath,
        file: read.file,
        module: read.module,
        scripts: [],
        exports: null,
        json: read.json,
        serverReason: null,
      },
    };
  }

  private linksFor(record: ModuleRecord): ModuleLinks {
    return {
      state: this.state,
      importValue: (binding, label) => {
        const target = this.resolveFrom(record, binding.importSource ?? '');
        if ('error' in target) return [{ v: unknown(label, target.error), trace: [] }];
        if (binding.importName === '*') return [{ v: { k: 'module', id: target.record.id }, trace: [] }];
        return this.exportValue(target.record, binding.importName ?? 'default', label, new Set());
      },
      requireValue: (specifier, label) => {
        const target = this.resolveFrom(record, specifier);
        if ('error' in target) return [{ v: unknown(label, target.error), trace: [] }];
        const cjs = target.record.exports?.commonjs;
        const first = target.record.scripts[0];
        if (cjs && first) return first.evaluator.evaluate(cjs, first.index.program);
        if (target.record.json) return [{ v: target.record.json, trace: [] }];
        return [{ v: { k: 'module', id: target.record.id }, trace: [] }];
      },
      moduleProperty: (id, key, label) => {
        this.tracking?.modules.add(id);
        const target = this.records.get(id);
        if (!target || 'error' in target) return [{ v: unknown(label, 'an unreadable module'), trace: [] }];
        return this.exportValue(target.record, key, label, new Set());
      },
      envValue: (source, name, label) => this.envValue(record, source, name, label),
      callSites: (fn, names) => this.callSites(record, fn, names),
      ...(this.options.typed && (record.file.language === 'ts' || record.file.language === 'tsx')
        ? {
            typedValues: (node: Node, label: string, location: Location) =>
              this.typedValues(record, node, label, location),
          }
        : {}),
      importDefinition: (binding, hops) => {
        if (binding.importName === '*') return null;
        // Never into node_modules, decided on the resolved path: loading the module first only to
        // drop it parsed every library an imported callee came from (47 modules, 1.6 MB, on outline).
        const resolved = this.resolveSpecifier(record.id, binding.importSource ?? '');
        if ('error' in resolved || inNodeModules(resolved.path)) return null;
        const target = this.load(resolved.path);
        if ('error' in target) return null;
        return this.exportDefinition(target.record, binding.importName ?? 'default', hops, new Set());
      },
    };
  }

  /** Where an exported name is defined (ES exports, `export *` included), for Evaluator.definition. */
  private exportDefinition(
    record: ModuleRecord,
    name: string,
    hops: number,
    seen: Set<string>,
  ): Definition | null {
    const key = `${record.id}#${name}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const script = record.scripts[0];
    if (!script) return null;
    const entry = record.exports?.named.get(name);
    if (!entry) {
      for (const star of record.exports?.stars ?? []) {
        const shape = this.resolveForShape(record, star);
        if ('error' in shape || !this.exports(shape.record, name, new Set())) continue;
        const target = this.resolveFrom(record, star);
        const found = 'error' in target ? null : this.exportDefinition(target.record, name, hops, seen);
        if (found) return found;
      }
      return null;
    }
    switch (entry.kind) {
      case 'local':
        return script.evaluator.definitionOfName(entry.name, hops);
      case 'expression':
        return { node: entry.node, scope: script.index.program, evaluator: script.evaluator };
      case 'reexport': {
        const target = this.resolveFrom(record, entry.from);
        return 'error' in target ? null : this.exportDefinition(target.record, entry.name, hops, seen);
      }
      case 'namespace':
        return null;
    }
  }

  /** Callee name -> calls, over the discovered files indexed so far (also by imported name). */
  private readonly callIndex = new Map<string, CallSite[]>();
  /** Records of discovered files whose calls are not in callIndex yet. */
  private unindexed: ModuleRecord[] = [];
  /** Every discovered file (parsed or deferred), by absolute path: the files call sites come from. */
  private readonly discovered = new Set<string>();
  /** Discovered files the pre-filter did not parse, with their text: parsed when a wrapper's name or an import needs them. */
  private readonly deferred = new Map<string, { file: SourceFile; source: { readonly text: string } }>();
  /** Deferred file -> the Bloom filter of its words, made once WORD_SCANS words were scanned for. */
  private blooms: Map<string, Uint32Array> | null = null;
  /** How many words were searched for by scanning the deferred texts (see filesWithWord). */
  private wordScans = 0;
  /**
   * The discovered files that may hold a call indexed under a name, when something knows them
   * better than the texts do (the scan cache, from the last run's lookups); null when not.
   */
  callersOf: ((name: string, kind: CalleeKind) => readonly string[] | null) | null = null;
  /**
   * Names whose deferred files that may call a wrapper of a kind were all parsed already (see
   * mayCallByName); a name searched for a `function` was searched for every kind.
   */
  private readonly searched: Record<CalleeKind, Set<string>> = {
    method: new Set(),
    function: new Set(),
    class: new Set(),
  };
  /** How many deferred files were parsed (for a wrapper's call sites or for an import). */
  pulled = 0;

  /**
   * Registers a discovered file as read: it is parsed only when an import, a wrapper's name or a
   * cache check needs it, or when add() analyses it.
   */
  defer(file: SourceFile, source: { readonly text: string }, hash: string): void {
    this.discovered.add(file.absPath);
    this.hashes.set(file.absPath, hash);
    this.deferred.set(file.absPath, { file, source });
  }

  /**
   * Call sites per function, with what finding them read: the answer cannot change later in the
   * run (every file that mentions one of the names was parsed for it), so it is computed once and
   * its dependencies are added to each file analysis that asks again.
   */
  private readonly callSitesMemo = new Map<Node, { answer: CallSites; lookup: Lookup; read: Dependencies }>();

  private callSites(record: ModuleRecord, fn: Node, names: ReadonlySet<string>): CallSites {
    let memo = this.callSitesMemo.get(fn);
    if (!memo) {
      const read = noDependencies();
      const found = this.recordingInto(read, () => this.findCallSites(fn, names));
      const lookup: Lookup = {
        file: record.id,
        // -1 when the function cannot be found again by position: such a lookup is never rechecked.
        script: record.scripts.findIndex((s) => s.index.functionNames.has(fn)),
        start: fn.start ?? -1,
        names: [...names].sort(compareStrings),
        kind: calleeKind(fn),
        checks: found.checks,
      };
      memo = { answer: found.answer, lookup, read };
      this.callSitesMemo.set(fn, memo);
    }
    if (this.tracking) {
      mergeDependencies(this.tracking, memo.read);
      this.tracking.lookups.set(lookupKey(memo.lookup), memo.lookup);
    }
    return memo.answer;
  }

  /**
   * Calls in the discovered files whose callee name is one of `names` and that reach `fn`. Only
   * files that can hold such a call (see mayCallByName) are parsed for it, so with or without the
   * pre-filter the same files answer. The modules read to decide the calls of each file are kept
   * with that file (see SiteCheck), not recorded as the result's own reads; everything else
   * deciding reads is.
   */
  private findCallSites(
    fn: Node,
    names: ReadonlySet<string>,
  ): { answer: CallSites; checks: Map<string, SiteCheck> } {
    // Parsing a file for its calls is not reading it: a file with no call by these names does not
    // matter, and once it has one it is a changed file whose callee names say so.
    const passed = this.recordingInto(null, () => this.pullMentioning(fn, names, calleeKind(fn)));
    this.indexPending();
    const seen = new Set<Node>();
    const sites: CallSite[] = [];
    const checks = new Map<string, { hit: boolean; modules: Set<string> }>();
    // The modules deciding a file read are kept with its check; anything else it read is the result's.
    const check = (file: string, hit: boolean, read: Dependencies): void => {
      let found = checks.get(file);
      if (!found) {
        found = { hit: false, modules: new Set() };
        checks.set(file, found);
      }
      if (hit) found.hit = true;
      for (const m of read.modules) found.modules.add(m);
      read.modules.clear();
      if (this.tracking) mergeDependencies(this.tracking, read);
    };
    // Files left unparsed because no default they import is the wrapper: decided by what that read.
    for (const [file, read] of passed) check(file, false, read);
    let undecided = 0;
    for (const name of names) {
      for (const site of this.callIndex.get(name) ?? []) {
        if (seen.has(site.node)) continue;
        seen.add(site.node);
        const read = noDependencies();
        const reaches = this.recordingInto(read, () => site.evaluator.callsWithin(site.node, site.scope, fn));
        if (reaches === null) undecided++;
        else if (reaches) sites.push(site);
        check(site.file, reaches !== false, read);
      }
    }
    // In file and position order, whatever order the files were parsed in: a capped list of
    // call sites must not depend on which files an earlier lookup happened to parse.
    sites.sort((a, b) => compareStrings(a.file, b.file) || (a.node.start ?? 0) - (b.node.start ?? 0));
    return { answer: { sites, undecided }, checks };
  }

  /**
   * Every name the calls of a discovered file are indexed under (see calleeNames), parsing it
   * once for this and for its analysis; null when it cannot be parsed.
   */
  calleeNamesOf(absPath: string): Set<string> | null {
    if (!this.discovered.has(absPath)) return null;
    const loaded = this.recordingInto(null, () => this.load(absPath));
    if (!('record' in loaded)) return null;
    const names = new Set<string>();
    for (const call of indexedCalls(loaded.record)) for (const name of call.names) names.add(name);
    return names;
  }

  /**
   * Decides again, as findCallSites would now, whether a call in `site` by one of the lookup's
   * names reaches its wrapper: for a cached result whose only stale part is that file of calls
   * (changed, new, or reading a changed module). The wrapper is known by its module, script and
   * start offset, so its module is not parsed unless deciding a call reads it. Returns what
   * deciding read, or null for a lookup with no position (then the result is analysed again).
   */
  recheckSite(
    lookup: Pick<Lookup, 'file' | 'script' | 'start' | 'names'>,
    site: string,
  ): { hit: boolean; read: Dependencies } | null {
    if (lookup.script < 0 || lookup.start < 0) return null;
    // The wrapper by its position: its module is parsed only if deciding a call reads it.
    const fn = (node: Node, owner: NodeEvaluator): boolean => {
      const at = this.evaluatorFiles.get(owner);
      return node.start === lookup.start && at?.id === lookup.file && at.script === lookup.script;
    };
    const read = noDependencies();
    // A file that is gone, or that cannot be parsed, has no calls in the index either.
    if (!this.discovered.has(site)) return { hit: false, read };
    const loaded = this.recordingInto(null, () => this.load(site));
    if (!('record' in loaded)) return { hit: false, read };
    const wanted = new Set(lookup.names);
    for (const { script, candidate, names } of indexedCalls(loaded.record)) {
      if (!names.some((name) => wanted.has(name))) continue;
      const reaches = this.recordingInto(read, () =>
        script.evaluator.callsWithin(candidate.node, candidate.scope, fn),
      );
      if (reaches !== false) return { hit: true, read };
    }
    return { hit: false, read };
  }

  private indexPending(): void {
    while (this.unindexed.length > 0) {
      const batch = this.unindexed;
      this.unindexed = [];
      for (const record of batch) this.indexCalls(record, this.callIndex);
    }
  }

  /**
   * Parses the deferred files that may hold a call by one of `names` reaching a wrapper of this
   * kind (see mayCallByName): candidates come from the scan cache when it knows the callers of a
   * name, else from the deferred texts that hold the name as a word (see filesWithWord). Returns
   * the candidates for `default` left unparsed (see defaultCallsMayReach), with what deciding read.
   */
  private pullMentioning(fn: Node, names: ReadonlySet<string>, kind: CalleeKind): Map<string, Dependencies> {
    const passed = new Map<string, Dependencies>();
    // `default` is decided per wrapper (a file left unparsed for one may call another), the rest
    // once per name: every file that may call by it is parsed then.
    const fresh = [...names].filter(
      (name) => name === 'default' || (!this.searched.function.has(name) && !this.searched[kind].has(name)),
    );
    for (const name of fresh) this.searched[kind].add(name);
    if (fresh.length === 0 || this.deferred.size === 0) return passed;
    const targets = new Map<string, { reaches: boolean; read: Dependencies }>();
    for (const name of fresh) {
      // A call of a default import is indexed under `default` whatever the importer names it; so
      // is a call of a member named default (`ns.default(…)`, `require('./m').default(…)`).
      const files =
        this.callersOf?.(name, kind) ??
        (name === 'default'
          ? (this.defaultCandidates ??= this.filesWithAnyWord(['import', 'default']))
          : this.filesWithWord(name));
      for (const absPath of files) {
        const deferred = this.deferred.get(absPath);
        if (!deferred || !mayCallByName(deferred.source.text, name, deferred.file.language, kind)) continue;
        if (name === 'default') {
          const read = noDependencies();
          if (!this.recordingInto(read, () => this.defaultCallsMayReach(deferred, fn, targets))) {
            passed.set(absPath, read);
            continue;
          }
        }
        this.load(absPath);
      }
    }
    for (const absPath of passed.keys()) if (!this.deferred.has(absPath)) passed.delete(absPath);
    return passed;
  }

  /**
   * The deferred files that hold `import` or `default` as a word, also one written with escapes
   * (`ns.\u0064efault(…)`, or `\u0069mport`, which Babel's error recovery reads as the keyword):
   * those that may call a default. Made once, when first asked for.
   */
  private defaultCandidates: readonly string[] | null = null;

  /** What defaultImportSources read in each deferred file's text. */
  private readonly defaultSources = new Map<string, string[] | null>();

  /**
   * May a call in this set-aside file through a default import reach `fn`? Such a call's callee is
   * the default export of the module its import names, whatever else the file holds, so it is
   * decided here as callsWithin would decide it, without parsing the file: for each module the
   * file imports a default from (read from its text, see defaultImportSources), the value of that
   * default, with a site's budget. True when one may be `fn`, when a limit left one open, or when
   * the text cannot be read that way; false when the file's calls by `default` all miss `fn`.
   * `targets` keeps the answer per module for one wrapper.
   */
  private defaultCallsMayReach(
    deferred: { file: SourceFile; source: { readonly text: string } },
    fn: Node,
    targets: Map<string, { reaches: boolean; read: Dependencies }>,
  ): boolean {
    if (isMarkup(deferred.file.language)) return true;
    const absPath = deferred.file.absPath;
    let sources = this.defaultSources.get(absPath);
    if (sources === undefined) {
      sources = defaultImportSources(deferred.source.text);
      this.defaultSources.set(absPath, sources);
    }
    if (sources === null) return true;
    for (const source of new Set(sources)) {
      const resolved = this.resolveSpecifier(absPath, source);
      if ('error' in resolved) continue;
      let known = targets.get(resolved.path);
      if (!known) {
        const read = noDependencies();
        const reaches = this.recordingInto(read, () => {
          const target = this.load(resolved.path);
          if ('error' in target) return false;
          return callReaches(this.state, fn, 'either', () => {
            // The step callsWithin spends on the callee's name.
            this.state.budget--;
            return this.exportValue(target.record, 'default', source, new Set());
          });
        });
        known = { reaches: reaches !== false, read };
        targets.set(resolved.path, known);
      }
      // What deciding this default read is read for every file that imports it.
      if (this.tracking) mergeDependencies(this.tracking, known.read);
      if (known.reaches) return true;
    }
    return false;
  }

  /**
   * Deferred files whose text holds `word` as a whole word (see wordsOf): those that hold it as a
   * substring and then match it word-bounded. The first WORD_SCANS words are looked for in every
   * deferred text; after that a Bloom filter of each text's words (see word-bloom.ts), built once,
   * rules out the texts that certainly do not hold a word, and the rest are checked the same way.
   * So the answer is the same either way, and the filters only save time: on outline (7 MB set
   * aside) a scan takes 1.5-4.5 ms and an app looks up a few wrapper names (7); the npm corpus
   * looks up 112 names in 30 MB. A word index (a map from every word to its files) took 0.7-1 s
   * to build there, the filters a third of that. A name that is not one word (`get-data`,
   * exported as a string: `import { 'get-data' as getData }`) is always scanned for as a
   * substring.
   */
  private filesWithWord(word: string): readonly string[] {
    const whole = wordsOf(word);
    const oneWord = whole.size === 1 && whole.has(word);
    const bounded = oneWord ? wholeWord(word) : null;
    const blooms =
      oneWord && (this.blooms !== null || this.wordScans >= WORD_SCANS) ? (this.blooms ??= new Map()) : null;
    if (oneWord && !blooms) this.wordScans++;
    const hash = wordHash(word);
    const escaped = this.escapedWordsOfDeferred();
    const files: string[] = [];
    for (const [absPath, { source }] of this.deferred) {
      // Written with escapes (`\u0067et(url)`), the word is the parser's all the same.
      if (escaped.get(absPath)?.has(word)) {
        files.push(absPath);
        continue;
      }
      if (blooms) {
        let filter = blooms.get(absPath);
        if (!filter) {
          filter = wordBloom(source.text);
          blooms.set(absPath, filter);
        }
        if (!mayHold(filter, hash)) continue;
      }
      if (source.text.includes(word) && (!bounded || bounded.test(source.text))) files.push(absPath);
    }
    return files;
  }

  /** Deferred file -> its words written with escapes (see escapedWords), for those that have any. */
  private escapedOfDeferred: Map<string, Set<string>> | null = null;

  private escapedWordsOfDeferred(): Map<string, Set<string>> {
    if (!this.escapedOfDeferred) {
      this.escapedOfDeferred = new Map();
      for (const [absPath, { source }] of this.deferred) {
        const words = escapedWords(source.text);
        if (words.size > 0) this.escapedOfDeferred.set(absPath, words);
      }
    }
    return this.escapedOfDeferred;
  }

  /** The deferred files that hold any of the words, each once, in the order they were deferred. */
  private filesWithAnyWord(words: readonly string[]): readonly string[] {
    const found = new Set(words.flatMap((word) => this.filesWithWord(word)));
    return [...this.deferred.keys()].filter((absPath) => found.has(absPath));
  }

  private indexCalls(record: ModuleRecord, index: Map<string, CallSite[]>): void {
    for (const { script, candidate, names } of indexedCalls(record)) {
      const site: CallSite = {
        node: candidate.node,
        scope: candidate.scope,
        evaluator: script.evaluator,
        text: record.module.text,
        file: record.id,
      };
      for (const name of names) {
        const list = index.get(name);
        if (list) list.push(site);
        else index.set(name, [site]);
      }
    }
  }

  /** Typed mode, asked only for an expression the fast path left unknown; the checker starts on the first ask. */
  private typedValues(record: ModuleRecord, node: Node, label: string, location: Location): Alt[] | null {
    if (node.start == null || node.end == null) return null;
    if (this.tracking) this.tracking.typed = true;
    this.typedResolver ??= new TypedResolver(this.root);
    // An optional parameter's `undefined` would make a URL like https://undefined.example: not a target.
    const values = this.typedResolver
      .literalValues(record.id, node.start, node.end)
      ?.filter((v) => v !== 'undefined' && v !== 'null');
    if (!values || values.length === 0) return null;
    const step: TraceStep = {
      location,
      note: `the type of ${label}: ${values.map((v) => JSON.stringify(v)).join(' | ')}`,
    };
    return values.map((value) => ({ v: text(value), trace: [step] }));
  }

  /** Names the files typed mode may be asked about, so its first question builds one program for all. */
  prepareTyped(absPaths: readonly string[]): void {
    if (!this.options.typed) return;
    this.typedResolver ??= new TypedResolver(this.root);
    this.typedResolver.prepare(absPaths);
  }

  /** The files typed mode's answers depend on (none when it never started). */
  typedFiles(): string[] {
    return this.typedResolver?.readFiles() ?? [];
  }

  /** What typed mode cost, or null when it never started. */
  get typedStats(): TypedStats | null {
    return this.typedResolver?.stats ?? null;
  }

  private typedResolver: TypedResolver | null = null;

  private resolveFrom(record: ModuleRecord, specifier: string): Loaded {
    const resolved = this.resolveSpecifier(record.id, specifier);
    if ('error' in resolved) return { error: unresolvedReason(specifier, record, resolved, this.root) };
    return this.load(resolved.path);
  }

  /** Module resolution, memoised per importer and specifier (the same import is followed many times). */
  resolveSpecifier(importer: string, specifier: string): { path: string } | Unresolved {
    const key = `${importer}\0${specifier}`;
    let resolved = this.resolutions.get(key);
    if (!resolved) {
      resolved = this.resolver.resolve(importer, specifier);
      this.resolutions.set(key, resolved);
    }
    this.tracking?.resolutions.set(key, resolutionRecord(resolved));
    return resolved;
  }

  private readonly resolutions = new Map<string, { path: string } | Unresolved>();

  private exportValue(record: ModuleRecord, name: string, label: string, seen: Set<string>): Alt[] {
    const key = `${record.id}#${name}`;
    if (seen.has(key)) return [{ v: unknown(label, `${name} is re-exported in a cycle`), trace: [] }];
    seen.add(key);
    if (record.json) {
      if (name === 'default') return [{ v: record.json, trace: [] }];
      const prop = record.json.k === 'obj' ? record.json.props.get(name) : undefined;
      return [
        {
          v: prop && 'value' in prop ? prop.value : unknown(label, `${record.file.path} has no key ${name}`),
          trace: [],
        },
      ];
    }
    const script = record.scripts[0];
    const exports = record.exports;
    if (!script || !exports) return [{ v: unknown(label, `${record.file.path} has no exports`), trace: [] }];
    const entry = exports.named.get(name);
    if (entry) {
      switch (entry.kind) {
        case 'local':
          return script.evaluator.evaluateName(entry.name);
        case 'expression':
          return script.evaluator.evaluate(entry.node, script.index.program);
        case 'namespace': {
          const target = this.resolveFrom(record, entry.from);
          return 'error' in target
            ? [{ v: unknown(label, target.error), trace: [] }]
            : [{ v: { k: 'module', id: target.record.id }, trace: [] }];
        }
        case 'reexport': {
          const target = this.resolveFrom(record, entry.from);
          return 'error' in target
            ? [{ v: unknown(label, target.error), trace: [] }]
            : this.exportValue(target.record, entry.name, label, seen);
        }
      }
    }
    if (exports.commonjs) {
      const root = script.evaluator.evaluate(exports.commonjs, script.index.program);
      return name === 'default' ? root : script.evaluator.property(root, name, label);
    }
    for (const star of exports.stars) {
      const shape = this.resolveForShape(record, star);
      if ('error' in shape || !this.exports(shape.record, name, new Set())) continue;
      const target = this.resolveFrom(record, star);
      if ('error' in target) continue;
      return this.exportValue(target.record, name, label, seen);
    }
    return [{ v: unknown(label, `${record.file.path} has no export named ${name}`), trace: [] }];
  }

  /** Does `record` export `name`, itself or through `export *`? Depends only on export shapes. */
  private exports(record: ModuleRecord, name: string, seen: Set<string>): boolean {
    if (seen.has(record.id)) return false;
    seen.add(record.id);
    if (record.exports?.named.has(name)) return true;
    return (record.exports?.stars ?? []).some((star) => {
      const target = this.resolveForShape(record, star);
      return 'record' in target && this.exports(target.record, name, seen);
    });
  }

  /** Like resolveFrom, for a module whose export names are all that is asked of it. */
  private resolveForShape(record: ModuleRecord, specifier: string): Loaded {
    const resolved = this.resolveSpecifier(record.id, specifier);
    if ('error' in resolved) return { error: unresolvedReason(specifier, record, resolved, this.root) };
    const loaded = this.recordingInto(null, () => this.load(resolved.path));
    this.tracking?.shapes.set(
      resolved.path,
      'record' in loaded ? exportShape(loaded.record.exports, loaded.record.json !== null) : '',
    );
    return loaded;
  }

  private envValue(
    record: ModuleRecord,
    source: 'import.meta' | 'import.meta.env' | 'process.env',
    name: string,
    label: string,
  ): Alt[] {
    const mode = this.options.env.mode;
    const builtin = builtinEnv(source, name, mode);
    if (builtin !== undefined) {
      const v: Value =
        builtin === null
          ? { k: 'nullish', which: 'undefined' }
          : typeof builtin === 'boolean'
            ? { k: 'bool', b: builtin }
            : text(builtin);
      return [{ v, trace: [] }];
    }
    if (source === 'import.meta') {
      // import.meta.hot in development, import.meta.url: exist, but say nothing about a URL.
      return [
        {
          v:
            name === 'hot'
              ? { k: 'obj', props: new Map(), open: true }
              : unknown(label, `import.meta.${name}`),
          trace: [],
        },
      ];
    }
    const scope = this.options.env.forFile(record.id);
    this.tracking?.env.set(record.id, this.options.env.dirOf(record.id));
    const found = scope.values.get(name);
    if (found) {
      const trace: TraceStep[] = found.location
        ? [{ location: found.location, note: `${name} (${source}, mode ${mode})` }]
        : [];
      return [{ v: stampValue(text(found.value), trace), trace }];
    }
    const read = scope.files.length > 0 ? scope.files.join(', ') : 'no env file';
    return [
      {
        v: {
          k: 'unknown',
          label,
          reason: `${name} is not set in ${read} (mode ${mode})`,
          env: { name, files: scope.files },
        },
        trace: [],
      },
    ];
  }
}

function fromJson(value: unknown, depth: number): Value {
  if (depth > MAX_JSON_DEPTH) return unknown('json', 'nested too deeply');
  if (typeof value === 'string') return text(value);
  if (typeof value === 'number') return { k: 'num', n: value };
  if (typeof value === 'boolean') return { k: 'bool', b: value };
  if (value === null) return { k: 'nullish', which: 'null' };
  if (Array.isArray(value))
    return { k: 'arr', items: value.map((item) => ({ value: fromJson(item, depth + 1) })), open: false };
  if (typeof value === 'object') {
    const props = new Map(
      Object.entries(value).map(([key, item]) => [key, { value: fromJson(item, depth + 1) }]),
    );
    return { k: 'obj', props, open: false };
  }
  return unknown('json', 'an unexpected JSON value');
}

/**
 * How the cache keeps a resolution (see Dependencies.resolutions): the path; '' when it did not
 * resolve; and when a config file was in the way, that file and the reason after a NUL, so that
 * mending the config (or breaking it another way) sends results that showed the reason back to be
 * analysed.
 */
export function resolutionRecord(resolved: { path: string } | Unresolved): string {
  if ('path' in resolved) return resolved.path;
  return resolved.config ? `\0${resolved.config.file}\0${resolved.config.why ?? ''}` : '';
}

/** Why an import is not followed: its specifier, the importer, and a config file that could not be read. */
function unresolvedReason(
  specifier: string,
  record: ModuleRecord,
  resolved: Unresolved,
  root: string,
): string {
  const config = resolved.config;
  const because = config
    ? `: ${isAbsolutePath(config.file) ? relativePosix(root, config.file) : config.file} could not be read${config.why ? ` (${config.why})` : ''}`
    : '';
  return `'${specifier}' cannot be resolved from ${record.file.path}${because}`;
}

/** How a wrapper can be called: a constructor only by `new`, a `function` either way, the rest without `new`. */
function calleeKind(fn: Node): CalleeKind {
  if (fn.type === 'ClassMethod' && fn.kind === 'constructor') return 'class';
  return fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression' ? 'function' : 'method';
}

/** Words searched for by scanning before the word filters are built (see Project.filesWithWord). */
const WORD_SCANS = 8;

/** The calls of a parsed module that are indexed as possible wrapper calls, with their names and script. */
function* indexedCalls(
  record: ModuleRecord,
): Generator<{ script: ScriptRecord; candidate: Candidate; names: string[] }> {
  for (const script of record.scripts) {
    for (const candidate of script.index.candidates) {
      const names = calleeNames(candidate.node, candidate.scope);
      if (names.length > 0) yield { script, candidate, names };
    }
  }
}

/**
 * The names a call is indexed under as a possible wrapper call: the callee's name, the name it
 * was imported as, or the called property's name. Empty for anything that is not a call.
 */
export function calleeNames(node: Node, scope: Scope): string[] {
  if (
    node.type !== 'CallExpression' &&
    node.type !== 'OptionalCallExpression' &&
    node.type !== 'NewExpression'
  )
    return [];
  const callee = node.callee.type === 'TSNonNullExpression' ? node.callee.expression : node.callee;
  if (callee.type === 'Identifier') {
    const binding = scope.lookup(callee.name);
    return binding?.kind === 'import' && binding.importName && binding.importName !== callee.name
      ? [callee.name, binding.importName]
      : [callee.name];
  }
  if (
    (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
    !callee.computed &&
    callee.property.type === 'Identifier'
  ) {
    return [callee.property.name];
  }
  return [];
}

/** What an `export *` search can see of a module: its export names, its stars, whether it is CommonJS. */
export function exportShape(exports: ModuleExports | null, json: boolean): string {
  if (!exports) return json ? 'json' : 'none';
  return contentHash(
    JSON.stringify([[...exports.named.keys()].sort(), exports.stars, exports.commonjs !== null]),
  );
}

/** The export shape of a file as it is on disk now ('' when it cannot be read or parsed). */
export function exportShapeOfFile(absPath: string, root: string): string {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch {
    return '';
  }
  try {
    const read = moduleFromText(absPath, relativePosix(root, absPath), text);
    if ('error' in read) return '';
    const first = read.module.scripts[0];
    return exportShape(first ? collectExports(first.ast.program) : null, read.json !== null);
  } catch {
    return '';
  }
}

/** A module's text as the project reads it: JSON data, or a parsed script; or why it cannot be. */
function moduleFromText(
  absPath: string,
  shown: string,
  text: string,
):
  | { readonly file: SourceFile; readonly module: ParsedModule; readonly json: Value | null }
  | { readonly error: string } {
  const ext = extensionOf(absPath);
  if (ext === '.json') {
    const file: SourceFile = { path: shown, absPath, language: 'js' };
    try {
      return { file, module: { file, text, scripts: [], pings: [] }, json: fromJson(JSON.parse(text), 0) };
    } catch {
      return { error: `${shown} is not valid JSON` };
    }
  }
  const language = LANGUAGE_BY_EXTENSION[ext];
  if (!language || language === 'html') return { error: `${shown} is not a script module` };
  const file: SourceFile = { path: shown, absPath, language };
  const module = parseModule(file, text).module;
  if (module.scripts.length === 0) return { error: `${shown} could not be parsed` };
  return { file, module, json: null };
}
