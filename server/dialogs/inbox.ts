import type { Actor } from '../shared/actor';
import type { InboxCounts, InboxQuery } from '../../contracts/dialogs';
import type { InboxRow } from '../../contracts/inbox';
import { forbidden } from '../errors';
import { cursorCodec } from '../shared/cursor';
import { canViewDialogs, seesEveryWaitingDialog } from './dialogs.policy';
import { rowsFor } from '../leads/index';
import { departmentIdsByUser } from '../accounts/index';
import type { Executor } from '../storage/db';
import { currentSeq } from '../realtime/index';
import { countInbox, listInboxLeads, type InboxFilter } from './inbox.repo';

// Waiting sorts by another key than the other tabs: its cursors are a list of their own.
const waitingCursor = cursorCodec('inbox-waiting', ['key', 'id']);
const activityCursor = cursorCodec('inbox', ['key', 'id']);

async function filterFor(db: Executor, actor: Actor, q: Omit<InboxFilter, 'businessId' | 'userId' | 'departmentIds'>): Promise<InboxFilter> {
  if (!canViewDialogs(actor)) throw forbidden('The contact center is for operators, administrators and viewers');
  const userId = actor.kind === 'user' ? actor.userId : null;
  let departmentIds: number[] | null = null;
  // Operators see in Waiting what they may take: dialogs for no department or for one of theirs.
  if (actor.kind === 'user' && !seesEveryWaitingDialog(actor) && q.tab === 'waiting') {
    departmentIds = (await departmentIdsByUser(db, actor.businessId, [actor.userId])).get(actor.userId) ?? [];
  }
  return { ...q, businessId: actor.businessId, userId, departmentIds };
}

/** A page of one tab of the dialog panel, with search and filters. */
export async function listInbox(
  db: Executor,
  { actor, query }: { actor: Actor; query: InboxQuery },
): Promise<{ rows: InboxRow[]; nextCursor: string | null; seq: number }> {
  const f = await filterFor(db, actor, { tab: query.tab, q: query.q || undefined, botId: query.botId, channelKind: query.channelKind });
  const cursor = query.tab === 'waiting' ? waitingCursor : activityCursor;
  const after = cursor.read(query.cursor) ?? null;
  // Read before the rows: any change committed after this seq reaches a socket opened with since = seq.
  const seq = await currentSeq(db, actor.businessId);
  const { leads, keys } = await listInboxLeads(db, f, after, query.limit + 1);
  const page = leads.slice(0, query.limit);
  return { rows: await rowsFor(db, page), nextCursor: cursor.next(keys[page.length - 1], leads.length > query.limit), seq };
}

/** Live counts for the tabs (the web app refreshes them on dialog events). */
export async function inboxCounts(
  db: Executor,
  { actor, filters }: { actor: Actor; filters: Pick<InboxQuery, 'botId' | 'channelKind'> },
): Promise<InboxCounts> {
  const base = { q: undefined, botId: filters.botId, channelKind: filters.channelKind };
  const [waiting, mine, open, all, mineUnread] = await Promise.all([
    filterFor(db, actor, { ...base, tab: 'waiting' }).then((f) => countInbox(db, f)),
    filterFor(db, actor, { ...base, tab: 'mine' }).then((f) => countInbox(db, f)),
    filterFor(db, actor, { ...base, tab: 'open' }).then((f) => countInbox(db, f)),
    filterFor(db, actor, { ...base, tab: 'all' }).then((f) => countInbox(db, f)),
    filterFor(db, actor, { ...base, tab: 'mine' }).then((f) => countInbox(db, f, true)),
  ]);
  return { waiting, mine, open, all, mineUnread };
}
