import { z } from 'zod';
import { ACTIVITIES, type ActivityReport } from './activity';
import { Id, Millis } from './common';

// Request and response shapes of the realtime routes (the socket's frames are in events.ts).

/** Most events one poll may return. */
export const MAX_POLL_LIMIT = 1000;

/** A seq the client already has; omitted means "start from now". */
const Since = z.coerce.number().int().min(0);

export const RealtimeQuery = z.object({
  /** The last seq the client received; the socket sends everything after it before going live. */
  since: Since.optional(),
});

export const EventsQuery = z.object({
  /** The last seq the caller received (0 for the whole kept log). */
  since: Since.default(0),
  /** Events per page. */
  limit: z.coerce.number().int().min(1).max(MAX_POLL_LIMIT).default(100),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

/** An event as in the WebSocket stream: `data` follows the event map in contracts/events.ts. */
export const EventItem = z.object({
  seq: z.number().int(),
  type: z.string(),
  data: z.unknown(),
  at: Millis,
});

export const EventsPage = z.object({
  /** Events after `since`, oldest first, at most `limit`. */
  events: z.array(EventItem),
  /** The business's latest seq when the page was read. */
  latest: z.number().int(),
  /** Pass as `since` on the next call (events the caller may not see are skipped, not lost). */
  next: z.number().int(),
  /** `since` is older than the kept log (or unknown): reload state over REST, then poll from `next`. */
  resync: z.boolean(),
});
export type EventsPage = z.infer<typeof EventsPage>;

/**
 * What a client may send on the realtime socket: an operator's activity in a dialog (see
 * contracts/activity.ts). Anything else is answered with an `error` frame; the socket stays open.
 */
export const ClientFrame = z.object({
  type: z.literal('activity'),
  /** The lead whose dialog is open. */
  leadId: Id,
  /** `viewing` on opening and every 20 s while the page is visible, `typing` while writing, `left` on leaving. */
  activity: z.enum(ACTIVITIES),
  /** With `typing`: writing an internal note, not a reply. */
  note: z.boolean().optional(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;
// The zod-free interface the web app uses is the same shape.
true satisfies ClientFrame extends ActivityReport ? (ActivityReport extends ClientFrame ? true : false) : false;
