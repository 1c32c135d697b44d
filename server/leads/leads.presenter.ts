import type { Dialog as DialogDto, InboxRow, Message as MessageDto } from '../../contracts/inbox';
import { presentAttachment } from '../attachments/index';
import type { AttachmentRow, Dialog, Lead, Message } from '../storage/schema';
import { messagePayload } from './messages.repo';

/** Shapes a dialog row and its current members for the API. */
export function presentDialog(d: Dialog, operatorIds: number[]): DialogDto {
  return {
    id: d.id,
    leadId: d.lead_id,
    state: d.state,
    departmentId: d.department_id,
    assigneeId: d.assignee_id,
    operatorIds,
    createdAt: d.created_at,
    assignedAt: d.assigned_at,
    firstResponseAt: d.first_response_at,
    endedAt: d.ended_at,
    endReason: d.end_reason,
    waitingSince: d.waiting_since,
    firstResponseDueAt: d.first_response_at === null && d.state !== 'closed' ? d.first_response_due_at : null,
    nextResponseDueAt: d.state === 'closed' ? null : d.next_response_due_at,
    breached: breachedNow(d),
    rating: d.rating !== null && d.rated_at !== null ? { score: d.rating, comment: d.rating_comment, at: d.rated_at } : null,
  };
}

function breachedNow(d: Dialog): DialogDto['breached'] {
  if (d.state === 'closed') return [];
  const out: DialogDto['breached'] = [];
  if (d.first_response_breached && d.first_response_at === null) out.push('first_response');
  if (d.next_response_breached && d.next_response_due_at !== null) out.push('next_response');
  return out;
}

export interface RowParts {
  lead: Lead;
  botName: string;
  channelKind: InboxRow['channelKind'];
  dialog: Dialog | null;
  operatorIds: number[];
}

/** One row of the dialog panel. */
export function presentRow(p: RowParts): InboxRow {
  const l = p.lead;
  return {
    leadId: l.id,
    name: l.name,
    botId: l.bot_id,
    botName: p.botName,
    channelId: l.channel_id,
    channelKind: p.channelKind,
    state: l.state,
    dialog: p.dialog ? presentDialog(p.dialog, p.operatorIds) : null,
    unreadCount: l.unread_count,
    lastMessageAt: l.last_message_at,
    lastMessagePreview: l.last_message_preview,
    lastMessageAuthor: l.last_message_author,
    lastActivityAt: l.last_activity_at,
    phone: l.phone,
  };
}

/**
 * A message for the API, with its attachments (the caller loads them: one query per page, see list-messages.ts).
 * `payload` is the stored one, parsed; a caller that already holds it passes it, so it is not parsed twice.
 */
export function presentMessage(
  m: Message,
  authorName: string | null,
  attachments: AttachmentRow[] = [],
  payload: Record<string, unknown> | null = messagePayload(m),
): MessageDto {
  return {
    id: m.id,
    leadId: m.lead_id,
    dialogId: m.dialog_id,
    author: m.author,
    authorUserId: m.author_user_id,
    authorName,
    text: m.text,
    payload,
    clientMessageId: m.client_message_id,
    delivery: m.delivery,
    internal: m.internal === 1,
    attachments: attachments.map(presentAttachment),
    createdAt: m.created_at,
  };
}

/** The one-line preview the panel shows for a message. */
export function previewOf(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 140 ? `${oneLine.slice(0, 139)}…` : oneLine;
}

/** The preview of a message that may carry files: its text, or "📎 name" when it is only files. */
export function previewWithFiles(text: string, fileNames: string[]): string {
  if (text.trim() || fileNames.length === 0) return previewOf(text);
  return previewOf(`📎 ${fileNames.join(', ')}`);
}
