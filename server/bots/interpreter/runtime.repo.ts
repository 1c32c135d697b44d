import type { Command, Entry } from '../../../contracts/scripts';
import type { Executor } from '../../storage/db';
import type { Awaiting, ScriptIndex } from './route-input';
import type { ScenarioState } from './run';
import type { ScriptBook } from './execute';

export interface BotDefinition {
  id: number;
  businessId: number;
  startScript: string | null;
  returnScript: string | null;
  transferScript: string | null;
  book: ScriptBook;
  index: ScriptIndex[];
}

/** A bot with all its scripts, parsed (they were validated when saved). */
export async function loadBot(db: Executor, botId: number): Promise<BotDefinition | undefined> {
  const bot = await db.selectFrom('bots').selectAll().where('id', '=', botId).executeTakeFirst();
  if (!bot) return undefined;
  const rows = await db.selectFrom('scripts').select(['code', 'type', 'entries', 'commands']).where('bot_id', '=', botId).execute();
  const book: ScriptBook = new Map();
  const index: ScriptIndex[] = [];
  for (const r of rows) {
    book.set(r.code, { code: r.code, type: r.type, commands: JSON.parse(r.commands) as Command[] });
    index.push({ code: r.code, type: r.type, entries: JSON.parse(r.entries) as Entry[] });
  }
  return { id: bot.id, businessId: bot.business_id, startScript: bot.start_script, returnScript: bot.return_script, transferScript: bot.transfer_script, book, index };
}

/** The lead as a run needs it: fields, attributes, tags. */
export async function loadLeadForRun(db: Executor, leadId: number) {
  const lead = await db.selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirst();
  if (!lead) return undefined;
  const [attrs, tags, dialog] = await Promise.all([
    db.selectFrom('lead_attributes').select(['name', 'value']).where('lead_id', '=', leadId).execute(),
    db.selectFrom('lead_tags').select('tag').where('lead_id', '=', leadId).execute(),
    lead.current_dialog_id ? db.selectFrom('dialogs').select(['assignee_id', 'state']).where('id', '=', lead.current_dialog_id).executeTakeFirst() : undefined,
  ]);
  return {
    lead,
    attrs: Object.fromEntries(attrs.map((a) => [a.name, a.value])) as Record<string, string>,
    tags: new Set(tags.map((t) => t.tag)),
    assigneeId: dialog && dialog.state !== 'closed' ? dialog.assignee_id : null,
  };
}

export async function loadScenario(db: Executor, leadId: number): Promise<ScenarioState | null> {
  const r = await db.selectFrom('lead_scenarios').selectAll().where('lead_id', '=', leadId).executeTakeFirst();
  return r ? { script: r.script, step: r.step, awaiting: r.awaiting ? (JSON.parse(r.awaiting) as Awaiting) : null } : null;
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

/** Forgets where the lead was in the bot's scenario (an operator stepped in). */
export async function clearScenario(tx: Executor, leadId: number): Promise<void> {
  await tx.deleteFrom('lead_scenarios').where('lead_id', '=', leadId).execute();
}

/** Enabled triggers of a bot that fire on a lead event. */
export function triggersOn(db: Executor, botId: number, on: 'attribute_changed' | 'status_changed' | 'tag_added' | 'tag_removed') {
  return db.selectFrom('triggers').select(['code', 'params']).where('bot_id', '=', botId).where('on_event', '=', on).where('enabled', '=', 1).execute();
}

export function findTrigger(db: Executor, botId: number, code: string) {
  return db.selectFrom('triggers').selectAll().where('bot_id', '=', botId).where('code', '=', code).executeTakeFirst();
}

export async function writeLogs(tx: Executor, o: { businessId: number; botId: number; leadId: number | null; lines: { level: 'log' | 'info' | 'warn' | 'error'; message: string; script: string | null }[]; now: number }): Promise<void> {
  if (o.lines.length === 0) return;
  await tx
    .insertInto('script_logs')
    .values(o.lines.slice(0, 200).map((l) => ({ business_id: o.businessId, bot_id: o.botId, lead_id: o.leadId, script: l.script, level: l.level, message: l.message, created_at: o.now })))
    .execute();
}
