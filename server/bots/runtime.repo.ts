import type { LeadDataEvent, ScriptLogLevel } from '../../contracts/scripts';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';
import { Commands, Entries } from './scripts.repo';
import { TriggerParams } from './triggers.repo';
import { Awaiting, type BotDefinition, type ScenarioState, type ScriptBook, type ScriptIndex } from './runtime.types';

// What the bot runtime reads and writes of the bots module: a bot with its scripts, where a lead
// stands in the scenario, triggers, script logs.

/** A bot with all its scripts, parsed and checked (a corrupt script throws, naming it). */
export async function loadBot(db: Executor, botId: number): Promise<BotDefinition | undefined> {
  const bot = await db.selectFrom('bots').selectAll().where('id', '=', botId).executeTakeFirst();
  if (!bot) return undefined;
  const [rows, triggers] = await Promise.all([
    db.selectFrom('scripts').select(['id', 'code', 'type', 'entries', 'commands']).where('bot_id', '=', botId).execute(),
    db.selectFrom('triggers').select(['code', 'enabled']).where('bot_id', '=', botId).execute(),
  ]);
  const book: ScriptBook = new Map();
  const index: ScriptIndex[] = [];
  for (const r of rows) {
    book.set(r.code, { code: r.code, type: r.type, commands: parseColumn(Commands, r.commands, `scripts.commands of script ${r.id}`) });
    index.push({ code: r.code, type: r.type, entries: parseColumn(Entries, r.entries, `scripts.entries of script ${r.id}`) });
  }
  return {
    id: bot.id,
    businessId: bot.business_id,
    startScript: bot.start_script,
    returnScript: bot.return_script,
    transferScript: bot.transfer_script,
    book,
    index,
    triggers: new Map(triggers.map((t) => [t.code, t.enabled === 1])),
  };
}

export async function loadScenario(db: Executor, leadId: number): Promise<ScenarioState | null> {
  const r = await db.selectFrom('lead_scenarios').selectAll().where('lead_id', '=', leadId).executeTakeFirst();
  if (!r) return null;
  return { script: r.script, step: r.step, awaiting: r.awaiting ? parseColumn(Awaiting, r.awaiting, `lead_scenarios.awaiting of lead ${leadId}`) : null };
}

export async function saveScenario(tx: Executor, leadId: number, s: ScenarioState | null, now: number): Promise<void> {
  if (!s) {
    await tx.deleteFrom('lead_scenarios').where('lead_id', '=', leadId).execute();
    return;
  }
  const row = { script: s.script, step: s.step, awaiting: s.awaiting ? JSON.stringify(s.awaiting) : null, updated_at: now };
  await tx
    .insertInto('lead_scenarios')
    .values({ lead_id: leadId, ...row })
    .onConflict((oc) => oc.column('lead_id').doUpdateSet(row))
    .execute();
}

/** Enabled triggers of a bot that fire on a lead event, each with what it matches (null: any). */
export async function triggersOn(db: Executor, botId: number, on: LeadDataEvent): Promise<{ code: string; match: string | null }[]> {
  const rows = await db
    .selectFrom('triggers')
    .select(['id', 'code', 'params'])
    .where('bot_id', '=', botId)
    .where('on_event', '=', on)
    .where('enabled', '=', 1)
    .execute();
  return rows.map((r) => ({ code: r.code, match: parseColumn(TriggerParams, r.params, `triggers.params of trigger ${r.id}`).match ?? null }));
}

export function findTrigger(db: Executor, botId: number, code: string) {
  return db.selectFrom('triggers').selectAll().where('bot_id', '=', botId).where('code', '=', code).executeTakeFirst();
}

export async function writeLogs(
  tx: Executor,
  o: {
    businessId: number;
    botId: number;
    leadId: number | null;
    lines: { level: ScriptLogLevel; message: string; script: string | null }[];
    now: number;
  },
): Promise<void> {
  if (o.lines.length === 0) return;
  await tx
    .insertInto('script_logs')
    .values(
      o.lines.slice(0, 200).map((l) => ({
        business_id: o.businessId,
        bot_id: o.botId,
        lead_id: o.leadId,
        script: l.script,
        level: l.level,
        message: l.message,
        created_at: o.now,
      })),
    )
    .execute();
}
