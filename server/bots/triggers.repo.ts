import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { TriggerBody, TriggerEvent } from '../../contracts/scripts';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';
import type { TriggersTable } from '../storage/schema';

/** triggers.params: the attribute, status or tag that fires the trigger (TriggerBody checked it on save); absent: any. */
export const TriggerParams = z.object({ match: z.string().optional() });
export type TriggerParams = z.infer<typeof TriggerParams>;

/** A stored trigger with its params parsed. */
export interface StoredTrigger {
  id: number;
  botId: number;
  code: string;
  name: string;
  script: string;
  on: TriggerEvent;
  /** The attribute, status or tag that fires it; null: any. */
  match: string | null;
  enabled: boolean;
  createdAt: number;
}

function parse(r: Selectable<TriggersTable>): StoredTrigger {
  const params = parseColumn(TriggerParams, r.params, `triggers.params of trigger ${r.id}`);
  return {
    id: r.id,
    botId: r.bot_id,
    code: r.code,
    name: r.name,
    script: r.script,
    on: r.on_event,
    match: params.match ?? null,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
  };
}

const paramsOf = (t: TriggerBody) => JSON.stringify((t.match !== undefined ? { match: t.match } : {}) satisfies TriggerParams);

/** Every trigger of a bot, oldest first. */
export async function listTriggersOfBot(db: Executor, botId: number): Promise<StoredTrigger[]> {
  const rows = await db.selectFrom('triggers').selectAll().where('bot_id', '=', botId).orderBy('id').execute();
  return rows.map(parse);
}

export async function findTriggerOfBot(db: Executor, botId: number, code: string): Promise<StoredTrigger | undefined> {
  const row = await db.selectFrom('triggers').selectAll().where('bot_id', '=', botId).where('code', '=', code).executeTakeFirst();
  return row && parse(row);
}

export async function insertTrigger(db: Executor, t: { businessId: number; botId: number; body: TriggerBody; now: number }): Promise<StoredTrigger> {
  const row = await db
    .insertInto('triggers')
    .values({
      business_id: t.businessId,
      bot_id: t.botId,
      code: t.body.code,
      name: t.body.name,
      script: t.body.script,
      on_event: t.body.on,
      params: paramsOf(t.body),
      enabled: t.body.enabled ? 1 : 0,
      created_at: t.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return parse(row);
}

/** Replaces what a trigger does (its code stays). */
export async function replaceTrigger(db: Executor, id: number, body: TriggerBody): Promise<StoredTrigger> {
  const row = await db
    .updateTable('triggers')
    .set({ name: body.name, script: body.script, on_event: body.on, params: paramsOf(body), enabled: body.enabled ? 1 : 0 })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return parse(row);
}

export async function deleteTriggerById(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('triggers').where('id', '=', id).execute();
}

export async function findTriggerByIdOfBot(db: Executor, botId: number, id: number): Promise<StoredTrigger | undefined> {
  const row = await db.selectFrom('triggers').selectAll().where('bot_id', '=', botId).where('id', '=', id).executeTakeFirst();
  return row && parse(row);
}
