import { describe, expect, it } from 'vitest';
import type { WidgetMessage } from '@contracts/widget';
import { MessageStore, type Pending } from './store';

const msg = (id: number, over: Partial<WidgetMessage> = {}): WidgetMessage => ({
  id,
  author: 'bot',
  authorName: null,
  text: `message ${id}`,
  buttons: null,
  image: null,
  file: null,
  attachments: [],
  clientMessageId: null,
  createdAt: 1_700_000_000_000 + id,
  ...over,
});

const pending = (clientMessageId: string, over: Partial<Pending> = {}): Pending => ({
  clientMessageId,
  text: `draft ${clientMessageId}`,
  uploads: [],
  createdAt: 1_800_000_000_000,
  status: 'sending',
  ...over,
});

const ids = (s: MessageStore) => s.items().map((i) => (i.message ? i.message.id : i.pending.clientMessageId));

describe('MessageStore', () => {
  it('keeps messages sorted by id whatever order they arrive in', () => {
    const s = new MessageStore();
    for (const id of [5, 1, 9, 3, 7]) expect(s.upsert(msg(id))).toBe('inserted');
    expect(ids(s)).toEqual([1, 3, 5, 7, 9]);
    expect(s.lastId).toBe(9);
  });

  it('is empty with lastId 0 at first', () => {
    const s = new MessageStore();
    expect(s.lastId).toBe(0);
    expect(s.items()).toEqual([]);
  });

  it('replaces a message sent again with its id, and reports an identical one as unchanged', () => {
    const s = new MessageStore();
    s.upsert(msg(1));
    s.upsert(msg(2));
    expect(s.upsert(msg(2, { text: 'edited' }))).toBe('replaced');
    expect(s.items()[1]!.message!.text).toBe('edited');
    expect(s.upsert(msg(2, { text: 'edited' }))).toBe('unchanged');
    expect(s.size).toBe(2);
  });

  it('shows messages being sent after the server’s, in the order written', () => {
    const s = new MessageStore();
    s.addPending(pending('b'));
    s.upsert(msg(1));
    s.addPending(pending('a'));
    expect(ids(s)).toEqual([1, 'b', 'a']);
  });

  it('replaces the optimistic copy with the server’s message of the same clientMessageId, under the same key', () => {
    const s = new MessageStore();
    s.upsert(msg(1));
    s.addPending(pending('x'));
    const before = s.items()[1]!;
    expect(before.key).toBe('c:x');
    expect(s.upsert(msg(2, { author: 'lead', clientMessageId: 'x' }))).toBe('inserted');
    expect(ids(s)).toEqual([1, 2]);
    expect(s.items()[1]!.key).toBe('c:x');
    expect(s.pending('x')).toBeUndefined();
  });

  it('reports a change when the confirmation was already there but the pending copy is dropped', () => {
    const s = new MessageStore();
    const confirmed = msg(4, { author: 'lead', clientMessageId: 'y' });
    s.upsert(confirmed);
    s.addPending(pending('y'));
    expect(s.upsert(confirmed)).toBe('replaced');
    expect(ids(s)).toEqual([4]);
  });

  it('a message arriving before an older one lands in id order and the pending ones stay last', () => {
    const s = new MessageStore();
    s.upsert(msg(10));
    s.addPending(pending('p'));
    s.upsert(msg(8));
    s.upsert(msg(12, { author: 'lead', clientMessageId: 'other-tab' }));
    expect(ids(s)).toEqual([8, 10, 12, 'p']);
  });

  it('marks a pending message failed or sending with a new object (so its view is redrawn)', () => {
    const s = new MessageStore();
    s.addPending(pending('z'));
    const first = s.pending('z');
    s.setStatus('z', 'failed');
    expect(s.pending('z')!.status).toBe('failed');
    expect(s.pending('z')).not.toBe(first);
    expect(s.pendingList().map((p) => p.clientMessageId)).toEqual(['z']);
  });

  it('hands the same items array until something changes', () => {
    const s = new MessageStore();
    s.upsert(msg(1));
    const a = s.items();
    expect(s.items()).toBe(a);
    s.upsert(msg(1));
    expect(s.items()).toBe(a);
    s.upsert(msg(2));
    expect(s.items()).not.toBe(a);
  });

  it('clearMessages forgets the conversation but keeps what is being sent, to upload again', () => {
    const s = new MessageStore();
    s.upsert(msg(1));
    const blob = new Blob(['x']);
    const attachment = { id: 3, name: 'a.txt', mime: 'text/plain' as const, size: 1, kind: 'file' as const, url: 'https://x/a' };
    s.addPending(pending('q', { uploads: [{ name: 'a.txt', size: 1, type: 'text/plain', blob, attachment }] }));
    s.clearMessages();
    expect(ids(s)).toEqual(['q']);
    expect(s.lastId).toBe(0);
    expect(s.pending('q')!.uploads[0]!.attachment).toBeNull();
  });
});
