import { z } from 'zod';
import { Attachment } from './attachments';
import { Id, Millis } from './common';
import { LIMITS } from './limits';

/** `console`: the bots screen's test console (one hidden channel per bot; nothing is sent anywhere). */
export const ChannelKind = z.enum(['api', 'telegram', 'widget', 'console']);
export type ChannelKind = z.infer<typeof ChannelKind>;

/** Where a lead's conversation stands: with the bot, waiting for an operator, with operator(s), closed. */
export const LeadState = z.enum(['bot', 'waiting', 'operator', 'closed']);
export type LeadState = z.infer<typeof LeadState>;

/** One hand-off to the contact center: transfer → (assigned) → closed or returned to the bot. */
export const DialogState = z.enum(['waiting', 'active', 'closed']);
export type DialogState = z.infer<typeof DialogState>;

export const MessageAuthor = z.enum(['lead', 'bot', 'operator', 'system']);
export type MessageAuthor = z.infer<typeof MessageAuthor>;

/** Outgoing messages: none (not sent to a messenger), pending, sent, failed. */
export const MessageDelivery = z.enum(['none', 'pending', 'sent', 'failed']);
export type MessageDelivery = z.infer<typeof MessageDelivery>;

/** How a dialog ended: closed, or the lead was returned to the bot. */
export const DialogEndReason = z.enum(['closed', 'returned_to_bot']);
export type DialogEndReason = z.infer<typeof DialogEndReason>;

/** A service target: the operators' first answer, or the answer to each later message of the lead. */
export const ServiceTarget = z.enum(['first_response', 'next_response']);
export type ServiceTarget = z.infer<typeof ServiceTarget>;

export const Dialog = z
  .object({
    id: Id,
    leadId: Id,
    state: DialogState,
    /** Department the dialog waits for, if any. */
    departmentId: Id.nullable(),
    /** The operator responsible; null while waiting. */
    assigneeId: Id.nullable(),
    /** Operators currently in the dialog (assignee and invited). */
    operatorIds: z.array(Id),
    createdAt: Millis,
    assignedAt: Millis.nullable(),
    firstResponseAt: Millis.nullable(),
    endedAt: Millis.nullable(),
    endReason: DialogEndReason.nullable(),
    /** When it last started waiting for an operator; null when it never waited. */
    waitingSince: Millis.nullable(),
    /** When the operators' first answer is due (its department's target); null: no target, or answered. */
    firstResponseDueAt: Millis.nullable(),
    /** When the answer to the lead's oldest unanswered message is due; null: nothing pending, or no target. */
    nextResponseDueAt: Millis.nullable(),
    /** Targets missed now (turned to breached and not yet answered). */
    breached: z.array(ServiceTarget),
    /** The lead's satisfaction rating (1–5) after it was closed, with the comment they added; null: not rated. */
    rating: z
      .object({
        score: z.number().int().min(1).max(5),
        comment: z.string().nullable(),
        at: Millis,
      })
      .nullable(),
  })
  .meta({ id: 'Dialog' });
export type Dialog = z.infer<typeof Dialog>;

/** A row of the dialog panel: one lead's conversation and where it stands. */
export const InboxRow = z
  .object({
    leadId: Id,
    name: z.string(),
    botId: Id,
    botName: z.string(),
    channelId: Id,
    channelKind: ChannelKind,
    state: LeadState,
    dialog: Dialog.nullable(),
    unreadCount: z.number().int(),
    lastMessageAt: Millis.nullable(),
    lastMessagePreview: z.string().nullable(),
    lastMessageAuthor: MessageAuthor.nullable(),
    lastActivityAt: Millis,
    phone: z.string().nullable(),
  })
  .meta({ id: 'InboxRow' });
export type InboxRow = z.infer<typeof InboxRow>;

export const Message = z
  .object({
    id: Id,
    leadId: Id,
    dialogId: Id.nullable(),
    author: MessageAuthor,
    /** The operator who wrote it (author = operator). */
    authorUserId: Id.nullable(),
    authorName: z.string().nullable(),
    text: z.string().max(LIMITS.messageText),
    /** Buttons the bot showed, attachments, or details of a system line. */
    payload: z.record(z.string(), z.unknown()).nullable(),
    clientMessageId: z.string().nullable(),
    /** Outgoing messages: none (not sent to a messenger), pending, sent, failed. */
    delivery: MessageDelivery,
    /** An internal note: operators only, never sent to the lead. */
    internal: z.boolean(),
    /** Files sent with the message (empty for most); the text may be empty when there are some. */
    attachments: z.array(Attachment),
    createdAt: Millis,
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;
