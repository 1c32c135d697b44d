// The lead.* and bot.* API given to user code, with the platform's documented names. Reads come
// from the run's copy of the lead; writes change that copy and are committed with the run.
import type { HostApi, Json } from '../scripting/index';
import type { Executor } from '../storage/db';
import { router } from '../routing/index';
import { findLeads } from '../leads/index';
import type { Run } from './run';
import { botDataApi, leadDataApi } from './js-api-lead';
import type { BotJobParams } from '../bots/index';
import { LIMITS, NUL_REFUSED } from '../../contracts/limits';

const text = (v: Json | undefined, what: string, max: number = LIMITS.messageText): string => {
  if (v === undefined || v === null) throw new Error(`${what} is required`);
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (s.length > max) throw new Error(`${what} is longer than ${max} characters`);
  // The same rule as the HTTP API's (contracts/limits.ts): PostgreSQL cannot store a NUL in text.
  if (s.includes('\u0000')) throw new Error(`${what} ${NUL_REFUSED}`);
  return s;
};
const optionalText = (v: Json | undefined) => (v === undefined || v === null || v === '' ? null : String(v));
const bool = (v: Json | undefined, dflt: boolean) => (v === undefined || v === null ? dflt : Boolean(v));

/**
 * A scheduled job from jobParams: when ({run_at: epoch seconds or ISO date, run_after_sec}), whether it
 * repeats ({is_periodic: true, repeat_interval_sec} as documented, or the older {every_sec}), and what it
 * carries (add_tags, remove_tags, script_request_params, condition_script_code).
 */
function schedule(params: Json | undefined, now: number): { runAt: number; everySec: number | null; params: BotJobParams } {
  const p = (params && typeof params === 'object' && !Array.isArray(params) ? params : {}) as Record<string, Json>;
  let runAt = now;
  if (p.run_at !== undefined && p.run_at !== null) {
    runAt = typeof p.run_at === 'number' ? p.run_at * 1000 : Date.parse(String(p.run_at));
    if (!Number.isFinite(runAt)) throw new Error('jobParams.run_at: epoch seconds or an ISO date');
  } else if (p.run_after_sec !== undefined && p.run_after_sec !== null) {
    const s = Number(p.run_after_sec);
    if (!Number.isFinite(s) || s < 0) throw new Error('jobParams.run_after_sec: seconds, 0 or more');
    runAt = now + s * 1000;
  }
  const interval = p.repeat_interval_sec ?? p.every_sec;
  if (p.is_periodic === true && (interval === undefined || interval === null))
    throw new Error('jobParams.is_periodic needs repeat_interval_sec (seconds, at least 60)');
  if (p.is_periodic === false || interval === undefined || interval === null) return { runAt, everySec: null, params: jobExtras(p) };
  const every = Number(interval);
  if (!Number.isInteger(every) || every < 60) throw new Error('jobParams.repeat_interval_sec: whole seconds, at least 60');
  return { runAt, everySec: every, params: jobExtras(p) };
}

/** jobParams' tags ('a,b' or a list), script_request_params (an object) and condition_script_code. */
function jobExtras(p: Record<string, Json>): BotJobParams {
  const tags = (v: Json | undefined, what: string) => {
    if (v === undefined || v === null) return undefined;
    const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v.map(String) : null;
    if (!list) throw new Error(`jobParams.${what}: 'tag1,tag2' or a list of tags`);
    return list.map((t) => text(t.trim(), `jobParams.${what}`, LIMITS.tag)).filter((t) => t !== '');
  };
  const out: BotJobParams = {};
  const add = tags(p.add_tags, 'add_tags');
  const remove = tags(p.remove_tags, 'remove_tags');
  if (add?.length) out.addTags = add;
  if (remove?.length) out.removeTags = remove;
  const rp = p.script_request_params;
  if (rp !== undefined && rp !== null) {
    if (typeof rp !== 'object' || Array.isArray(rp)) throw new Error('jobParams.script_request_params: an object');
    out.requestParams = rp as Record<string, Json>;
  }
  if (p.condition_script_code !== undefined && p.condition_script_code !== null && p.condition_script_code !== '')
    out.condition = text(p.condition_script_code, 'jobParams.condition_script_code', 10_000);
  return out;
}

