import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live, by key. Keys are chosen by the server (random, URL-safe), never from
 * a user's file name. The disk implementation (disk/storage.ts) is the embedded default; an object
 * store (S3 and the like) can implement the same three calls later, in a folder beside it.
 */
export interface BlobStorage {
  /** Stores the bytes under the key; the key appears only once they are all written (no half files). A failed or aborted stream stores nothing. */
  put(key: string, data: Readable | Buffer): Promise<void>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Readable | null>;
  /** Removes the bytes; a key that is not there is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are what the server generates; anything else (a path, a dot) is refused before it reaches a backend. */
export function assertBlobKey(key: string): void {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(key)) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
}
