import type { InboxRow } from '../../contracts/inbox';
import type { Executor } from '../storage/db';
import { prepared } from '../storage/prepared';
import type { Dialog, Lead } from '../storage/schema';
import { presentRow } from './leads.presenter';

// The panel's read model: a lead with its bot, channel and current dialog with the operators in it.
// It reads the tables of those modules (read only) so that every row is built by one query plan;
// each table is written only by its own module's repository.

/** Builds panel rows for leads, with bot names, channel kinds and current dialogs, in 3 queries. */
export async function rowsFor(db: Executor, leads: Lead[]): Promise<InboxRow[]> {
  if (leads.length === 0) return [];
  const channelIds = [...new Set(leads.map((l) => l.channel_id))];
  const dialogIds = leads.map((l) => l.current_dialog_id).filter((x): x is number => x !== null);
  // A lead's bot is its channel's bot: one query gives both the channel kind and the bot name.
  const [channels, dialogs, members] = await Promise.all([
    db
      .selectFrom('channels')
      .innerJoin('bots', 'bots.id', 'channels.bot_id')
      .select(['channels.id', 'channels.kind', 'bots.id as botId', 'bots.name as botName'])
      .where('channels.id', 'in', channelIds)
      .execute(),
    dialogIds.length ? db.selectFrom('dialogs').selectAll().where('id', 'in', dialogIds).execute() : Promise.resolve([] as Dialog[]),
    activeMembersOf(db, dialogIds),
  ]);
  const botName = new Map(channels.map((c) => [c.botId, c.botName]));
  const kind = new Map(channels.map((c) => [c.id, c.kind]));
  const dialog = new Map(dialogs.map((d) => [d.id, d]));
  return leads.map((lead) =>
    presentRow({
      lead,
      botName: botName.get(lead.bot_id) ?? '',
      channelKind: kind.get(lead.channel_id) ?? 'api',
      dialog: lead.current_dialog_id ? (dialog.get(lead.current_dialog_id) ?? null) : null,
      operatorIds: lead.current_dialog_id ? (members.get(lead.current_dialog_id) ?? []) : [],
    }),
  );
}

/** One lead's row: every change to a lead sends it, so its queries are prepared (see storage/prepared.ts). */
export async function rowFor(db: Executor, lead: Lead): Promise<InboxRow> {
  const dialogId = lead.current_dialog_id;
  const names = { botId: lead.bot_id, channelId: lead.channel_id };
  if (dialogId === null) {
    const { rows } = await botAndChannel(db, names);
    return presentRow({ lead, botName: rows[0]?.botName ?? '', channelKind: rows[0]?.channelKind ?? 'api', dialog: null, operatorIds: [] });
  }
  // In a dialog: its row carries the bot's name and the channel's kind, one statement fewer per message.
  const [{ rows }, operatorIds] = await Promise.all([dialogWithNames(db, { id: dialogId, ...names }), activeMemberIds(db, dialogId)]);
  const [found] = rows;
  if (!found) return rowFor(db, { ...lead, current_dialog_id: null });
  const { botName, channelKind, ...dialog } = found;
  return presentRow({ lead, botName: botName ?? '', channelKind: channelKind ?? 'api', dialog, operatorIds });
}

const botAndChannel = prepared(['botId', 'channelId'], (db, p) =>
  db.selectNoFrom((eb) => [
    eb.selectFrom('bots').select('name').where('id', '=', p.botId).as('botName'),
    eb.selectFrom('channels').select('kind').where('id', '=', p.channelId).as('channelKind'),
  ]),
);
const dialogWithNames = prepared(['id', 'botId', 'channelId'], (db, p) =>
  db
    .selectFrom('dialogs')
    .selectAll('dialogs')
    .select((eb) => [
      eb.selectFrom('bots').select('name').where('id', '=', p.botId).as('botName'),
      eb.selectFrom('channels').select('kind').where('id', '=', p.channelId).as('channelKind'),
    ])
    .where('dialogs.id', '=', p.id),
);

/** Operators currently in the dialog, assignee first. Every panel row reads it (prepared: see storage/prepared.ts). */
export async function activeMemberIds(db: Executor, dialogId: number): Promise<number[]> {
  const { rows } = await membersOfDialog(db, { dialogId });
  return rows.sort((a, b) => (a.kind === 'assignee' ? -1 : 0) - (b.kind === 'assignee' ? -1 : 0)).map((r) => r.user_id);
}

const membersOfDialog = prepared(['dialogId'], (db, p) =>
  db.selectFrom('dialog_members').select(['user_id', 'kind']).where('dialog_id', '=', p.dialogId).where('left_at', 'is', null).orderBy('joined_at'),
);

/** Members of many dialogs at once (for list pages). */
export async function activeMembersOf(db: Executor, dialogIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (dialogIds.length === 0) return out;
  const rows = await db
    .selectFrom('dialog_members')
    .select(['dialog_id', 'user_id', 'kind'])
    .where('dialog_id', 'in', dialogIds)
    .where('left_at', 'is', null)
    .orderBy('joined_at')
    .execute();
  for (const r of rows) {
    const list = out.get(r.dialog_id) ?? [];
    if (r.kind === 'assignee') list.unshift(r.user_id);
    else list.push(r.user_id);
    out.set(r.dialog_id, list);
  }
  return out;
}

/** The display name of the lead's channel, for the lead card. */
export async function channelName(db: Executor, channelId: number): Promise<string> {
  return (await db.selectFrom('channels').select('name').where('id', '=', channelId).executeTakeFirstOrThrow()).name;
}
