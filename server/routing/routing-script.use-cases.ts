import { hasRole, type Actor } from '../shared/actor';
import { badInput, forbidden } from '../errors';
import { commit, event } from '../realtime/index';
import type { AppContext } from '../context';
import { deleteRoutingScript, findRoutingScript, listRoutingLogs, saveRoutingScript, type RoutingLogRow, type RoutingScriptRow } from './routing-script.repo';
import { recordAudit } from '../audit/index';
import { cursorCodec } from '../shared/cursor';

const logCursor = cursorCodec('routing-logs', ['id']);

/** Who writes and reads the business's routing script and its log: administrators and script editors. */
function mayScriptRouting(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'script_editor')) throw forbidden('Only administrators and script editors work on the routing script');
}

export async function getRoutingScript(ctx: Pick<AppContext, 'db'>, actor: Actor): Promise<RoutingScriptRow | undefined> {
  mayScriptRouting(actor);
  return findRoutingScript(ctx.db, actor.businessId);
}

/**
 * Sets the business's routing script; it must parse (nothing of it runs here). The queue is drained
 * at once (`distribution.changed`), so dialogs waiting now meet the new decision.
 */
export async function putRoutingScript(ctx: Pick<AppContext, 'db' | 'bus' | 'clock' | 'sandbox'>, actor: Actor, code: string): Promise<RoutingScriptRow> {
  mayScriptRouting(actor);
  const syntax = ctx.sandbox.checkSyntax(code, 'script', 'routing.js');
  if (!syntax.ok) {
    // Code cut short is reported just past its last line (where the sandbox's wrapper closes it): point at the last line.
    const last = code.split('\n').length;
    const where = syntax.line > last ? `line ${last}` : `line ${syntax.line}${syntax.column !== undefined ? `, column ${syntax.column}` : ''}`;
    throw badInput('code', `${where}: ${syntax.message}`);
  }
  const userId = actor.kind === 'user' ? actor.userId : null;
  const { result } = await commit(ctx, actor.businessId, async (tx) => {
    const saved = await saveRoutingScript(tx, { businessId: actor.businessId, code, userId, now: ctx.clock() });
    await recordAudit(tx, actor, { action: 'routing_script.save', target: { type: 'routing_script', id: null }, details: { code }, now: ctx.clock() });
    return { result: saved, events: [event('distribution.changed', {})] };
  });
  return result;
}

/** Back to the built-in rule. Returns whether there was a script. */
export async function removeRoutingScript(ctx: Pick<AppContext, 'db' | 'bus' | 'clock'>, actor: Actor): Promise<boolean> {
  mayScriptRouting(actor);
  const { result } = await commit(ctx, actor.businessId, async (tx) => {
    const had = await deleteRoutingScript(tx, actor.businessId);
    if (had) await recordAudit(tx, actor, { action: 'routing_script.delete', target: { type: 'routing_script', id: null }, now: ctx.clock() });
    return { result: had, events: had ? [event('distribution.changed', {})] : [] };
  });
  return result;
}

/** A page of the routing log, newest first (optionally one dialog's). */
export async function readRoutingLog(
  ctx: Pick<AppContext, 'db'>,
  actor: Actor,
  q: { dialogId?: number | undefined; cursor?: string | undefined; limit: number },
): Promise<{ rows: RoutingLogRow[]; nextCursor: string | null }> {
  mayScriptRouting(actor);
  const page = await listRoutingLogs(ctx.db, actor.businessId, { dialogId: q.dialogId, before: logCursor.read(q.cursor)?.id, limit: q.limit });
  return { rows: page.rows, nextCursor: logCursor.next(page.rows.at(-1), page.hasMore) };
}
