import type { LeadDataEvent } from '../../contracts/scripts';
import { hasChanges, type LeadChanges } from '../leads/index';
import type { Executor } from '../storage/db';
import { enqueueBotJob, type BotJobParams } from './bot-jobs.repo';
import { triggersOn } from './runtime.repo';

/** How many trigger hops a chain of lead changes may take before it is cut (a trigger firing itself). */
export const MAX_TRIGGER_DEPTH = 5;

/** A trigger to queue besides those the changes fire: a run_trigger command's. */
export interface ExplicitTrigger {
  code: string;
  delaySec: number;
  params: BotJobParams;
}

/**
 * Queues, in the caller's transaction, a bot job for every enabled trigger of the lead's bot that the
 * changes fire (and the explicit ones), whoever changed the lead: a bot run, an operator, an API
 * token. Durable: the jobs commit with the change. `depth` is how many trigger hops led to the
 * change (0: a person, the API, a lead's message); at MAX_TRIGGER_DEPTH nothing is queued and the
 * codes are answered as `cut`, for the caller to log.
 */
export async function queueLeadTriggers(
  tx: Executor,
  o: {
    lead: { id: number; business_id: number; bot_id: number };
    changes: LeadChanges;
    explicit?: readonly ExplicitTrigger[];
    /** Params for the jobs of triggers a given change fires (lead.deleteAttrs' ticketId and scriptRequestParams). */
    paramsFor?: (kind: LeadDataEvent, value: string) => BotJobParams | undefined;
    depth: number;
    now: number;
  },
): Promise<{ queued: string[]; cut: string[] }> {
  const { lead, changes: c } = o;
  const fired: ExplicitTrigger[] = [...(o.explicit ?? [])];
  const on = async (kind: LeadDataEvent, values: readonly string[]) => {
    if (values.length === 0) return;
    for (const t of await triggersOn(tx, lead.bot_id, kind)) {
      const value = t.match ? values.find((v) => v === t.match) : values[0];
      if (value !== undefined) fired.push({ code: t.code, delaySec: 0, params: o.paramsFor?.(kind, value) ?? {} });
    }
  };
  if (hasChanges(c)) await on('lead_changed', ['*']);
  await on('attribute_changed', [...c.attributesSet, ...c.attributesDeleted]);
  if (c.status) await on('status_changed', [c.status.to ?? '']);
  await on('tag_added', c.tagsAdded);
  await on('tag_removed', c.tagsRemoved);
  await on('context_added', c.contextsAdded);
  await on('context_removed', c.contextsRemoved);
  if (fired.length === 0) return { queued: [], cut: [] };
  if (o.depth >= MAX_TRIGGER_DEPTH) return { queued: [], cut: fired.map((f) => f.code) };
  for (const f of fired) {
    await enqueueBotJob(tx, {
      businessId: lead.business_id,
      botId: lead.bot_id,
      leadId: lead.id,
      kind: 'trigger',
      ref: f.code,
      params: { ...f.params, depth: o.depth + 1 },
      runAt: o.now + f.delaySec * 1000,
      now: o.now,
    });
  }
  return { queued: fired.map((f) => f.code), cut: [] };
}

/** The log line of a chain cut at the depth limit. */
export function cutMessage(codes: readonly string[]): string {
  return `triggers ${codes.join(', ')} not run: a chain of ${MAX_TRIGGER_DEPTH} triggers firing each other was cut`;
}
