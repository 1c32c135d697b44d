import { Readable } from 'node:stream';
import type { AttachmentMime } from '../../contracts/limits';
import { AppError, badInput } from '../errors';
import { SNIFF_BYTES, contentMatches, typeLabel } from './attachment.rules';

export interface CheckedContent {
  /** The same bytes, failing with an AppError as soon as the file is too big or its start does not fit the type. */
  stream: Readable;
  /** Bytes passed so far (the file's size once the stream has ended). */
  size(): number;
}

/**
 * Wraps an upload so the limits hold while it streams: nothing is buffered beyond the first
 * SNIFF_BYTES, a file over `maxBytes` fails at the first byte too many (before it is all read), and
 * an empty file or one whose content does not match its type fails before storage keeps it.
 */
export function checkedContent(source: AsyncIterable<Buffer>, o: { mime: AttachmentMime; name: string; maxBytes: number }): CheckedContent {
  let size = 0;
  async function* check(): AsyncGenerator<Buffer> {
    let head: Buffer | null = Buffer.alloc(0); // null once checked
    for await (const chunk of source) {
      size += chunk.length;
      if (size > o.maxBytes) throw tooLarge(o.maxBytes);
      if (head) {
        // Held back until the check has enough bytes, so nothing unchecked reaches storage.
        head = Buffer.concat([head, chunk]);
        if (head.length < SNIFF_BYTES) continue;
        verify(head);
        yield head;
        head = null;
        continue;
      }
      yield chunk;
    }
    if (head) {
      if (head.length === 0) throw badInput('body.file', `${o.name} is empty`);
      verify(head);
      yield head;
    }
  }
  const verify = (head: Buffer) => {
    if (!contentMatches(o.mime, head)) {
      throw new AppError('unsupported_type', `${o.name} is not a real ${typeLabel(o.mime)} file (${o.mime}): its content does not match the type`, undefined, {
        name: o.name,
        type: o.mime,
      });
    }
  };
  return { stream: Readable.from(check(), { objectMode: false }), size: () => size };
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, the most one attachment may be`, undefined, {
    maxMb: Math.round(maxBytes / 1024 / 1024),
  });
}
