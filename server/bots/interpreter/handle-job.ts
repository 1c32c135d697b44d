import type { CommitDeps } from '../../realtime/commit';
import { commit } from '../../realtime/commit';
import { lockLead } from '../../storage/locks';
import type { Lead } from '../../storage/schema';
import type { BotJob } from '../bot-jobs.repo';
import { finishJob } from '../bot-jobs.repo';
import { applyRun } from './apply-run';
import { execute, ScriptFailure, type JsEngine } from './execute';
import { routeInput } from './route-input';
import { Run, type ScenarioState } from './run';
import { findTrigger, loadBot, loadLeadForRun, loadScenario, type BotDefinition } from './runtime.repo';
import { validateAnswer } from './validate-answer';

export interface RuntimeDeps extends CommitDeps {
  js: JsEngine;
}

/** What lead.getData(key) can read: Metabot's documented names. */
function leadData(l: Lead, managerId: number | null): Record<string, string | number | boolean | null> {
  return {
    id: l.id, name: l.name, bot_id: l.bot_id, channel_id: l.channel_id, messenger_id: l.messenger_id, language: l.language,
    status: l.status, state: l.state, manager_id: managerId, is_forwarded: l.is_forwarded === 1, forwarded_at: l.forwarded_at,
    unread_count: l.unread_count, phone: l.phone, email: l.email, created_at: l.created_at, last_activity_at: l.last_activity_at,
  };
}

type Plan = { from: { script: string; step: number } | null; run: Run; saveScenario: boolean };

/**
 * Does one bot job: works out what to run, runs it in memory (user code included, outside any
 * transaction), then commits the result in one transaction. If an operator took the lead meanwhile,
 * a lead-message run is dropped: an operator's takeover interrupts the bot's scenario.
 */
export async function handleBotJob(deps: RuntimeDeps, job: BotJob): Promise<void> {
  const loaded = await loadLeadForRun(deps.db, job.lead_id);
  const bot = loaded && (await loadBot(deps.db, job.bot_id));
  if (!loaded || !bot) {
    await commit(deps, job.business_id, async (tx) => ({ result: await finishJob(tx, job, deps.clock()), events: [] }));
    return;
  }
  const params = JSON.parse(job.params) as { firstContact?: boolean; depth?: number; text?: string };
  const newRun = () => new Run({
    id: loaded.lead.id, businessId: loaded.lead.business_id, botId: bot.id, name: loaded.lead.name,
    status: loaded.lead.status, attrs: { ...loaded.attrs }, tags: new Set(loaded.tags), data: leadData(loaded.lead, loaded.assigneeId),
  });
  const plan = await planJob(deps, job, bot, newRun(), params);
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
  await commit(deps, job.business_id, async (tx) => {
    const now = deps.clock();
    await lockLead(tx, job.lead_id);
    const lead = await tx.selectFrom('leads').selectAll().where('id', '=', job.lead_id).executeTakeFirstOrThrow();
    const interrupted = job.kind === 'lead_message' && lead.state !== 'bot';
    const events = interrupted ? [] : await applyRun(tx, { run: plan.run, lead, saveScenario: plan.saveScenario && lead.state === 'bot', depth: params.depth ?? 0, now });
    await finishJob(tx, job, now);
    return { result: undefined, events };
  });
}

async function planJob(deps: RuntimeDeps, job: BotJob, bot: BotDefinition, run: Run, params: { firstContact?: boolean }): Promise<Plan> {
  switch (job.kind) {
    case 'lead_message':
      return planMessage(deps, job, bot, run, params.firstContact ?? false);
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

async function planMessage(deps: RuntimeDeps, job: BotJob, bot: BotDefinition, run: Run, firstContact: boolean): Promise<Plan> {
  const message = job.ref ? await deps.db.selectFrom('messages').select(['text']).where('id', '=', Number(job.ref)).executeTakeFirst() : undefined;
  const text = message?.text ?? '';
  const scenario = await loadScenario(deps.db, job.lead_id);
  const route = routeInput({ text, awaiting: scenario?.awaiting ?? null, scripts: bot.index, startScript: bot.startScript, firstContact });
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
