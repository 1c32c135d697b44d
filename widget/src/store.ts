// The conversation as the widget shows it: the server's messages sorted by id (a message sent again
// replaces the one with its id), then the visitor's messages still on their way, in the order they
// were written. A server message carrying a clientMessageId replaces the optimistic copy with it.
import type { WidgetAttachment, WidgetMessage } from '@contracts/widget';

/** A file of a message being sent: uploaded once (then `attachment` is set), kept across retries. */
export interface Upload {
  name: string;
  size: number;
  type: string;
  blob: Blob;
  attachment: WidgetAttachment | null;
}

/** A message the visitor wrote that the server has not confirmed yet. */
export interface Pending {
  clientMessageId: string;
  text: string;
  uploads: Upload[];
  createdAt: number;
  status: 'sending' | 'failed';
}

/** A row of the conversation; `key` stays the same when a message is replaced (so its view can be kept). */
export type Item = { key: string; message: WidgetMessage; pending?: never } | { key: string; pending: Pending; message?: never };

export type UpsertResult = 'inserted' | 'replaced' | 'unchanged';

const keyOf = (m: WidgetMessage) => (m.clientMessageId ? `c:${m.clientMessageId}` : `i:${m.id}`);

function same(a: WidgetMessage, b: WidgetMessage): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class MessageStore {
  /** Sorted by id, ascending. */
  private messages: WidgetMessage[] = [];
  private pendings = new Map<string, Pending>();
  private cache: Item[] | null = null;

  /** The newest message's id (0 when none): where a catch-up starts. */
  get lastId(): number {
    return this.messages[this.messages.length - 1]?.id ?? 0;
  }

  get size(): number {
    return this.messages.length + this.pendings.size;
  }

  /** Adds a server message, or replaces the one with its id; drops the optimistic copy it confirms. */
  upsert(m: WidgetMessage): UpsertResult {
    let result: UpsertResult;
    const list = this.messages;
    // Binary search for the first index whose id is >= m.id (new messages usually go at the end).
    let lo = 0;
    let hi = list.length;
    if (hi > 0 && list[hi - 1]!.id < m.id) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.id < m.id) lo = mid + 1;
      else hi = mid;
    }
    const at = list[lo];
    if (at && at.id === m.id) {
      result = same(at, m) ? 'unchanged' : 'replaced';
      if (result === 'replaced') list[lo] = m;
    } else {
      list.splice(lo, 0, m);
      result = 'inserted';
    }
    if (m.clientMessageId && this.pendings.delete(m.clientMessageId) && result === 'unchanged') result = 'replaced';
    if (result !== 'unchanged') this.cache = null;
    return result;
  }

  addPending(p: Pending): void {
    this.pendings.set(p.clientMessageId, p);
    this.cache = null;
  }

  pending(clientMessageId: string): Pending | undefined {
    return this.pendings.get(clientMessageId);
  }

  /** The messages still on their way, oldest first. */
  pendingList(): Pending[] {
    return [...this.pendings.values()];
  }

  /** Marks a message being sent as failed or sending again (a new object, so its view is redrawn). */
  setStatus(clientMessageId: string, status: Pending['status']): void {
    const p = this.pendings.get(clientMessageId);
    if (!p || p.status === status) return;
    this.pendings.set(clientMessageId, { ...p, status });
    this.cache = null;
  }

  /** Forgets the server's messages (another conversation begins); messages being sent are kept, to be sent there. */
  clearMessages(): void {
    this.messages = [];
    for (const p of this.pendings.values()) for (const u of p.uploads) u.attachment = null;
    this.cache = null;
  }

  /** Every row in display order; the same array until something changes. */
  items(): readonly Item[] {
    if (!this.cache) {
      const rows: Item[] = this.messages.map((message) => ({ key: keyOf(message), message }));
      for (const pending of this.pendings.values()) rows.push({ key: `c:${pending.clientMessageId}`, pending });
      this.cache = rows;
    }
    return this.cache;
  }
}
