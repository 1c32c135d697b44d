import { SystemLine } from '../../contracts/message-payloads';
import type { Message } from '../../contracts/inbox';
import { readBusinessSettings, userNames } from '../accounts/index';
import { canViewDialogs, findDialog } from '../dialogs/index';
import { forbidden, notFound } from '../errors';
import { findLead, presentStored } from '../leads/index';
import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { isTimeZone, type Transcript, type TranscriptLine } from './transcript';
import { transcriptContext, transcriptMessages } from './transcript.repo';

/**
 * A dialog of the actor's business as a transcript: whoever may open the dialog may have it (the
 * dialogs' own policy); another business's dialog is not found. Notes only when asked for.
 */
export async function loadTranscript(db: Executor, { actor, dialogId, notes }: { actor: Actor; dialogId: number; notes: boolean }): Promise<Transcript> {
  if (!canViewDialogs(actor)) throw forbidden('Transcripts are for operators, administrators and viewers');
  const dialog = await findDialog(db, actor.businessId, dialogId);
  if (!dialog) throw notFound('Dialog');
  const lead = await findLead(db, actor.businessId, dialog.lead_id);
  if (!lead) throw notFound('Dialog');
  const [names, { messages, truncated }, settings] = await Promise.all([
    transcriptContext(db, dialog, lead),
    transcriptMessages(db, dialog, { notes }),
    readBusinessSettings(db, actor.businessId),
  ]);
  const [shown, operators] = await Promise.all([presentStored(db, messages), userNames(db, names.operatorIds)]);
  // The business's time zone when it has one other than UTC (an unknown name reads as UTC).
  const tz = (settings as Record<string, unknown>).timeZone;
  return {
    dialogId: dialog.id,
    business: names.business,
    lead: lead.name,
    channelKind: names.channelKind,
    channelName: names.channelName,
    bot: names.bot,
    department: names.department,
    operators: names.operatorIds.flatMap((id) => operators.get(id) ?? []),
    openedAt: dialog.created_at,
    endedAt: dialog.ended_at,
    endReason: dialog.end_reason,
    timeZone: typeof tz === 'string' && tz !== 'UTC' && isTimeZone(tz) ? tz : null,
    notes,
    truncated,
    lines: shown.map((m) => lineOf(m, { lead: lead.name, bot: names.bot })),
  };
}

function lineOf(m: Message, names: { lead: string; bot: string }): TranscriptLine {
  const p = m.payload ?? {};
  const system = m.author === 'system' ? SystemLine.safeParse(p) : null;
  const botFiles = m.author === 'bot' ? [fileOf(p.file), fileOf(p.image)].flatMap((f) => (f ? [f] : [])) : [];
  const buttons =
    m.author === 'bot' && Array.isArray(p.buttons)
      ? p.buttons.flatMap((b: unknown) => (typeof (b as { label?: unknown })?.label === 'string' ? [(b as { label: string }).label] : []))
      : [];
  return {
    at: m.createdAt,
    author: m.author,
    name: m.author === 'lead' ? names.lead : m.author === 'bot' ? names.bot || null : m.author === 'operator' ? m.authorName : null,
    text: m.text,
    note: m.internal,
    files: [...m.attachments.map((a) => a.name), ...botFiles],
    buttons,
    system: system?.success ? system.data : null,
  };
}

/** A bot's file or image sent by URL: its name, or the last part of its URL. */
function fileOf(v: unknown): string | null {
  if (!v || typeof v !== 'object') return null;
  const f = v as { name?: unknown; url?: unknown };
  if (typeof f.name === 'string' && f.name) return f.name;
  if (typeof f.url !== 'string') return null;
  const last = f.url.split(/[?#]/)[0]!.split('/').pop();
  return last || f.url;
}
