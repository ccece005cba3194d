import { createHash } from 'node:crypto';

/** The content hash every cache key uses (sha1: fast, and collisions are not an attack surface here). */
export function contentHash(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('base64url');
}
