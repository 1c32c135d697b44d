// The lead.* and bot.* API given to user code, with the platform's documented names. Reads come
// from the run's copy of the lead; writes change that copy and are committed with the run.
import type { HostApi, Json } from '../scripting/index';
import type { Executor } from '../storage/db';
import { router } from '../routing/index';
import { findLeads } from '../leads/index';
import type { Run } from './run';
import { ATTRIBUTE_NAME, LIMITS, NUL_REFUSED } from '../../contracts/limits';

function attrName(v: Json | undefined): string {
  if (typeof v !== 'string' || !ATTRIBUTE_NAME.test(v)) throw new Error(`attribute name must be letters, digits and _ (got ${JSON.stringify(v)})`);
  return v;
}
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

/** When a scheduled job runs: jobParams {run_at: epoch seconds or ISO date, run_after_sec, every_sec}. */
function schedule(params: Json | undefined, now: number): { runAt: number; everySec: number | null } {
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
  const every = p.every_sec === undefined || p.every_sec === null ? null : Number(p.every_sec);
  if (every !== null && (!Number.isInteger(every) || every < 60)) throw new Error('jobParams.every_sec: whole seconds, at least 60');
  return { runAt, everySec: every };
}

/** Builds the host API for one run. */
export function buildJsApi(run: Run, deps: { db: Executor; now: () => number }): HostApi {
  const lead = run.lead;
  const scope = { businessId: lead.businessId, botId: lead.botId };
  return {
    lead: {
      getAttr: (name) => lead.attrs[attrName(name)] ?? null,
      setAttr: (name, value) => {
        run.setAttr(attrName(name), text(value, 'value', LIMITS.attributeValue));
        return true;
      },
      getAllAttr: () => ({ ...lead.attrs }),
      deleteAttr: (name) => {
        run.deleteAttr(attrName(name));
        return true;
      },
      getIntAttr: (name) => {
        const n = Number.parseInt(lead.attrs[attrName(name)] ?? '', 10);
        return Number.isFinite(n) ? n : null;
      },
      getJsonAttr: (name) => {
        const raw = lead.attrs[attrName(name)];
        if (raw === undefined) return null;
        try {
          return JSON.parse(raw) as Json;
        } catch {
          return null;
        }
      },
      setJsonAttr: (name, value) => {
        run.setAttr(attrName(name), JSON.stringify(value ?? null));
        return true;
      },
      addTag: (tag) => {
        run.addTag(text(tag, 'tag', LIMITS.tag));
        return true;
      },
      deleteTag: (tag) => {
        run.removeTag(text(tag, 'tag', LIMITS.tag));
        return true;
      },
      isTagExist: (tag) => lead.tags.has(String(tag)),
      getAllTags: () => [...lead.tags].sort(),
      setStatusByName: (name) => {
        run.setStatus(optionalText(name));
        return true;
      },
      getStatusName: () => lead.status,
      isInStatus: (name) => lead.status === String(name),
      getData: (key) => {
        if (key === undefined || key === null) return { ...lead.data };
        const k = String(key);
        if (!(k in lead.data)) throw new Error(`lead.getData: unknown key "${k}" (known: ${Object.keys(lead.data).join(', ')})`);
        return lead.data[k] ?? null;
      },
      setForwarded: (flag) => {
        if (bool(flag, true)) run.transfer ??= { departmentCode: null };
        else run.returnToBot ??= { script: null };
        return true;
      },
      canAutoForward: () => lead.data.state === 'bot' || lead.data.state === 'closed' || lead.data.state === 'waiting',
      getNextOperators: async (departmentCode, isOnline) =>
        router.nextOperators(deps.db, { businessId: lead.businessId, departmentCode: optionalText(departmentCode), onlineOnly: bool(isOnline, true) }),
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
        const [first] = await router.nextOperators(deps.db, { businessId: lead.businessId, departmentCode: next.departmentCode, onlineOnly: next.onlineOnly });
        return first ?? null;
      },
    },
    bot: {
      sendMessage: (message) => {
        run.messages.push({ text: text(message, 'message'), payload: null });
        return true;
      },
      runScriptForLead: (script, leadId) => {
        run.jobs.push({
          leadId: leadId == null ? lead.id : Number(leadId),
          kind: 'script',
          ref: text(script, 'script', 64),
          runAt: null,
          everySec: null,
          params: {},
        });
        return true;
      },
      // Documented signature: (code, leadId, ticketId, addToQueue, jobParams).
      runTriggerByCodeForLead: (code, leadId, ticketId, _addToQueue, jobParams) => {
        const when = schedule(jobParams, deps.now());
        run.jobs.push({
          leadId: leadId == null ? lead.id : Number(leadId),
          kind: 'trigger',
          ref: text(code, 'trigger code', 64),
          runAt: when.runAt,
          everySec: when.everySec,
          params: ticketId == null ? {} : { ticketId },
        });
        return true;
      },
      findLeads: async (columns, where, orderBy, limit, offset) => (await findLeads(deps.db, scope, { columns, where, orderBy, limit, offset })) as Json,
    },
  };
}
