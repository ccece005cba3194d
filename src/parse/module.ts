import type { File } from '@babel/types';
import type { Location, SourceFile } from '../types.js';

/**
 * One script inside a file: the whole file for JS/TS, each inline script or handler for HTML, and
 * for a .vue/.svelte component its script blocks and markup expressions parsed as one module
 * ('component'; when part of it does not parse, the parts that do, each on its own).
 */
export interface ScriptUnit {
  readonly ast: File;
  /** Positions in `ast` already point into the original file. */
  readonly origin: 'file' | 'inline-script' | 'event-handler' | 'component' | 'template-expression';
}

/** A ping attribute written in markup; its value is a space-separated list of URLs. */
export interface MarkupPing {
  readonly value: string;
  readonly location: Location;
  readonly element: string;
}

export interface ParsedModule {
  readonly file: SourceFile;
  /** The whole original text, for code frames. */
  readonly text: string;
  readonly scripts: readonly ScriptUnit[];
  readonly pings: readonly MarkupPing[];
}
