import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  type Stats,
  statSync,
} from 'node:fs';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic, SourceFile } from '../types.js';
import { errorReason } from './discover.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * What a file's metadata says of its content: [size, mtime ms, ctime ms, inode]. The ctime
 * changes with every write and, unlike the mtime, a program cannot set it back short of changing
 * the system clock.
 */
export type FileStamp = readonly [number, number, number, number];

/**
 * A stamp is trusted only for a file or folder last changed at least this long before it was
 * taken: file systems keep times as coarsely as 2 s (FAT), and a change within the same tick as
 * the stamp would leave it unchanged.
 */
export const RACY_MS = 2_000;

/** Whether two stamps (of any length) are the same; absent (null or undefined) only matches absent. */
export function equalStamps(
  a: readonly number[] | null | undefined,
  b: readonly number[] | null | undefined,
): boolean {
  if (a == null || b == null) return (a == null) === (b == null);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function stampOf(st: Stats): FileStamp {
  return [st.size, st.mtimeMs, st.ctimeMs, st.ino];
}

/** The stamp of a regular file, or null (not a regular file, or it cannot be stat'ed). */
export function statStamp(absPath: string): FileStamp | null {
  try {
    const st = statSync(absPath);
    return st.isFile() ? stampOf(st) : null;
  } catch {
    return null;
  }
}

export type BytesResult =
  | { readonly ok: true; readonly bytes: Buffer; readonly stamp: FileStamp }
  | {
      readonly ok: false;
      readonly diagnostics: readonly Diagnostic[];
      /** A listed path that is not there to read (see readBytes' `listed`): no diagnostic. */
      readonly gone?: true;
    };

const GONE: BytesResult = { ok: false, diagnostics: [], gone: true };

/** What is at a path itself (a symlink is not followed), or null when nothing is. */
function entryAt(absPath: string): Stats | null {
  try {
    return lstatSync(absPath);
  } catch {
    return null;
  }
}

/**
 * Reads one source file's bytes: not a regular file, too large, unreadable or binary are
 * diagnostics. With `listed` (the file came from `git ls-files`), a path that does not exist (a
 * deletion not staged yet) and a folder (a submodule) are `gone` instead: git lists them, and they
 * are not source. A dangling symlink or a symlink to a folder is still reported.
 */
export function readBytes(file: SourceFile, maxFileSize: number, listed = false): BytesResult {
  let bytes: Buffer;
  let stamp: FileStamp;
  let fd: number | null = null;
  try {
    // One open, then fstat and read on the descriptor: no second path lookup per file.
    // O_NONBLOCK: a named pipe with a source name must not block the scan at open.
    fd = openSync(file.absPath, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) {
      if (listed && entryAt(file.absPath)?.isDirectory()) return GONE;
      return {
        ok: false,
        diagnostics: [createDiagnostic('read-error', { file: file.path, reason: 'not a regular file' })],
      };
    }
    if (st.size > maxFileSize) {
      return {
        ok: false,
        diagnostics: [
          createDiagnostic('file-too-large', { file: file.path, size: st.size, limit: maxFileSize }),
        ],
      };
    }
    bytes = readFileSync(fd);
    stamp = stampOf(st);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const entry = entryAt(file.absPath);
    if (listed) {
      // ENOTDIR: a folder on the way is a file now. Either way nothing is there, not even a link.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && !entry) return GONE;
      // Where a folder cannot be opened as a file at all (EISDIR on Windows), the open fails.
      if (entry?.isDirectory()) return GONE;
    }
    const reason =
      code === 'ENOENT' && entry?.isSymbolicLink()
        ? 'a symbolic link whose target does not exist'
        : errorReason(error);
    return { ok: false, diagnostics: [createDiagnostic('read-error', { file: file.path, reason })] };
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    return { ok: false, diagnostics: [createDiagnostic('binary-file', { file: file.path })] };
  }
  return { ok: true, bytes, stamp };
}

/** UTF-8 text (a BOM dropped); invalid sequences become U+FFFD with an invalid-encoding diagnostic. */
export function decodeSource(
  file: SourceFile,
  bytes: Uint8Array,
): { readonly text: string; readonly diagnostics: readonly Diagnostic[] } {
  try {
    return { text: strictUtf8.decode(bytes), diagnostics: [] };
  } catch {
    return { text: lenientUtf8.decode(bytes), diagnostics: [invalidEncoding(file)] };
  }
}

export function invalidEncoding(file: SourceFile): Diagnostic {
  return createDiagnostic('invalid-encoding', { file: file.path });
}
