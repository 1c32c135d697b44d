// Each transferred dialog's summary, kept in step with its reporting facts in the same transaction, so
// a report reads one row per dialog (report_dialogs is derived: rebuildDialogSummaries recomputes it).
import { sql } from 'kysely';
import type { Db, Executor } from '../storage/db';
import { prepared } from '../storage/prepared';
import type { ReportFact } from './report-facts';

const open = prepared(['business_id', 'dialog_id', 'opened_at', 'department_id', 'bot_id', 'channel_id', 'target_sec'], (db, p) =>
  db.insertInto('report_dialogs').values(p),
);
// One statement per fact kind: "the first one wins" for times, "the latest" for the lead's message, the highest rating.
const first = (column: 'assigned_at' | 'closed_at' | 'returned_at') =>
  prepared(['businessId', 'dialogId', 'at'], (db, p) =>
    db
      .updateTable('report_dialogs')
      .set({ [column]: sql`coalesce(${sql.ref(column)}, ${p.at})` })
      .where('business_id', '=', p.businessId)
      .where('dialog_id', '=', p.dialogId),
  );
const assigned = first('assigned_at');
const closed = first('closed_at');
const returned = first('returned_at');
const responded = prepared(['businessId', 'dialogId', 'at', 'operatorId'], (db, p) =>
  db
    .updateTable('report_dialogs')
    .set({ responded_at: p.at, responder_id: p.operatorId })
    .where('business_id', '=', p.businessId)
    .where('dialog_id', '=', p.dialogId)
    .where('responded_at', 'is', null),
);
const leadWrote = prepared(['businessId', 'dialogId', 'at'], (db, p) =>
  db
    .updateTable('report_dialogs')
    .set({ last_lead_at: p.at })
    .where('business_id', '=', p.businessId)
    .where('dialog_id', '=', p.dialogId)
    .where((eb) => eb.or([eb('last_lead_at', 'is', null), eb('last_lead_at', '<', p.at)])),
);
const rated = prepared(['businessId', 'dialogId', 'value'], (db, p) =>
  db
    .updateTable('report_dialogs')
    .set({ rating: p.value })
    .where('business_id', '=', p.businessId)
    .where('dialog_id', '=', p.dialogId)
    .where((eb) => eb.or([eb('rating', 'is', null), eb('rating', '<', p.value)])),
);
/** Applies one fact to its dialog's summary (facts of dialogs an operator opened change nothing: they have none). */
export async function keepDialogSummary(tx: Executor, businessId: number, f: ReportFact): Promise<void> {
  if (f.dialogId === null) return;
  const key = { businessId, dialogId: f.dialogId };
  switch (f.kind) {
    case 'opened':
      await open(tx, {
        business_id: businessId,
        dialog_id: f.dialogId,
        opened_at: f.at,
        department_id: f.departmentId,
        bot_id: f.botId,
        channel_id: f.channelId,
        target_sec: f.value,
      });
      return;
    case 'assigned':
      await assigned(tx, { ...key, at: f.at });
      return;
    case 'responded':
      await responded(tx, { ...key, at: f.at, operatorId: f.operatorId });
      return;
    case 'closed':
      await closed(tx, { ...key, at: f.at });
      return;
    case 'returned':
      await returned(tx, { ...key, at: f.at });
      return;
    case 'lead_message':
      await leadWrote(tx, { ...key, at: f.at });
      return;
    case 'rated':
      if (f.value !== null) await rated(tx, { ...key, value: f.value });
      return;
    default:
      return;
  }
}

/**
 * Recomputes the business's dialog summaries from its reporting facts in one statement (the
 * database's own aggregation): what keepDialogSummary kept, fact by fact, must equal this.
 */
export async function rebuildDialogSummaries(db: Db, businessId: number): Promise<number> {
  const firstAt = (kind: string) => sql<number | null>`min(case when kind = ${kind} then at end)`;
  const lastOf = (kind: string, col: 'at' | 'operator_id' | 'value' | 'department_id' | 'bot_id' | 'channel_id') =>
    sql<number | null>`max(case when kind = ${kind} then ${sql.ref(col)} end)`;
  const summaries = db
    .selectFrom('report_events')
    .select([
      sql.lit(businessId).as('business_id'),
      'dialog_id',
      lastOf('opened', 'at').as('opened_at'),
      lastOf('opened', 'department_id').as('department_id'),
      lastOf('opened', 'bot_id').as('bot_id'),
      lastOf('opened', 'channel_id').as('channel_id'),
      lastOf('opened', 'value').as('target_sec'),
      firstAt('assigned').as('assigned_at'),
      firstAt('responded').as('responded_at'),
      // The first answer's author: facts of one dialog's first answer are one (the answer sets first_response_at once).
      lastOf('responded', 'operator_id').as('responder_id'),
      firstAt('closed').as('closed_at'),
      firstAt('returned').as('returned_at'),
      lastOf('lead_message', 'at').as('last_lead_at'),
      lastOf('rated', 'value').as('rating'),
    ])
    .where('business_id', '=', businessId)
    .where('dialog_id', 'is not', null)
    .groupBy('dialog_id')
    .having(sql<number>`max(case when kind = 'opened' then 1 else 0 end)`, '=', 1);
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom('report_dialogs').where('business_id', '=', businessId).execute();
    const r = await tx
      .insertInto('report_dialogs')
      .columns([
        'business_id',
        'dialog_id',
        'opened_at',
        'department_id',
        'bot_id',
        'channel_id',
        'target_sec',
        'assigned_at',
        'responded_at',
        'responder_id',
        'closed_at',
        'returned_at',
        'last_lead_at',
        'rating',
      ])
      .expression(summaries)
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  });
}
