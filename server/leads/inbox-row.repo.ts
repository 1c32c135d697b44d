import type { InboxRow } from '../../contracts/inbox';
import { activeMemberIds, activeMembersOf } from '../dialogs/dialogs.repo';
import type { Executor } from '../storage/db';
import { prepared } from '../storage/prepared';
import type { Dialog, Lead } from '../storage/schema';
import { presentRow } from './leads.presenter';

/** Builds panel rows for leads, with bot names, channel kinds and current dialogs, in 3 queries. */
export async function rowsFor(db: Executor, leads: Lead[]): Promise<InboxRow[]> {
  if (leads.length === 0) return [];
  const channelIds = [...new Set(leads.map((l) => l.channel_id))];
  const dialogIds = leads.map((l) => l.current_dialog_id).filter((x): x is number => x !== null);
  // A lead's bot is its channel's bot: one query gives both the channel kind and the bot name.
  const [channels, dialogs, members] = await Promise.all([
    db.selectFrom('channels').innerJoin('bots', 'bots.id', 'channels.bot_id').select(['channels.id', 'channels.kind', 'bots.id as botId', 'bots.name as botName'])
      .where('channels.id', 'in', channelIds).execute(),
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
  const [names, dialog, operatorIds] = await Promise.all([
    botAndChannel(db, { botId: lead.bot_id, channelId: lead.channel_id }),
    dialogId === null ? undefined : dialogById(db, { id: dialogId }),
    dialogId === null ? [] : activeMemberIds(db, dialogId),
  ]);
  return presentRow({
    lead,
    botName: names.rows[0]?.botName ?? '',
    channelKind: names.rows[0]?.channelKind ?? 'api',
    dialog: dialog?.rows[0] ?? null,
    operatorIds,
  });
}

const botAndChannel = prepared(['botId', 'channelId'], (db, p) =>
  db.selectNoFrom((eb) => [
    eb.selectFrom('bots').select('name').where('id', '=', p.botId).as('botName'),
    eb.selectFrom('channels').select('kind').where('id', '=', p.channelId).as('channelKind'),
  ]),
);
const dialogById = prepared(['id'], (db, p) => db.selectFrom('dialogs').selectAll().where('id', '=', p.id));
