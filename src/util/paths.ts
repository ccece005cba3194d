// The only importer of node:path: every path the tool shows is posix and root-relative.
import path from 'node:path';

/** The platform's path separator. */
export const sep = path.sep;

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function relativePosix(root: string, absolute: string): string {
  const rel = toPosix(path.relative(root, absolute));
  return rel === '' ? '.' : rel;
}

export function resolvePath(...segments: string[]): string {
  return path.resolve(...segments);
}

/**
 * A function that resolves root-relative posix paths as resolvePath(root, rel) does, joined as
 * text when the path is plain (no `.` or `..` segment, no empty segment, no backslash): on a large
 * tree path.resolve costs as much as the stat that follows it.
 */
export function resolverUnder(root: string): (rel: string) => string {
  const resolvedRoot = path.resolve(root);
  const prefix = resolvedRoot.endsWith(path.sep) ? resolvedRoot : resolvedRoot + path.sep;
  return (rel) =>
    path.sep === '/' && rel !== '' && !/(?:^|\/)\.\.?(?:\/|$)|\/\/|\\|^\/|\/$/.test(rel)
      ? prefix + rel
      : path.resolve(root, rel);
}

export function joinPath(...segments: string[]): string {
  return path.join(...segments);
}

export function extensionOf(file: string): string {
  return path.extname(file).toLowerCase();
}

export function dirnameOf(file: string): string {
  return path.dirname(file);
}

export function basenameOf(file: string): string {
  return path.basename(file);
}

/** Is this path inside a node_modules folder (a package, not the app's own code)? */
export function inNodeModules(p: string): boolean {
  return IN_NODE_MODULES.test(p);
}

const IN_NODE_MODULES = /(?:^|[\\/])node_modules(?:[\\/]|$)/;

export function isAbsolutePath(p: string): boolean {
  return path.isAbsolute(p);
}