/** Builds the host API for one run. */
export function buildJsApi(run: Run, deps: { db: Executor; now: () => number }): HostApi {
  const lead = run.lead;
  const scope = { businessId: lead.businessId, botId: lead.botId };
  // Whether the lead may be handed to operators automatically now (also bot.canAutoForward).
  const canAutoForward = () => lead.data.state === 'bot' || lead.data.state === 'closed' || lead.data.state === 'waiting';
  return {
    lead: {
      // Data, attributes, tags and status (js-api-lead.ts).
      ...leadDataApi(run, deps),
      setForwarded: (flag) => {
        if (bool(flag, true)) run.transfer ??= { departmentCode: null };
        else run.returnToBot ??= { script: null };
        return true;
      },
      canAutoForward,
      getNextOperators: async (departmentCode, isOnline) =>
        router.nextOperators(deps.db, {
          businessId: lead.businessId,
          departmentCode: optionalText(departmentCode),
          onlineOnly: bool(isOnline, true),
          now: deps.now(),
        }),
      assignDialogToOperator: (operatorId) => {
        const id = Number(operatorId);
        if (!Number.isInteger(id) || id < 1) throw new Error('assignDialogToOperator: an operator id');
        run.assign = { operatorId: id };
        return true;
      },
      // Documented signature: (departmentCode = null, isOnline = true, isForwardIfOperatorNotFound = true, useLocks = true).
      // The choice is re-made under the lead's lock when the run commits (useLocks is always on).
      assignDialogToNextOperator: async (departmentCode, isOnline, isForwardIfOperatorNotFound) => {
        const next = { departmentCode: optionalText(departmentCode), onlineOnly: bool(isOnline, true), forwardIfNone: bool(isForwardIfOperatorNotFound, true) };
        run.assign = { next };
        const [first] = await router.nextOperators(deps.db, {
          businessId: lead.businessId,
          departmentCode: next.departmentCode,
          onlineOnly: next.onlineOnly,
          now: deps.now(),
        });
        return first ?? null;
      },
    },
    bot: {
      ...botDataApi(run, deps),
      canAutoForward,
      sendMessage: (message) => {
        run.messages.push({ text: text(message, 'message'), payload: null });
        return true;
      },
      // By analogy with runTriggerByCodeForLead: (code, leadId, ticketId, addToQueue, jobParams).
      runScriptForLead: (script, leadId, ticketId, _addToQueue, jobParams) => {
        const code = text(script, 'script', 64);
        if (run.known && !run.known.scripts.has(code)) {
          run.log('warn', `bot.runScriptForLead: no script "${code}" in this bot: nothing scheduled`);
          return false;
        }
        const when = schedule(jobParams, deps.now());
        run.jobs.push({
          leadId: leadId == null ? lead.id : Number(leadId),
          kind: 'script',
          ref: code,
          runAt: when.runAt,
          everySec: when.everySec,
          params: { ...when.params, ...(ticketId == null ? {} : { ticketId }) },
        });
        return true;
      },
      // Documented signature: (code, leadId, ticketId, addToQueue, jobParams).
      runTriggerByCodeForLead: (code, leadId, ticketId, _addToQueue, jobParams) => {
        const ref = text(code, 'trigger code', 64);
        const enabled = run.known?.triggers.get(ref);
        if (run.known && enabled !== true) {
          run.log(
            'warn',
            `bot.runTriggerByCodeForLead: ${enabled === undefined ? `no trigger "${ref}" in this bot` : `trigger "${ref}" is off`}: nothing scheduled`,
          );
          return false;
        }
        const when = schedule(jobParams, deps.now());
        run.jobs.push({
          leadId: leadId == null ? lead.id : Number(leadId),
          kind: 'trigger',
          ref,
          runAt: when.runAt,
          everySec: when.everySec,
          params: { ...when.params, ...(ticketId == null ? {} : { ticketId }) },
        });
        return true;
      },
      findLeads: async (columns, where, orderBy, limit, offset) => (await findLeads(deps.db, scope, { columns, where, orderBy, limit, offset })) as Json,
    },
  };
}
