// The data model shared by every pipeline stage. Nothing here does work.

export type Severity = 'error' | 'warning' | 'info';

export type Language = 'js' | 'jsx' | 'ts' | 'tsx' | 'html' | 'vue' | 'svelte';

/** A file found by discovery. `path` is posix and relative to the scan root. */
export interface SourceFile {
  readonly path: string;
  readonly absPath: string;
  readonly language: Language;
}

/** 1-based line and column into the original file (the .html, not an extracted script). */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type SinkKind =
  | 'fetch'
  | 'xhr'
  | 'websocket'
  | 'event-source'
  | 'beacon'
  | 'ping'
  /** Client libraries, recognised only through an import or require of their package. */
  | 'axios'
  | 'ky'
  | 'ofetch'
  | 'connect'
  /** socket.io-client opens two connections: HTTP long-polling, then a WebSocket upgrade. */
  | 'socket.io'
  | 'socket.io-websocket';

/**
 * A URL as the analyzer understood it: known text, holes it could not resolve,
 * and pieces that stand for the page's own location (`location.origin` ...).
 */
export type UrlPiece =
  | { readonly t: 'text'; readonly value: string }
  /** `label` is the expression's source text (for display), `reason` why it is unknown. */
  | {
      readonly t: 'hole';
      readonly label: string;
      readonly reason: string;
      /** Set when the hole is an environment variable no env file or --env defines. */
      readonly env?: { readonly name: string; readonly files: readonly string[] };
    }
  | { readonly t: 'page-origin' }
  | { readonly t: 'page-host' }
  | { readonly t: 'page-hostname' }
  | { readonly t: 'page-protocol' };

/** What the analyzer hands the csp stage for one connection target. */
export interface UrlTemplate {
  readonly pieces: readonly UrlPiece[];
  /** Sockets are always written as ws:/wss: sources. */
  readonly sink: SinkKind;
}

/** One link in the chain of where a value came from. */
export interface TraceStep {
  readonly location: Location;
  /** e.g. "const API_BASE", "argument 1 of fetch" */
  readonly note: string;
  /** The code frame at the location (absent when the file's text is not at hand). */
  readonly frame?: string;
}

/** How much of the target is known. */
export type ValueKind = 'exact' | 'prefix' | 'wildcard' | 'self' | 'unknown';

/** "Here is a connection." */
export interface Finding {
  readonly sink: SinkKind;
  readonly location: Location;
  /** The target as text, holes shown as `${…}` (for people). */
  readonly value: string;
  readonly valueKind: ValueKind;
  /** The CSP source expression derived from the value, or null when it could not be derived. */
  readonly source: string | null;
  /** The emitted source that covers this finding (differs from `source` when minimisation subsumed it). */
  readonly coveredBy: string | null;
  readonly trace: readonly TraceStep[];
  readonly frame: string;
}

/** "Here is a problem." Words come from the registry in src/diagnostics. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly help?: string;
  readonly args: Readonly<Record<string, string | number>>;
  readonly location?: Location;
  readonly frame?: string;
}

/** One source expression in the emitted directive and why it is there. */
export interface SourceEntry {
  readonly expression: string;
  /** Indices into Report.findings that this source covers. */
  readonly findings: readonly number[];
  /** True when an `allow` entry (config or flag) asked for it. */
  readonly allowed: boolean;
}

export interface Directive {
  readonly name: 'connect-src';
  readonly sources: readonly string[];
  /** `connect-src 'self' https://api.example.com` */
  readonly value: string;
}

export interface ReportStats {
  readonly filesScanned: number;
  /** Files parsed by this run (with the pre-filter, fewer than scanned; with a warm cache, fewer still). */
  readonly filesParsed: number;
  /** Analysed files whose results this run took from the cache. */
  readonly filesCached: number;
  readonly findings: number;
  readonly unresolved: number;
}

export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'csp-connect'; readonly version: string };
  /** The scan root as given, posix, relative to where the tool ran ('.' when it was the cwd). */
  readonly root: string;
  readonly origin: string | null;
  readonly directive: Directive;
  /** The full policy to deliver: the directive alone, or merged into --base-policy. */
  readonly policy: string;
  readonly sources: readonly SourceEntry[];
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: ReportStats;
}
