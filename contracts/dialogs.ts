import { z } from 'zod';
import { DepartmentCode } from './accounts';
import { Id } from './common';
import { ChannelKind, Dialog, InboxRow, Message } from './inbox';
import { LIMITS } from './limits';
import { NextCursor, pageQuery } from './pagination';
import { OperatorStatus } from './roles';
import { ScriptCode } from './scripts';

/** Tabs of the dialog panel. */
export const InboxTab = z.enum(['waiting', 'mine', 'open', 'all']);
export type InboxTab = z.infer<typeof InboxTab>;

export const InboxQuery = z.strictObject({
  tab: InboxTab.default('all'),
  /** Search over lead name, phone, e-mail and message text (case-insensitive). */
  q: z.string().trim().max(LIMITS.searchQuery).optional(),
  botId: z.coerce.number().int().positive().optional(),
  channelKind: ChannelKind.optional(),
  ...pageQuery({ default: 50, max: LIMITS.pageSize }),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxPage = z.object({
  rows: z.array(InboxRow),
  nextCursor: NextCursor,
  /** The business's event seq before this page was read: open the socket with `since` = seq and nothing falls in between. */
  seq: z.number().int(),
});

export const InboxCounts = z.object({
  waiting: z.number().int(),
  mine: z.number().int(),
  open: z.number().int(),
  all: z.number().int(),
  /** Dialogs I am in with unread lead messages. */
  mineUnread: z.number().int(),
});
export type InboxCounts = z.infer<typeof InboxCounts>;

export const DialogResult = z.object({ row: InboxRow, dialog: Dialog });

export const AssignBody = z.strictObject({
  /** The operator to give the dialog to. */
  operatorId: Id,
});

export const TransferBody = z.union([
  z.strictObject({ /** Hand the dialog to this operator. */ operatorId: Id }),
  z.strictObject({ /** Put the dialog back in Waiting for this department. */ departmentCode: DepartmentCode }),
]);

export const ReturnToBotBody = z.strictObject({
  /** Script the bot restarts at; omitted: the bot's return script or its start. */
  script: ScriptCode.optional(),
});

export const TransferToOperatorsBody = z.strictObject({
  /** Department whose operators should take the dialog. */
  departmentCode: DepartmentCode.optional(),
});

export const SendMessageBody = z
  .strictObject({
    /** May be left out (or empty) when the message carries attachments. */
    text: z.string().trim().max(LIMITS.messageText).default(''),
    /** Files uploaded for this lead (POST /api/v1/leads/{id}/attachments) and not sent yet. */
    attachmentIds: z.array(Id).max(LIMITS.attachmentsPerMessage).default([]),
    /** Idempotency key from the sender: a repeat returns the first message. */
    clientMessageId: z.string().min(1).max(LIMITS.clientMessageId).optional(),
  })
  .refine((b) => b.text.length > 0 || b.attachmentIds.length > 0, { path: ['text'], message: 'write a text or attach at least one file' });

/** The newest page first; each next page is older (scrolling back). */
export const MessagesQuery = z.strictObject({
  ...pageQuery({ default: 50, max: LIMITS.pageSize }),
});

export const MessagesPage = z.object({
  /** Oldest first within the page. */
  messages: z.array(Message),
  nextCursor: NextCursor,
});

export const SentMessage = z.object({ message: Message, row: InboxRow });

/** One message, as it is now. */
export const MessageResult = z.object({ message: Message });

/** What the operator workspace needs besides dialogs: bots and their scripts, colleagues, departments. */
export const WorkspaceDirectory = z.object({
  /** Every bot of the business with its scripts (the panel's bot filter; "return to the bot at a script"). */
  bots: z.array(
    z.object({
      id: Id,
      name: z.string(),
      /** The script "return to the bot" restarts at when none is chosen; null: the start script. */
      returnScript: z.string().nullable(),
      scripts: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  ),
  /** Enabled users with the operator role (transfer and invite), with their Online/Offline status. */
  operators: z.array(z.object({ id: Id, name: z.string(), status: OperatorStatus })),
  departments: z.array(z.object({ id: Id, code: z.string(), name: z.string() })),
  /** Business settings the workspace acts on. */
  settings: z.object({ reminderIntervalSec: z.number().int() }),
});
export type WorkspaceDirectory = z.infer<typeof WorkspaceDirectory>;
