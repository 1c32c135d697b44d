import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ACTIVITY, type ActivityNotice } from '../../contracts/activity';
import type { ErrorCode } from '../../contracts/errors';
import type { ServerFrame } from '../../contracts/events';
import { ClientFrame } from '../../contracts/realtime';
import type { Actor } from '../shared/actor';
import type { EventBus } from './bus/bus';
import { canReportActivity } from './realtime.policy';

/** Whether a lead is the business's: the leads module answers, through the composition root. */
export type LeadLookup = (businessId: number, leadId: number) => Promise<boolean>;

export interface ActivityDeps {
  bus: EventBus;
  log: Pick<Logger, 'warn'>;
  clock: () => number;
  leadOf: LeadLookup;
}

/** One socket's side of the collision notice: what its client says, and a `left` when it goes. */
export interface ActivityConnection {
  /** A frame the client sent (text); a refused one is answered through `reply`, never thrown. */
  receive(raw: string): void;
  /** The socket closed: whatever it was viewing, it has left. */
  closed(): void;
}

/** Leads already found in the business, per socket: a client names the few it has open, again and again. */
const KNOWN_LEADS = 64;

/**
 * The client frames of one realtime socket. Guarantees: a frame that is not valid JSON or not a known
 * frame is answered with an `error` frame (the socket stays open); activity is published to the bus
 * only by a person of the contact center, about a lead of their own business, and carries their id
 * and name from the session, not from the frame; frames are handled in the order they came; a
 * closing socket publishes `left` for the lead it was viewing.
 */
export function activityConnection(deps: ActivityDeps, actor: Actor, reply: (frame: ServerFrame) => void): ActivityConnection {
  const connection = randomUUID();
  const known = new Set<number>();
  let viewing: number | null = null;
  let tail: Promise<void> = Promise.resolve();
  let gone = false;
  // A token bucket: framesPerSecond a second, bursts of burstFrames. Dropping what is over it without an
  // answer is acceptable only because activity frames carry no data: each says again what the
  // browser repeats anyway (viewing every 20 s, typing every 3 s), and both expire on their own.
  let tokens: number = ACTIVITY.burstFrames;
  let filledAt = deps.clock();
  const take = (): boolean => {
    const now = deps.clock();
    tokens = Math.min(ACTIVITY.burstFrames, tokens + ((now - filledAt) / 1000) * ACTIVITY.framesPerSecond);
    filledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const refuse = (code: ErrorCode, message: string, details?: { path: string; message: string }[]) =>
    reply({ type: 'error', error: { code, message, ...(details ? { details } : {}) } });

  const publish = (f: ClientFrame) => {
    if (actor.kind !== 'user') return;
    const ttlMs = f.activity === 'viewing' ? ACTIVITY.viewingTtlMs : f.activity === 'typing' ? ACTIVITY.typingTtlMs : 0;
    const notice: ActivityNotice = {
      type: 'activity',
      leadId: f.leadId,
      userId: actor.userId,
      name: actor.name,
      activity: f.activity,
      ...(f.activity === 'typing' && f.note ? { note: true } : {}),
      connection,
      ttlMs,
    };
    deps.bus.publishActivity(actor.businessId, notice);
  };

  const handle = async (f: ClientFrame) => {
    if (!known.has(f.leadId)) {
      // Not found whether it does not exist or is another business's: nothing tells them apart.
      if (!(await deps.leadOf(actor.businessId, f.leadId))) return refuse('not_found', `Lead ${f.leadId} not found`);
      if (known.size >= KNOWN_LEADS) known.clear();
      known.add(f.leadId);
    }
    if (f.activity === 'left') {
      if (viewing === f.leadId) viewing = null;
    } else {
      // Typing in a dialog means having it open; a second dialog means the first one was left.
      if (viewing !== null && viewing !== f.leadId) publish({ type: 'activity', leadId: viewing, activity: 'left' });
      viewing = f.leadId;
    }
    publish(f);
  };

  return {
    receive(raw) {
      if (gone) return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return refuse('validation_failed', 'A frame must be JSON: {"type": "activity", "leadId", "activity"}');
      }
      const parsed = ClientFrame.safeParse(json);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: ['frame', ...i.path].join('.'), message: i.message }));
        return refuse('validation_failed', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
      }
      const f = parsed.data;
      if (!canReportActivity(actor, f.activity)) {
        return refuse(
          'forbidden',
          f.activity === 'typing' ? 'Only operators and administrators write in dialogs' : 'Only people of the contact center report activity',
        );
      }
      if (!take()) return;
      tail = tail.then(() => handle(f)).catch((err: unknown) => deps.log.warn({ err, leadId: f.leadId }, 'realtime activity not handled'));
    },
    closed() {
      if (gone) return;
      gone = true;
      tail = tail
        .then(() => {
          if (viewing !== null) publish({ type: 'activity', leadId: viewing, activity: 'left' });
          viewing = null;
        })
        .catch((err: unknown) => deps.log.warn({ err }, 'realtime activity: left not published'));
    },
  };
}
