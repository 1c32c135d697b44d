import { describe, expect, it } from 'vitest';
import type { Message } from '../storage/schema';
import { idempotencyConflict, isSameContent } from './idempotency';

const first: Message = {
  id: 1,
  business_id: 1,
  lead_id: 1,
  dialog_id: null,
  author: 'lead',
  author_user_id: null,
  text: 'hi',
  payload: '{"a":1,"b":[1,2]}',
  client_message_id: 'k',
  delivery: 'none',
  created_at: 0,
  internal: 0,
} as Message;

describe('isSameContent', () => {
  const lead = { author: 'lead', authorUserId: null, internal: false, text: 'hi', payload: { b: [1, 2], a: 1 } } as const;

  it('is a retry with the same author, kind, text and payload (key order aside)', () => {
    expect(isSameContent(first, lead)).toBe(true);
  });

  it.each([
    ['text', { ...lead, text: 'hi!' }],
    ['payload', { ...lead, payload: { a: 1, b: [2, 1] } }],
    ['missing payload', { ...lead, payload: undefined }],
    ['author', { ...lead, author: 'operator' as const, authorUserId: 7 }],
    ['kind (a note)', { ...lead, internal: true }],
  ])('is not a retry when the %s differs', (_what, incoming) => {
    expect(isSameContent(first, incoming)).toBe(false);
  });

  it('compares attachments as a set', () => {
    const op = { ...first, author: 'operator', author_user_id: 7, payload: null } as Message;
    const mine = { author: 'operator', authorUserId: 7, internal: false, text: 'hi' } as const;
    expect(isSameContent(op, { ...mine, attachmentIds: [3, 2] }, [2, 3])).toBe(true);
    expect(isSameContent(op, { ...mine, attachmentIds: [2] }, [2, 3])).toBe(false);
    expect(isSameContent(op, mine, [])).toBe(true);
  });

  it('refuses with 409 idempotency_conflict naming the key', () => {
    const e = idempotencyConflict('k-1');
    expect([e.code, e.params]).toEqual(['idempotency_conflict', { clientMessageId: 'k-1' }]);
    expect(e.message).toContain('k-1');
  });
});
