import type { Lease } from '../jobs/index';
import { type CommitDeps, commit } from '../realtime/index';
import { lockLead } from '../storage/locks';
import type { Lead } from '../storage/schema';
import {
  conditionExpression,
  type BotJob,
  type BotJobParams,
  finishJob,
  findTrigger,
  jobParams,
  loadBot,
  loadScenario,
  type BotDefinition,
  type ScenarioState,
} from '../bots/index';
import { applyRun } from './apply-run';
import { execute, ScriptFailure, type JsEngine } from './execute';
import { routeInput, type Route } from './route-input';
import { Run } from './run';
import { loadLeadForRun } from './load-lead';
import { validateAnswer, findLeadState, getLead, leadChannel, messageText } from '../leads/index';

export interface RuntimeDeps extends CommitDeps {
  js: JsEngine;
  /** Bots with their parsed scripts, shared by the jobs of one worker (see BotCache). */
  bots?: BotCache;
}

/**
 * Parsed bots for a few seconds: a busy bot's every message would otherwise re-read and re-parse
 * all its scripts. A script saved in the editor is in use within `ttlMs`.
 */
export class BotCache {
  private readonly entries = new Map<number, { bot: BotDefinition | undefined; until: number }>();
  constructor(private readonly ttlMs = 2_000) {}

  async get(db: CommitDeps['db'], botId: number, now: number): Promise<BotDefinition | undefined> {
    const hit = this.entries.get(botId);
    if (hit && hit.until > now) return hit.bot;
    const bot = await loadBot(db, botId);
    if (this.entries.size > 1_000) this.entries.clear();
    this.entries.set(botId, { bot, until: now + this.ttlMs });
    return bot;
  }
}

/** What lead.getData(key) can read: Metabot's documented names, and Metadesk's own. */
function leadData(l: Lead, managerId: number | null, channel: { kind: string; name: string }): Record<string, string | number | boolean | null> {
  return {
    id: l.id,
    name: l.name,
    identification: l.messenger_id,
    messenger_id: l.messenger_id,
    bot_id: l.bot_id,
    channel_id: l.channel_id,
    channel_code: channel.kind,
    channel_name: channel.name,
    messenger: channel.kind,
    lang_code: l.language,
    language: l.language,
    status_id: l.status,
    status: l.status,
    status_name: l.status,
    state: l.state,
    manager_id: managerId,
    // 1 while operators have the lead: the bot does not answer it then.
    is_mute: l.state === 'waiting' || l.state === 'operator' ? 1 : 0,
    is_forwarded: l.is_forwarded, // 0 or 1, as findLeads answers it
    forwarded_at: l.forwarded_at,
    dialog_id: l.current_dialog_id,
    unread_count: l.unread_count,
    phone: l.phone,
    email: l.email,
    created_at: l.created_at,
    updated_at: l.last_activity_at,
    last_activity: l.last_activity_at,
    last_activity_at: l.last_activity_at,
    last_message_at: l.last_message_at,
  };
}

type Plan = { from: { script: string; step: number } | null; run: Run; saveScenario: boolean };

/**
 * Does one bot job: works out what to run, runs it in memory (user code included, outside any
 * transaction), then commits the result in one transaction. If an operator took the lead meanwhile,
 * a lead-message run is dropped: an operator's takeover interrupts the bot's scenario. Every write
 * that ends the job is fenced on `lease`: if another worker took the job over meanwhile, it throws
 * LeaseLost and nothing of this run is committed (the other worker's run is).
 */
