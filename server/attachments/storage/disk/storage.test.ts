import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskStorage } from './storage';

describe('disk blob storage', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-blobs-'));
  const blobs = createDiskStorage(root);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const filesUnder = () =>
    fs
      .readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);

  it('stores a stream or a buffer, reads it back, and deletes it', async () => {
    await blobs.put('aaaaaaaaaaaaaaaaaaaa', Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    await blobs.put('bbbbbbbbbbbbbbbbbbbb', Buffer.from('second'));
    expect((await buffer((await blobs.get('aaaaaaaaaaaaaaaaaaaa'))!)).toString()).toBe('hello world');
    expect((await buffer((await blobs.get('bbbbbbbbbbbbbbbbbbbb'))!)).toString()).toBe('second');
    expect(fs.existsSync(path.join(root, 'aa', 'aaaaaaaaaaaaaaaaaaaa'))).toBe(true);
    await blobs.delete('aaaaaaaaaaaaaaaaaaaa');
    await blobs.delete('aaaaaaaaaaaaaaaaaaaa'); // twice is fine
    expect(await blobs.get('aaaaaaaaaaaaaaaaaaaa')).toBeNull();
  });

  it('leaves no file, not even a temporary one, when the stream fails half-way', async () => {
    async function* failing() {
      yield Buffer.from('half a file');
      throw new Error('client went away');
    }
    await expect(blobs.put('cccccccccccccccccccc', Readable.from(failing()))).rejects.toThrow('client went away');
    expect(await blobs.get('cccccccccccccccccccc')).toBeNull();
    expect(filesUnder().filter((f) => f.startsWith('cccc'))).toEqual([]);
  });

  it('refuses keys that are not its own (paths, dots)', async () => {
    await expect(blobs.put('../../etc/passwd-xxxxxxxx', Buffer.from('x'))).rejects.toThrow('invalid blob key');
    await expect(blobs.get('short')).rejects.toThrow('invalid blob key');
  });
});
