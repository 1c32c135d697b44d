import { sql } from 'kysely';
import type { ChannelKind } from '../../contracts/inbox';
import type { InboxTab } from '../../contracts/dialogs';
import type { Executor } from '../storage/db';
import type { Lead } from '../storage/schema';

export interface InboxFilter {
  businessId: number;
  tab: InboxTab;
  /** The viewer: Mine is their dialogs; Waiting shows what they may take. */
  userId: number | null;
  /** Departments the viewer may take waiting dialogs for; null = all (administrators). */
  departmentIds: number[] | null;
  q?: string | undefined;
  botId?: number | undefined;
  channelKind?: ChannelKind | undefined;
}

/** Keyset position: the sort key and the lead id of the last row of the previous page. */
export interface Position {
  key: number;
  id: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: Executor, f: InboxFilter) {
  let q = db
    .selectFrom('leads')
    .leftJoin('dialogs', 'dialogs.id', 'leads.current_dialog_id')
    .where('leads.business_id', '=', f.businessId)
    // The bots screen's test leads (on its console channels) are nobody's work: never in the panel, its counts or search.
    .where(
      'leads.channel_id',
      'not in',
      db.selectFrom('channels').select('channels.id').where('channels.business_id', '=', f.businessId).where('channels.kind', '=', 'console'),
    );
  if (f.tab === 'waiting') {
    q = q.where('leads.state', '=', 'waiting');
    if (f.departmentIds) {
      const deps = f.departmentIds;
      q = q.where((eb) =>
        deps.length ? eb.or([eb('dialogs.department_id', 'is', null), eb('dialogs.department_id', 'in', deps)]) : eb('dialogs.department_id', 'is', null),
      );
    }
  } else if (f.tab === 'open') {
    q = q.where('leads.state', '=', 'operator');
  } else if (f.tab === 'mine') {
    const me = f.userId ?? -1;
    q = q
      .where('leads.state', '=', 'operator')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('dialog_members')
            .select('dialog_members.user_id')
            .whereRef('dialog_members.dialog_id', '=', 'leads.current_dialog_id')
            .where('dialog_members.user_id', '=', me)
            .where('dialog_members.left_at', 'is', null),
        ),
      );
  }
  if (f.botId) q = q.where('leads.bot_id', '=', f.botId);
  if (f.channelKind) {
    const kind = f.channelKind;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('channels').select('channels.id').whereRef('channels.id', '=', 'leads.channel_id').where('channels.kind', '=', kind)),
    );
  }
  if (f.q) {
    const like = `%${escapeLike(f.q.toLowerCase())}%`;
    // lower() folds Unicode on both dialects (SQLite's is replaced at connection time); '\' escapes % and _.
    const matches = (col: string) => sql<boolean>`lower(${sql.ref(col)}) like ${like} escape '\\'`;
    // Phones are stored normalised (+79991234567): a query that looks like part of a number matches its digits.
    const digits = f.q.replace(/\D/g, '');
    const phoneLike = /^[\d\s\-+().]+$/.test(f.q) && digits.length >= 3;
    q = q.where((eb) =>
      eb.or([
        matches('leads.name'),
        matches('leads.phone'),
        ...(phoneLike ? [sql<boolean>`${sql.ref('leads.phone')} like ${`%${digits}%`}`] : []),
        matches('leads.email'),
        eb.exists(eb.selectFrom('messages').select('messages.id').whereRef('messages.lead_id', '=', 'leads.id').where(matches('messages.text'))),
      ]),
    );
  }
  return q;
}

/**
 * One page of a tab. Waiting sorts by who has waited longest; the others by latest activity.
 * Keyset pagination, so pages stay correct while rows come and go.
 */
export async function listInboxLeads(db: Executor, f: InboxFilter, after: Position | null, limit: number): Promise<{ leads: Lead[]; keys: Position[] }> {
  const waiting = f.tab === 'waiting';
  let q = filtered(db, f)
    .selectAll('leads')
    .select(waiting ? 'dialogs.created_at as sort_key' : 'leads.last_activity_at as sort_key');
  if (after) {
    q = waiting
      ? q.where((eb) => eb.or([eb('dialogs.created_at', '>', after.key), eb.and([eb('dialogs.created_at', '=', after.key), eb('leads.id', '>', after.id)])]))
      : q.where((eb) =>
          eb.or([eb('leads.last_activity_at', '<', after.key), eb.and([eb('leads.last_activity_at', '=', after.key), eb('leads.id', '<', after.id)])]),
        );
  }
  q = waiting ? q.orderBy('dialogs.created_at', 'asc').orderBy('leads.id', 'asc') : q.orderBy('leads.last_activity_at', 'desc').orderBy('leads.id', 'desc');
  const rows = await q.limit(limit).execute();
  return {
    leads: rows.map(({ sort_key: _k, ...lead }) => lead as Lead),
    keys: rows.map((r) => ({ key: Number(r.sort_key ?? 0), id: r.id })),
  };
}

export async function countInbox(db: Executor, f: InboxFilter, onlyUnread = false): Promise<number> {
  let q = filtered(db, f);
  if (onlyUnread) q = q.where('leads.unread_count', '>', 0);
  const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}