export async function handleBotJob(deps: RuntimeDeps, job: BotJob, lease: Lease): Promise<void> {
  const finish = () => lease.fenced((held) => finishJob(deps.db, job, deps.clock(), held));
  const bot = deps.bots ? await deps.bots.get(deps.db, job.bot_id, deps.clock()) : await loadBot(deps.db, job.bot_id);
  const params = jobParams(job);
  if (await isStale(deps, job, params.dialogId)) {
    await finish();
    return;
  }
  // A lead's message that no script recognises needs nothing more than the routing decision.
  const routed = bot && job.kind === 'lead_message' ? await routeMessage(deps, job, bot, params.firstContact ?? false) : undefined;
  const loaded = bot && routed?.route.kind !== 'none' ? await loadLeadForRun(deps.db, job.lead_id) : undefined;
  if (!loaded || !bot) {
    await finish();
    return;
  }
  const newRun = () => {
    const r = new Run({
      id: loaded.lead.id,
      businessId: loaded.lead.business_id,
      botId: bot.id,
      name: loaded.lead.name,
      status: loaded.lead.status,
      attrs: { ...loaded.attrs },
      tags: new Set(loaded.tags),
      data: leadData(loaded.lead, loaded.assigneeId, loaded.channel),
    });
    r.known = { scripts: bot.book, triggers: bot.triggers };
    r.request = { text: routed?.text ?? null, params: params.requestParams ?? {} };
    r.contexts = new Set(loaded.contexts);
    r.personId = loaded.personId;
    return r;
  };
  const plan = routed ? planMessage(routed, newRun()) : await scheduled(deps, job, params, await planJob(deps, job, bot, newRun()));
  if (plan.from) {
    try {
      await execute(plan.run, bot.book, plan.from, deps.js);
    } catch (err) {
      if (!(err instanceof ScriptFailure)) throw err;
      // The author reads why; the lead gets the fallback script's answer instead of silence.
      const failed = plan.run;
      plan.run = newRun();
      plan.run.logs.push(...failed.logs);
      plan.run.log('error', err.message);
      const fallback = bot.index.find((s) => s.type === 'fallback');
      if (fallback && failed.current !== fallback.code) {
        try {
          await execute(plan.run, bot.book, { script: fallback.code, step: 0 }, deps.js);
        } catch (again) {
          if (!(again instanceof ScriptFailure)) throw again;
          plan.run.log('error', `fallback script failed too: ${again.message}`);
          plan.run.scenario = null;
        }
      }
    }
  }
  if (isEmpty(plan.run) && !plan.saveScenario) {
    // Nothing to write (no script matched, no effects): only the job itself is finished.
    await finish();
    return;
  }
  await lease.fenced((held) =>
    commit(deps, job.business_id, async (tx) => {
      const now = deps.clock();
      await lockLead(tx, job.lead_id);
      const lead = await getLead(tx, job.lead_id);
      const interrupted = job.kind === 'lead_message' && lead.state !== 'bot';
      const events = interrupted
        ? []
        : await applyRun(tx, { run: plan.run, lead, saveScenario: plan.saveScenario && lead.state === 'bot', depth: params.depth ?? 0, now });
      // In the same transaction as the run's effects: a lost lease rolls them all back.
      await finishJob(tx, job, now, held);
      // The bots screen's test lead is nobody's work: its changes reach no workspace (the console polls).
      if (lead.messenger_id.startsWith('console:') && (await leadChannel(tx, lead.channel_id))?.kind === 'console') return { result: undefined, events: [] };
      return { result: undefined, events };
    }),
  );
}

async function planJob(deps: RuntimeDeps, job: BotJob, bot: BotDefinition, run: Run): Promise<Plan> {
  switch (job.kind) {
    case 'lead_message':
      throw new Error('lead messages are planned from their route');
    case 'return_to_bot': {
      // The scenario restarts from scratch at the chosen script, the bot's return script, or its start.
      const script = job.ref ?? bot.returnScript ?? bot.startScript;
      return { from: script ? { script, step: 0 } : null, run, saveScenario: true };
    }
    case 'transfer':
      // The system transfer script runs on every transfer; a transfer inside it is refused (the guard).
      return { from: bot.transferScript ? { script: bot.transferScript, step: 0 } : null, run, saveScenario: false };
    case 'trigger': {
      const t = job.ref ? await findTrigger(deps.db, bot.id, job.ref) : undefined;
      if (!t || !t.enabled) {
        run.log('warn', `trigger "${job.ref}" does not exist or is off`);
        return { from: null, run, saveScenario: false };
      }
      return { from: { script: t.script, step: 0 }, run, saveScenario: true };
    }
    case 'script':
      return { from: job.ref ? { script: job.ref, step: 0 } : null, run, saveScenario: true };
  }
}

/**
 * A scheduled script or trigger (the schedule route, bot.runTriggerByCodeForLead): its condition
 * decides whether it runs this time (a periodic job stays armed either way), then its tags are
 * added and removed as part of the run, before the script.
 */
