// Finds the expression a caller means by a [start, end) range of the file's text.
import type { ts } from 'ts-morph';
import type { TsApi } from './typed-config.js';

/** The nodes from the file down to the deepest one whose text contains `pos`. */
function pathTo(file: ts.SourceFile, pos: number): ts.Node[] {
  const path: ts.Node[] = [file];
  let current: ts.Node = file;
  for (;;) {
    let next: ts.Node | undefined;
    current.forEachChild((child) => {
      if (next === undefined && child.getStart(file) <= pos && pos < child.end) next = child;
    });
    if (next === undefined) return path;
    path.push(next);
    current = next;
  }
}

/**
 * The smallest expression spanning exactly [start, end). When none does (the caller's parser drew
 * the range a little differently), the widest expression that starts at `start` and ends within the
 * range, else the smallest expression containing `start`.
 */
export function findExpression(
  tsApi: TsApi,
  file: ts.SourceFile,
  start: number,
  end: number,
): ts.Node | null {
  if (start < 0 || end < start || start >= file.end) return null;
  const expressions = pathTo(file, start).filter((node) => tsApi.isExpression(node));
  const innermostFirst = [...expressions].reverse();
  const exact = innermostFirst.find((node) => node.getStart(file) === start && node.end === end);
  if (exact) return exact;
  const within = expressions.find((node) => node.getStart(file) === start && node.end <= end);
  return within ?? innermostFirst[0] ?? null;
}
