import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobKey, type BlobStorage } from '../storage';

/**
 * Blob storage in files under `root` (DATA_DIR/attachments), spread over 256 folders by the key's
 * first two characters so no folder grows huge. Writes go to a temporary file in the same folder,
 * flushed to disk, then renamed: the rename is atomic, so a reader or a crash never sees half a file.
 */
export function createDiskStorage(root: string): BlobStorage {
  const fileOf = (key: string) => {
    assertBlobKey(key);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async put(key, data) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
        await pipeline(source, createWriteStream(tmp, { flags: 'wx', flush: true }));
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async get(key) {
      // Open first, so a missing file is a null here rather than an error in the middle of a response.
      const handle = await open(fileOf(key), 'r').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      return handle ? handle.createReadStream() : null;
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
