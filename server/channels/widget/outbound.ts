// The widget's way out: messages reach a visitor over its socket, not an outbox. Every committed
// message event of a business (from this process or, through Redis, from another) wakes the sockets
// of that lead's visitor, which read what is new from the database: the database is the order and
// the truth, so an event that arrives twice, late or out of order changes nothing, and a reconnect
// with `after` recovers whatever the socket missed.
import type { WebSocket } from 'ws';
import type { EventData, EventEnvelope } from '../../../contracts/events';
import type { WidgetFrame } from '../../../contracts/widget';
import type { AppContext } from '../../context';
import { findLeadById, findLeadOfMessenger, listConversationAfter, presentStored } from '../../leads/index';
import { presentForVisitor, visibleToVisitor } from './present';

export interface VisitorSocketTarget {
  businessId: number;
  channelId: number;
  messengerId: string;
  /** The last message id the visitor has; everything after it is sent first. */
  after: number;
}

export interface VisitorHub {
  connect(ws: WebSocket, target: VisitorSocketTarget): void;
  /** Shows "typing…" in the visitor's open chats (the bot is about to answer). */
  typing(businessId: number, leadId: number, authorName: string | null): void;
  /** Visitors connected in this process. */
  readonly size: number;
  close(): void;
}

interface VisitorSocket {
  ws: WebSocket;
  target: VisitorSocketTarget;
  leadId: number | null;
  last: number;
  /** One catch-up at a time per socket, in order. */
  tail: Promise<void>;
  /** A catch-up is queued already: further wake-ups are covered by it. */
  pending: boolean;
}

const PAGE = 100;

export function createVisitorHub(deps: Pick<AppContext, 'db' | 'bus' | 'log' | 'attachmentLinks' | 'clock'>): VisitorHub {
  const byBusiness = new Map<number, Set<VisitorSocket>>();
  const signed = (id: number) => deps.attachmentLinks.signedUrl(id, deps.clock());
  const send = (s: VisitorSocket, frame: WidgetFrame) => {
    if (s.ws.readyState === s.ws.OPEN) s.ws.send(JSON.stringify(frame));
  };

  /** Sends what the visitor does not have yet, from the database. */
  function wake(s: VisitorSocket): void {
    if (s.pending) return;
    s.pending = true;
    s.tail = s.tail
      .then(async () => {
        s.pending = false;
        if (s.leadId === null) s.leadId = (await findLeadOfMessenger(deps.db, s.target.channelId, s.target.messengerId))?.id ?? null;
        if (s.leadId === null) return;
        for (;;) {
          const page = await listConversationAfter(deps.db, s.leadId, { after: s.last, limit: PAGE });
          for (const m of await presentStored(deps.db, page.messages)) {
            send(s, { type: 'message', message: presentForVisitor(m, signed) });
            s.last = Math.max(s.last, m.id);
          }
          if (!page.hasMore) break;
        }
      })
      .catch((err: unknown) => {
        deps.log.warn({ err }, 'widget socket catch-up failed; closing it so the widget reconnects');
        s.ws.close(1011, 'reconnect');
      });
  }

  /** Sockets of visitors who had not written yet get the lead this message belongs to, if it is theirs. */
  function bindNewLead(sockets: Set<VisitorSocket>, leadId: number): void {
    findLeadById(deps.db, leadId)
      .then((lead) => {
        if (!lead) return;
        for (const s of sockets) {
          if (s.leadId !== null || s.target.channelId !== lead.channel_id || s.target.messengerId !== lead.messenger_id) continue;
          s.leadId = lead.id;
          wake(s);
        }
      })
      .catch((err: unknown) => deps.log.warn({ err, leadId }, 'widget sockets could not look a new lead up; they catch up when they reconnect'));
  }

  function onEvents(businessId: number, events: EventEnvelope[]): void {
    const sockets = byBusiness.get(businessId);
    if (!sockets?.size) return;
    for (const e of events) {
      if (e.type === 'message.created') {
        const { message, row } = e.data as EventData<'message.created'>;
        if (!visibleToVisitor(message)) continue;
        let known = false;
        for (const s of sockets) {
          if (s.leadId !== message.leadId) continue;
          known = true;
          wake(s);
        }
        // A lead no socket knows yet: perhaps the first message of a visitor whose socket opened before it wrote.
        // One lookup of that lead, not one per waiting socket of the channel.
        if (!known && [...sockets].some((s) => s.leadId === null && s.target.channelId === row.channelId)) bindNewLead(sockets, message.leadId);
      } else if (e.type === 'message.updated') {
        const { message } = e.data as EventData<'message.updated'>;
        if (!visibleToVisitor(message)) continue;
        // A message the visitor already has, changed (its delivery, an attachment): sent again in place.
        for (const s of sockets)
          if (s.leadId === message.leadId && message.id <= s.last) send(s, { type: 'message', message: presentForVisitor(message, signed) });
      }
    }
  }
  const unsubscribe = deps.bus.subscribe(onEvents);

  return {
    connect(ws, target) {
      const s: VisitorSocket = { ws, target, leadId: null, last: target.after, tail: Promise.resolve(), pending: false };
      let set = byBusiness.get(target.businessId);
      if (!set) byBusiness.set(target.businessId, (set = new Set()));
      set.add(s);
      ws.on('message', (data) => {
        // The widget only pings; anything else is ignored.
        if (String(data).includes('"ping"')) send(s, { type: 'pong' });
      });
      ws.on('close', () => {
        set.delete(s);
        if (set.size === 0) byBusiness.delete(target.businessId);
      });
      wake(s);
    },
    typing(businessId, leadId, authorName) {
      for (const s of byBusiness.get(businessId) ?? []) if (s.leadId === leadId) send(s, { type: 'typing', authorName });
    },
    get size() {
      let n = 0;
      for (const set of byBusiness.values()) n += set.size;
      return n;
    },
    close() {
      unsubscribe();
      for (const set of byBusiness.values()) for (const s of set) s.ws.close(1001, 'server stopping');
      byBusiness.clear();
    },
  };
}
