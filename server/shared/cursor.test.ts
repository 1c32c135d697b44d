import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { cursorCodec } from './cursor';

const inbox = cursorCodec('inbox', ['key', 'id']);
const audit = cursorCodec('audit', ['id']);

/** What reading `cursor` throws, as the client would see it. */
function refusal(read: () => unknown): { code: string; message: string } | undefined {
  try {
    read();
    return undefined;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, message: e.message };
  }
}

describe('page cursors', () => {
  it('read back the position they were made from, and are opaque URL-safe text', () => {
    const c = inbox.next({ key: 1_760_000_000_000, id: 42 }, true);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(inbox.read(c ?? undefined)).toEqual({ key: 1_760_000_000_000, id: 42 });
    expect(inbox.read(inbox.next({ key: -5, id: 0 }, true) ?? undefined)).toEqual({ key: -5, id: 0 });
  });

  it('end the list: no cursor after the last page or an empty one', () => {
    expect(audit.next({ id: 7 }, false)).toBeNull();
    expect(audit.next(undefined, true)).toBeNull();
  });

  it('mean the first page when absent or empty', () => {
    expect(audit.read(undefined)).toBeUndefined();
    expect(audit.read('')).toBeUndefined();
  });

  it("refuse with a 400 naming querystring.cursor what this list did not issue: garbage, another list's, a changed one", () => {
    const auditCursor = audit.next({ id: 7 }, true) ?? '';
    const enc = (s: string) => Buffer.from(s).toString('base64url');
    const bad = [
      'zzz',
      '%%%',
      enc('audit'),
      enc('audit:'),
      enc('audit:7:8'),
      enc('audit:x'),
      enc('audit:07'),
      enc('audit:1.5'),
      enc('audit:99999999999999999999'),
      enc('inbox:7'),
      `${auditCursor}=`,
      `${auditCursor}!`,
    ];
    for (const c of bad)
      expect(
        refusal(() => audit.read(c)),
        c,
      ).toEqual({ code: 'validation_failed', message: expect.stringContaining('querystring.cursor') });
    // Another list with the same shape of position: told apart by its name.
    expect(refusal(() => cursorCodec('routing-logs', ['id']).read(auditCursor))).toMatchObject({ code: 'validation_failed' });
    expect(refusal(() => inbox.read(auditCursor))).toMatchObject({ code: 'validation_failed' });
  });
});
