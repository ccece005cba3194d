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

export function isAbsolutePath(p: string): boolean {
  return path.isAbsolute(p);
}
