import { createRequire } from 'node:module';

type Parse5 = typeof import('parse5');

let loaded: Parse5 | null = null;

/**
 * parse5, loaded on first use: a run that parses no markup (a warm run with nothing changed, or
 * a codebase without HTML, Vue or Svelte files) does not pay the 30 ms it takes to load. parse5
 * is an ES module; Node loads it synchronously through require() from 20.19 and 22.12 on, the
 * versions package.json asks for.
 */
export function parse5(): Parse5 {
  loaded ??= createRequire(import.meta.url)('parse5') as Parse5;
  return loaded;
}
