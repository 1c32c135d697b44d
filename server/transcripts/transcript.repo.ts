// The transcript's read model: one dialog with the names around it (business, bot, channel,
// department, operators) and the part of the lead's history that belongs to it. Declared in
// scripts/check-modules.ts as a reader of the tables it joins.
import type { Executor } from '../storage/db';
import type { Dialog, Message } from '../storage/schema';
import { MAX_TRANSCRIPT_MESSAGES } from './transcript';

export interface TranscriptContext {
  business: string;
  bot: string;
  channelKind: string;
  channelName: string;
  department: string | null;
  /** Everyone who was in the dialog (assignee or invited), in the order they joined. */
  operatorIds: number[];
}

/** The names a transcript's header shows for the dialog of this lead. */
export async function transcriptContext(db: Executor, dialog: Dialog, lead: { bot_id: number; channel_id: number }): Promise<TranscriptContext> {
  const bid = dialog.business_id;
  const [business, bot, channel, department, members] = await Promise.all([
    db.selectFrom('businesses').select('name').where('id', '=', bid).executeTakeFirstOrThrow(),
    db.selectFrom('bots').select('name').where('id', '=', lead.bot_id).where('business_id', '=', bid).executeTakeFirst(),
    db.selectFrom('channels').select(['kind', 'name']).where('id', '=', lead.channel_id).where('business_id', '=', bid).executeTakeFirst(),
    dialog.department_id === null
      ? undefined
      : db.selectFrom('departments').select('name').where('id', '=', dialog.department_id).where('business_id', '=', bid).executeTakeFirst(),
    db.selectFrom('dialog_members').select('user_id').where('dialog_id', '=', dialog.id).orderBy('joined_at').orderBy('user_id').execute(),
  ]);
  return {
    business: business.name,
    bot: bot?.name ?? '',
    channelKind: channel?.kind ?? '',
    channelName: channel?.name ?? '',
    department: department?.name ?? null,
    operatorIds: [...new Set(members.map((m) => m.user_id))],
  };
}

/**
 * The dialog's messages, oldest first: everything written in it, and before it the lead's talk with
 * the bot that led to it (since the lead's previous dialog). Notes only when asked for.
 */
export async function transcriptMessages(db: Executor, dialog: Dialog, o: { notes: boolean }): Promise<{ messages: Message[]; truncated: boolean }> {
  const span = await db
    .selectFrom('messages')
    .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')])
    .where('lead_id', '=', dialog.lead_id)
    .where('dialog_id', '=', dialog.id)
    .executeTakeFirst();
  const first = span?.first === null || span?.first === undefined ? null : Number(span.first);
  const last = span?.last === null || span?.last === undefined ? null : Number(span.last);
  if (first === null || last === null) return { messages: [], truncated: false };
  const before = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('lead_id', '=', dialog.lead_id)
    .where('dialog_id', 'is not', null)
    .where('dialog_id', '!=', dialog.id)
    .where('id', '<', first)
    .executeTakeFirst();
  const after = before?.id === null || before?.id === undefined ? 0 : Number(before.id);
  let q = db
    .selectFrom('messages')
    .selectAll()
    .where('lead_id', '=', dialog.lead_id)
    .where('id', '>', after)
    .where('id', '<=', last)
    .where((eb) => eb.or([eb('dialog_id', '=', dialog.id), eb('dialog_id', 'is', null)]));
  if (!o.notes) q = q.where('internal', '=', 0);
  const rows = await q
    .orderBy('id')
    .limit(MAX_TRANSCRIPT_MESSAGES + 1)
    .execute();
  return { messages: rows.slice(0, MAX_TRANSCRIPT_MESSAGES), truncated: rows.length > MAX_TRANSCRIPT_MESSAGES };
}
