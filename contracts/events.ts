import { z } from 'zod';
import { ACTIVITIES, type ActivityNotice } from './activity';
import { Id } from './common';
import { ErrorBody } from './errors';
import { Dialog, InboxRow, Message, ServiceTarget } from './inbox';
import { OperatorStatus } from './roles';

/** What happened to a dialog, for `dialog.changed` (an assignment is `dialog.assigned`). */
export const DialogChange = z.enum(['invited', 'transferred_to_department', 'left', 'closed', 'returned_to_bot', 'released']);
export type DialogChange = z.infer<typeof DialogChange>;

/**
 * Every realtime event, one typed map. Each event an operator's browser receives is
 * `{ seq, type, data, at }`; `seq` is per business, gap-free, in commit order.
 */
export const EventMap = {
  /** A new lead appeared (first message through a channel). */
  'lead.created': z.object({ row: InboxRow }),
  /** Lead card data changed: name, status, attributes, tags. */
  'lead.updated': z.object({ row: InboxRow }),
  /** A dialog was opened: the bot transferred the lead, or an operator stepped in. */
  'dialog.created': z.object({ row: InboxRow, dialog: Dialog }),
  /** A dialog got an operator (taken, assigned, transferred to an operator). */
  'dialog.assigned': z.object({ row: InboxRow, dialog: Dialog, operatorId: Id, byUserId: Id.nullable() }),
  /** Any other change of a dialog: invited, transferred to a department, closed, returned to the bot. */
  'dialog.changed': z.object({
    row: InboxRow,
    dialog: Dialog,
    change: DialogChange,
    byUserId: Id.nullable(),
  }),
  /** A dialog missed a service target (its department's first- or next-response time): shown in the workspace, counted in reports. */
  'dialog.sla_breached': z.object({ row: InboxRow, dialog: Dialog, target: ServiceTarget }),
  /**
   * The lead rated a closed dialog (the satisfaction survey): sent when the rating arrives, and again
   * with the comment when the lead adds one (the same rating: the first one stands).
   */
  'dialog.rated': z.object({ row: InboxRow, dialog: Dialog, rating: z.number().int().min(1).max(5), comment: z.string().nullable() }),
  'message.created': z.object({ message: Message, row: InboxRow }),
  /** Delivery state of an outgoing message changed. */
  'message.updated': z.object({ message: Message }),
  'unread.changed': z.object({ leadId: Id, unreadCount: z.number().int() }),
  'operator.status': z.object({ userId: Id, status: OperatorStatus }),
  /**
   * An operator's room may have changed: their limit was set (higher or lower), they joined a
   * department, they became an operator. Automatic distribution drains on it.
   */
  'operator.capacity': z.object({
    userId: Id,
    /** The limit, when this change set it (every change of the limit says it, so the log tells the limit at any point). */
    maxDialogs: z.number().int().optional(),
  }),
  /** The business's or a department's automatic-distribution settings changed. */
  'distribution.changed': z.object({}),
  /** The bot asked distribution for a waiting dialog (`lead.assignDialogToNextOperator()` where the business's routing script decides). */
  'distribution.requested': z.object({ dialogId: Id }),
  /** A user's session(s) ended: logout, disabled, new password. Their open sockets are closed (4001). */
  'user.signed_out': z.object({ userId: Id }),
  /** The business's quick replies were created, changed or deleted: refetch GET /api/v1/quick-replies. */
  'quick_replies.changed': z.object({}),
} as const;

export type EventType = keyof typeof EventMap;
export type EventData<T extends EventType> = z.infer<(typeof EventMap)[T]>;
export const EVENT_TYPES = Object.keys(EventMap) as EventType[];

/** An event as stored in the log and sent on the socket. */
export interface EventEnvelope<T extends EventType = EventType> {
  seq: number;
  type: T;
  data: EventData<T>;
  at: number;
}

/** Any one event, narrowed by `type`: `switch (e.type)` gives each branch its own `data`. */
export type RealtimeEvent = { [K in EventType]: EventEnvelope<K> }[EventType];

/** The same union as a schema (one object per type, discriminated by `type`), for clients that check frames. */
export const RealtimeEventSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((type) => z.object({ seq: z.number().int(), type: z.literal(type), data: EventMap[type], at: z.number().int() })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<EventType> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<EventType> }>[],
  ],
);

/** Another operator's activity in a dialog the client may see; no seq, never replayed (contracts/activity.ts). */
export const ActivityFrame = z.object({
  type: z.literal('activity'),
  leadId: Id,
  userId: Id,
  /** The operator's name, as shown: "Irina is viewing". */
  name: z.string(),
  activity: z.enum(ACTIVITIES),
  /** With `typing`: an internal note, not a reply. */
  note: z.boolean().optional(),
  /** The sending socket (one per tab): `left` removes only what that tab said. */
  connection: z.string(),
  /** How long it holds from arrival unless repeated; 0 for `left`. */
  ttlMs: z.number().int().min(0),
});
// The zod-free interface the web app uses is the same shape.
true satisfies z.infer<typeof ActivityFrame> extends ActivityNotice ? (ActivityNotice extends z.infer<typeof ActivityFrame> ? true : false) : false;

/** Frames the server sends on the realtime socket besides events. */
export const ServerFrame = z.discriminatedUnion('type', [
  /** First frame: the seq the client is now at. */
  z.object({ type: z.literal('hello'), seq: z.number().int(), userId: Id.nullable() }),
  /** The client's `since` is older than the kept log: reload state over REST, then resume. */
  z.object({ type: z.literal('resync'), seq: z.number().int() }),
  ActivityFrame,
  /** A frame the client sent was refused (malformed, or about a lead it may not see); the socket stays open. */
  z.object({ type: z.literal('error'), error: ErrorBody.shape.error }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

export { CLOSE_CODES } from './close-codes';