async function scheduled(deps: RuntimeDeps, job: BotJob, params: BotJobParams, plan: Plan): Promise<Plan> {
  if (!plan.from || (job.kind !== 'script' && job.kind !== 'trigger')) return plan;
  if (params.condition) {
    // Metabot's condition is a function body that returns true to run, with leadId in scope.
    const r = await deps.js.condition(conditionExpression(params.condition), plan.run);
    if (!r.ok || r.value !== true) {
      plan.run.log(
        r.ok ? 'info' : 'error',
        `${job.kind} "${job.ref}" not run: ${r.ok ? 'its condition did not return true' : `its condition failed: ${r.message}`}`,
      );
      return { from: null, run: plan.run, saveScenario: false };
    }
  }
  for (const t of params.addTags ?? []) plan.run.addTag(t);
  for (const t of params.removeTags ?? []) plan.run.removeTag(t);
  return plan;
}

interface Routed {
  text: string;
  scenario: ScenarioState | null;
  route: Route;
}

async function routeMessage(deps: RuntimeDeps, job: BotJob, bot: BotDefinition, firstContact: boolean): Promise<Routed> {
  const [message, scenario] = await Promise.all([job.ref ? messageText(deps.db, Number(job.ref)) : undefined, loadScenario(deps.db, job.lead_id)]);
  const text = message ?? '';
  return { text, scenario, route: routeInput({ text, awaiting: scenario?.awaiting ?? null, scripts: bot.index, startScript: bot.startScript, firstContact }) };
}

function planMessage({ text, scenario, route }: Routed, run: Run): Plan {
  switch (route.kind) {
    case 'answer':
      return planAnswer(run, scenario!, text);
    case 'button':
      if (route.button.script) return { from: { script: route.button.script, step: 0 }, run, saveScenario: true };
      return { from: { script: scenario!.script, step: scenario!.step }, run, saveScenario: true };
    case 'script':
      return { from: { script: route.script, step: 0 }, run, saveScenario: true };
    case 'none':
      // Nothing recognises it: keep the scenario as it is and stay silent (the message is stored and shown to operators).
      run.scenario = scenario;
      return { from: null, run, saveScenario: false };
  }
}

function planAnswer(run: Run, scenario: ScenarioState, text: string): Plan {
  const awaiting = scenario.awaiting;
  if (awaiting?.kind !== 'answer') return { from: null, run, saveScenario: false };
  const value = validateAnswer(awaiting.validate, text);
  if (value === null) {
    run.messages.push({ text: awaiting.retryText ?? awaiting.question, payload: null });
    run.scenario = scenario;
    return { from: null, run, saveScenario: true };
  }
  run.setAttr(awaiting.attribute, value);
  return { from: { script: scenario.script, step: scenario.step }, run, saveScenario: true };
}

function isEmpty(r: Run): boolean {
  return (
    r.messages.length === 0 &&
    r.logs.length === 0 &&
    r.triggers.length === 0 &&
    r.jobs.length === 0 &&
    r.attrChanges.size === 0 &&
    r.tagsAdded.size === 0 &&
    r.tagsRemoved.size === 0 &&
    Object.keys(r.fieldChanges).length === 0 &&
    r.contextsAdded.size === 0 &&
    r.contextsRemoved.size === 0 &&
    !r.personChanged &&
    !r.statusChanged &&
    !r.transfer &&
    !r.assign &&
    !r.returnToBot
  );
}

/**
 * Whether the conversation moved on since the job was queued, so doing it now would be wrong: a
 * lead's message to the bot that an operator has since answered (a dialog was opened), a transfer
 * whose dialog already ended, a return to the bot overtaken by a new transfer.
 */
async function isStale(deps: RuntimeDeps, job: BotJob, dialogId: number | null | undefined): Promise<boolean> {
  if (dialogId === undefined || !['lead_message', 'transfer', 'return_to_bot'].includes(job.kind)) return false;
  const lead = await findLeadState(deps.db, job.lead_id);
  if (!lead) return true;
  if (lead.current_dialog_id !== dialogId) return true;
  if (job.kind === 'transfer') return lead.state !== 'waiting' && lead.state !== 'operator';
  return lead.state !== 'bot' && lead.state !== 'closed';
}
