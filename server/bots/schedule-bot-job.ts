import { parseRunAt, type ScheduleJobBody } from '../../contracts/bot-jobs';
import { findLead } from '../leads/index';
import type { Actor } from '../shared/actor';
import { badInput, conflict, forbidden, notFound } from '../errors';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { conditionExpression } from './bot-job-condition';
import { enqueueBotJob, findScheduledJob, type BotJob, type BotJobParams } from './bot-jobs.repo';
import { canScheduleBotJobs } from './bots.policy';
import { findBot } from './bots.repo';
import type { SyntaxChecker } from './script-syntax';
import { findScript, findScriptById } from './scripts.repo';
import { findTriggerByIdOfBot, findTriggerOfBot } from './triggers.repo';

/**
 * Schedules a bot's script or trigger for one of its leads, from outside (Metabot's job scheduling):
 * a durable bot job, run by the bot worker at its time (and again every interval if periodic). A bot,
 * lead, script or trigger of another business (or another bot) is not found.
 */
export async function scheduleBotJob(
  deps: { tx: Tx; syntax: SyntaxChecker },
  input: { actor: Actor; botId: number; body: ScheduleJobBody; now: number },
): Promise<Outcome<BotJob>> {
  const { actor, body, now } = input;
  const { tx } = deps;
  if (!canScheduleBotJobs(actor)) throw forbidden('Only admins and bot editors (or their API tokens) schedule bot jobs');
  const bot = await findBot(tx, actor.businessId, input.botId);
  if (!bot) throw notFound('Bot');
  const lead = await findLead(tx, actor.businessId, body.lead_id);
  if (!lead || lead.bot_id !== bot.id) throw notFound('Lead');
  const target = await resolveTarget(tx, bot.id, body);
  if (body.condition_script_code !== undefined) {
    const r = deps.syntax.checkSyntax(conditionExpression(body.condition_script_code), 'expression');
    // The wrapper adds a line before the author's code; code cut short is reported at its last line.
    const lines = body.condition_script_code.split('\n').length;
    if (!r.ok) throw badInput('body.condition_script_code', `line ${Math.min(lines, Math.max(1, r.line - 1))}: ${r.message}`);
  }
  const runAt = body.run_at !== undefined ? parseRunAt(body.run_at) : now + (body.run_after_sec ?? 0) * 1000;
  const params: BotJobParams = { depth: 0 };
  if (body.ticket_id !== undefined) params.ticketId = body.ticket_id;
  if (body.condition_script_code !== undefined) params.condition = body.condition_script_code;
  if (body.add_tags?.length) params.addTags = body.add_tags;
  if (body.remove_tags?.length) params.removeTags = body.remove_tags;
  if (body.script_request_params) params.requestParams = body.script_request_params;
  const id = await enqueueBotJob(tx, {
    businessId: bot.business_id,
    botId: bot.id,
    leadId: lead.id,
    kind: target.kind,
    ref: target.code,
    params,
    runAt,
    everySec: body.is_periodic ? (body.repeat_interval_sec ?? null) : null,
    now,
  });
  const job = await findScheduledJob(tx, bot.id, id);
  if (!job) throw new Error(`bot job ${id} vanished`);
  return { result: job, events: [] };
}

async function resolveTarget(tx: Tx, botId: number, b: ScheduleJobBody): Promise<{ kind: 'script' | 'trigger'; code: string }> {
  if (b.script_id !== undefined || b.script_code !== undefined) {
    const s = b.script_id !== undefined ? await findScriptById(tx, botId, b.script_id) : await findScript(tx, botId, b.script_code!);
    if (!s) throw notFound(b.script_id !== undefined ? `Script ${b.script_id} of this bot` : `Script "${b.script_code}" of this bot`);
    return { kind: 'script', code: s.code };
  }
  const t = b.trigger_id !== undefined ? await findTriggerByIdOfBot(tx, botId, b.trigger_id) : await findTriggerOfBot(tx, botId, b.trigger_code!);
  if (!t) throw notFound(b.trigger_id !== undefined ? `Trigger ${b.trigger_id} of this bot` : `Trigger "${b.trigger_code}" of this bot`);
  if (!t.enabled) throw conflict(`Trigger "${t.code}" is off (enabled: false): turn it on before scheduling it`);
  return { kind: 'trigger', code: t.code };
}
