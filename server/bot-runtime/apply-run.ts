import { LIMITS } from '../../contracts/limits';
import type { Actor } from '../shared/actor';
import { hasRoutingScript, router } from '../routing/index';
import { AppError } from '../errors';
import {
  applyLeadChanges,
  linkLeadToPerson,
  hasChanges,
  rowFor,
  findLead,
  getLead,
  leadChannel,
  updateLead,
  NO_CHANGES,
  type LeadChanges,
} from '../leads/index';
import { assignDialog, forwardFromBot, isWithOperators, markAutoRoute, returnToBot, getDialog, withinHours } from '../dialogs/index';
import { findDepartmentInBusiness } from '../accounts/index';
import { recordBotMessage } from './record-bot-message';
import { event, type PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { Lead } from '../storage/schema';
import { cutMessage, enqueueBotJob, queueLeadTriggers, saveScenario, writeLogs } from '../bots/index';
import type { Run } from './run';

/**
 * Commits everything a run did, in the caller's transaction: the lead's changed data, the bot's
 * messages (queued for the messenger), the scenario position, log lines, triggers fired by the
 * changes, and a transfer to operators or a return to the bot. Returns the realtime events.
 */
export async function applyRun(tx: Tx, o: { run: Run; lead: Lead; saveScenario: boolean; depth: number; now: number }): Promise<PendingEvent[]> {
  const { run, now } = o;
  let lead = o.lead;
  const events: PendingEvent[] = [];
  const changes = await applyLeadData(tx, run, lead);
  // lead.setPersonId / createPersonForCurrentLead: only a person of the lead's business.
  if (run.personId !== null && run.personChanged && !(await linkLeadToPerson(tx, lead, run.personId))) {
    run.log('warn', `lead.setPersonId(${run.personId}): no such person in this business`);
  }
  // lead.setData: the name and language user code set.
  const fields = Object.keys(run.fieldChanges).length ? run.fieldChanges : null;
  if (changes || fields) {
    lead = await updateLead(tx, lead.id, { ...changes?.patch, ...fields, last_activity_at: now });
    events.push(event('lead.updated', { row: await rowFor(tx, lead) }));
  }
  for (const m of run.messages) {
    const r = await recordBotMessage(tx, lead, fitted(run, m), now);
    lead = r.lead;
    events.push(r.event);
  }
  if (o.saveScenario) await saveScenario(tx, lead.id, run.scenario, now);
  await fireTriggers(tx, run, lead, changes?.changes ?? null, o.depth, now);
  const bot: Actor = { kind: 'system', businessId: lead.business_id, reason: 'bot' };
  // The bots screen's test console never transfers for real: no dialog waits for the operators.
  if ((run.transfer || run.assign) && (await leadChannel(tx, lead.channel_id))?.kind === 'console') {
    run.log('info', 'transfer to operators (test console: no dialog is queued)');
    run.transfer = null;
    run.assign = null;
  }
  if (run.transfer) {
    try {
      const r = await forwardFromBot(tx, { actor: bot, leadId: lead.id, departmentCode: run.transfer.departmentCode ?? undefined, now });
      events.push(...r.events);
      if (r.result === null) run.log('info', 'outside working hours: the lead got the out-of-hours reply and stays with the bot');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      run.log('warn', `transfer to operators skipped: ${err.message}`);
    }
  }
  events.push(...(await applyAssignment(tx, run, lead.id, now)));
  await queueJobs(tx, run, lead, o.depth, now);
  if (run.returnToBot) {
    const fresh = await getLead(tx, lead.id);
    if (isWithOperators(fresh.state) && fresh.current_dialog_id) {
      const r = await returnToBot(tx, { actor: bot, dialogId: fresh.current_dialog_id, script: run.returnToBot.script ?? undefined, now });
      events.push(...r.events);
    } else {
      await enqueueBotJob(tx, {
        businessId: lead.business_id,
        botId: lead.bot_id,
        leadId: lead.id,
        kind: 'return_to_bot',
        ref: run.returnToBot.script,
        runAt: now,
        now,
      });
    }
  }
  await writeLogs(tx, { businessId: lead.business_id, botId: lead.bot_id, leadId: lead.id, lines: run.logs, now });
  return events;
}

/** Writes the run's attribute, tag, context and status changes (leads/lead-changes.ts); null if nothing changed. */
async function applyLeadData(tx: Tx, run: Run, lead: Lead): Promise<Awaited<ReturnType<typeof applyLeadChanges>> | null> {
  const contexts = run.contextsAdded.size + run.contextsRemoved.size;
  if (!run.attrChanges.size && !run.tagsAdded.size && !run.tagsRemoved.size && !contexts && !run.statusChanged) return null;
  const set: Record<string, string> = {};
  const del: string[] = [];
  for (const [k, v] of run.attrChanges) {
    if (v === null) del.push(k);
    else set[k] = v;
  }
  const r = await applyLeadChanges(tx, lead, {
    setAttributes: set,
    deleteAttributes: del,
    addTags: [...run.tagsAdded],
    removeTags: [...run.tagsRemoved],
    addContexts: [...run.contextsAdded],
    removeContexts: [...run.contextsRemoved],
    status: run.statusChanged ? run.lead.status : undefined,
  });
  return hasChanges(r.changes) ? r : null;
}

/**
 * Queues the run's explicit triggers and those fired by the lead's changed data (server/bots/lead-triggers.ts).
 * Deletes made with lead.deleteAttrs(…, isSuppressTriggers = true) fire nothing; those made with a
 * ticketId or scriptRequestParams hand them to the triggers they fire.
 */
async function fireTriggers(tx: Tx, run: Run, lead: Lead, changes: LeadChanges | null, depth: number, now: number): Promise<void> {
  const c = changes ?? NO_CHANGES;
  const deleted = c.attributesDeleted.filter((name) => !run.deleteOptions.get(name)?.suppressTriggers);
  const r = await queueLeadTriggers(tx, {
    lead,
    changes: { ...c, attributesDeleted: deleted },
    explicit: run.triggers,
    paramsFor: (kind, value) => (kind === 'attribute_changed' ? run.deleteOptions.get(value)?.params : undefined),
    depth,
    now,
  });
  if (r.cut.length) run.log('warn', cutMessage(r.cut));
}

/**
 * lead.assignDialogToOperator / assignDialogToNextOperator: transfers first if the lead is still
 * with the bot, then assigns under the lead's lock. The transfer script calling it again for a lead
 * already with an operator does nothing (no double transfer, no re-entry).
 */
async function applyAssignment(tx: Tx, run: Run, leadId: number, now: number): Promise<PendingEvent[]> {
  if (!run.assign) return [];
  const events: PendingEvent[] = [];
  const bot: Actor = { kind: 'system', businessId: run.lead.businessId, reason: 'bot' };
  let lead = await getLead(tx, leadId);
  const next = 'next' in run.assign ? run.assign.next : null;
  if (lead.state === 'bot' || lead.state === 'closed') {
    if (
      next &&
      !next.forwardIfNone &&
      (await router.nextOperators(tx, { businessId: run.lead.businessId, departmentCode: next.departmentCode, onlineOnly: next.onlineOnly, now })).length === 0
    ) {
      run.log('info', 'no operator available and isForwardIfOperatorNotFound is false: the lead stays with the bot');
      return [];
    }
    const r = await forwardFromBot(tx, { actor: bot, leadId, departmentCode: next?.departmentCode ?? undefined, now });
    events.push(...r.events);
    if (r.result === null) {
      run.log('info', 'outside working hours: the lead got the out-of-hours reply and stays with the bot');
      return events;
    }
    lead = await getLead(tx, leadId);
  }
  const dialogId = lead.current_dialog_id;
  if (!dialogId) return events;
  if (next) {
    if (lead.state !== 'waiting') {
      run.log('info', 'assignDialogToNextOperator: the dialog already has an operator');
      return events;
    }
    // From now on the queue keeps offering it (when an operator gets room), whatever the business's setting.
    await markAutoRoute(tx, dialogId);
    if (await hasRoutingScript(tx, run.lead.businessId)) {
      run.log('info', "assignDialogToNextOperator: the business's routing script decides who gets it");
      return [...events, event('distribution.requested', { dialogId })];
    }
    // Outside its working hours it waits: the queue hands it out when they open.
    if (!(await withinHours(tx, run.lead.businessId, (await getDialog(tx, dialogId)).department_id, now))) {
      run.log('info', 'assignDialogToNextOperator: outside working hours; the dialog waits until they open');
      return events;
    }
    // Without a department named, a dialog waiting for a department goes to that department's operators.
    const departmentCode = next.departmentCode ?? (await departmentOfDialog(tx, dialogId));
    const r = await router.assignNext(tx, { businessId: run.lead.businessId, departmentCode, onlineOnly: next.onlineOnly, dialogId, now });
    if (r.operatorId === null) run.log('info', 'assignDialogToNextOperator: no operator can take it now; the dialog waits');
    return [...events, ...r.events];
  }
  const operatorId = (run.assign as { operatorId: number }).operatorId;
  try {
    const r = await assignDialog(tx, { actor: bot, dialogId, operatorId, now });
    return [...events, ...r.events];
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    run.log('warn', `assignDialogToOperator(${operatorId}): ${err.message}`);
    return events;
  }
}

/** bot.runScriptForLead / runTriggerByCodeForLead: durable jobs, only for leads of this bot. */
async function queueJobs(tx: Tx, run: Run, lead: Lead, depth: number, now: number): Promise<void> {
  for (const j of run.jobs) {
    const target = j.leadId === lead.id ? lead : await findLead(tx, lead.business_id, j.leadId);
    if (!target || target.bot_id !== lead.bot_id) {
      run.log('error', `${j.kind} "${j.ref}" not queued: lead ${j.leadId} is not a lead of this bot`);
      continue;
    }
    await enqueueBotJob(tx, {
      businessId: lead.business_id,
      botId: lead.bot_id,
      leadId: target.id,
      kind: j.kind,
      ref: j.ref,
      params: { ...j.params, depth: depth + 1 },
      runAt: j.runAt ?? now,
      everySec: j.everySec,
      now,
    });
  }
}

/** The code of the department the dialog is for, if any. */
async function departmentOfDialog(tx: Tx, dialogId: number): Promise<string | null> {
  const d = await getDialog(tx, dialogId);
  return d.department_id === null ? null : ((await findDepartmentInBusiness(tx, d.business_id, d.department_id))?.code ?? null);
}

/**
 * A bot message longer than a message may be (a script's text grows with {{attribute}} values) is cut
 * to the limit, and the script's log says so: stored and sent as the lead will see it, never refused
 * later by the schema every message and event is read with.
 */
function fitted(run: Run, m: Run['messages'][number]): Run['messages'][number] {
  if (m.text.length <= LIMITS.messageText) return m;
  run.log('warn', `a message of ${m.text.length} characters was cut to ${LIMITS.messageText}, the longest a message may be`);
  return { ...m, text: m.text.slice(0, LIMITS.messageText) };
}
