// Automatic distribution at scale, in one process: how long one assignment decision takes with 1,000
// operators and 10,000 waiting dialogs (built in, on the view a drain holds in memory; scripted, the
// business's script in the sandbox with the dialog, its lead and every operator), how long committing a
// decision takes (the transaction with its compare-and-set), and how long a waiting dialog waits for an
// operator once one gets room (an operator comes Online → the drain's dialog.assigned event).
//   npm run bench:routing -- [--operators 1000] [--waiting 10000] [--decisions 500] [--wakeups 50] [--dialect sqlite|postgres]
// prints one JSON line.
import { parseArgs } from 'node:util';
import type { EventEnvelope } from '../contracts/events';
import { commit } from '../server/realtime/index';
import { createQueueDrainer, router } from '../server/routing/index';
import { loadOperatorView } from '../server/routing/candidates';
import { chooseOperators } from '../server/routing/pick-operator';
import { setOperatorStatus } from '../server/accounts/set-operator-status';
import { lockLead } from '../server/storage/locks';
import { routingInput } from '../server/routing/routing-input';
import { runRoutingScript } from '../server/routing/routing-script';
import { buildBot, buildBusiness, buildChannel } from '../test/factories';
import { testRuntime, type Dialect } from '../test/harness';
import { seedOperators } from './seed-operators';

const { values } = parseArgs({
  options: {
    operators: { type: 'string', default: '1000' },
    waiting: { type: 'string', default: '10000' },
    decisions: { type: 'string', default: '500' },
    wakeups: { type: 'string', default: '50' },
    dialect: { type: 'string', default: 'sqlite' },
  },
});
const operators = Number(values.operators);
const waiting = Number(values.waiting);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(3));
};
const summary = (xs: number[]) => ({ p50: pct(xs, 50), p99: pct(xs, 99), max: pct(xs, 100) });

async function main(): Promise<void> {
  const rt = await testRuntime(values.dialect as Dialect);
  try {
    const db = rt.ctx.db;
    const now = Date.now();
    // Seeded in bulk: operators Online with room for the whole run, leads each with a waiting dialog.
    const { businessId, operatorIds } = await db.transaction().execute(async (tx) => {
      const business = await buildBusiness(tx, { name: 'Routing bench' });
      const bot = await buildBot(tx, { businessId: business.id });
      const channel = await buildChannel(tx, { businessId: business.id, botId: bot.id });
      const ids = await seedOperators(tx, business.id, operators, { maxDialogs: 50, at: now });
      for (let i = 0; i < waiting; i++) {
        const lead = await tx
          .insertInto('leads')
          .values({
            business_id: business.id,
            bot_id: bot.id,
            channel_id: channel.id,
            messenger_id: `lead-${i}`,
            name: `Lead ${i}`,
            language: null,
            state: 'waiting',
            unread_count: 0,
            is_forwarded: 1,
            created_at: now + i,
            last_activity_at: now + i,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const dialog = await tx
          .insertInto('dialogs')
          .values({ business_id: business.id, lead_id: lead.id, state: 'waiting', department_id: null, assignee_id: null, created_at: now + i })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.updateTable('leads').set({ current_dialog_id: dialog.id }).where('id', '=', lead.id).execute();
        // One lead in ten is a VIP (for the scripted decision).
        if (i % 10 === 0) await tx.insertInto('lead_attributes').values({ lead_id: lead.id, name: 'vip', value: '1' }).execute();
      }
      // Fifty seniors.
      const senior = await tx
        .insertInto('departments')
        .values({ business_id: business.id, code: 'senior', name: 'Seniors', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('user_departments')
        .values(ids.slice(0, 50).map((user_id) => ({ user_id, department_id: senior.id })))
        .execute();
      return { businessId: business.id, operatorIds: ids };
    });

    // 1. One built-in decision: the order to offer a waiting dialog in, from the view of 1,000 operators
    //    a drain holds in memory (read once per pass).
    const view = await loadOperatorView(db, businessId, Date.now());
    const rank: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      chooseOperators(
        view,
        { onlineOnly: true, departmentId: null, excludeOperatorIds: [operatorIds[i % operators]!], preferOperatorId: operatorIds[(i * 7) % operators]! },
        5,
      );
      rank.push(performance.now() - t);
    }

    // 2. One scripted decision: the business's script (VIP leads to the least loaded senior, else the rule)
    //    run in the sandbox with the dialog, its lead and the 1,000 operators.
    const waitingIds = await db
      .selectFrom('dialogs')
      .select(['id', 'lead_id', 'created_at'])
      .where('business_id', '=', businessId)
      .where('state', '=', 'waiting')
      .orderBy('id')
      .execute();
    const code = `const lead = routing.lead();
      if (lead.attrs.vip !== '1') return null;
      const seniors = routing.operators({ department: 'senior', available: true });
      seniors.sort((a, b) => a.openDialogs - b.openDialogs);
      return seniors.length ? { operatorId: seniors[0].id } : null;`;
    const codes = new Map(
      (await db.selectFrom('departments').select(['id', 'code']).where('business_id', '=', businessId).execute()).map((d) => [d.id, d.code]),
    );
    const scripted: number[] = [];
    for (let i = 0; i < Number(values.decisions) + 50; i++) {
      const d = waitingIds[i]!;
      const input = await routingInput(db, {
        dialog: { id: d.id, leadId: d.lead_id, departmentId: null, waitingSince: d.created_at },
        departmentCodes: codes,
        view,
        previousOperatorId: null,
        suggested: chooseOperators(view, { onlineOnly: true, departmentId: null }, 5),
        now: Date.now(),
      });
      const t = performance.now();
      const out = await runRoutingScript(rt.ctx.sandbox, { businessId, code, input, allowPrivate: false });
      if (out.failed) throw new Error(out.lines.map((l) => l.message).join('; '));
      if (i >= 50) scripted.push(performance.now() - t);
    }

    // 3. Committing a decision: the dialog's transaction with the lead's lock, the operator's lock and
    //    fresh count (the compare-and-set), the assignment and its events.
    const commitMs: number[] = [];
    let next = 0;
    for (const d of waitingIds.slice(0, 50 + Number(values.decisions))) {
      const order = chooseOperators(view, { onlineOnly: true, departmentId: null }, 5);
      const t = performance.now();
      await commit(rt.ctx, businessId, async (tx) => {
        await lockLead(tx, d.lead_id);
        const r = await router.assignFirst(tx, { onlineOnly: true, businessId, dialogId: d.id, now: Date.now(), order });
        return { result: r.operatorId, events: r.events };
      });
      if (next++ >= 50) commitMs.push(performance.now() - t);
    }

    // 3. Capacity → assignment: everyone Offline but one operator, who comes Online; the drain (listening
    // to committed events, as in a running server) gives the oldest waiting dialog to them.
    await db.updateTable('users').set({ status: 'offline' }).where('business_id', '=', businessId).execute();
    await db
      .updateTable('businesses')
      .set({ settings: JSON.stringify({ autoAssign: true }) })
      .where('id', '=', businessId)
      .execute();
    const drainer = createQueueDrainer(rt.ctx, { sweepMs: 3_600_000 });
    const wake: number[] = [];
    try {
      for (let i = 0; i < Number(values.wakeups); i++) {
        const operatorId = operatorIds[i]!;
        const assigned = new Promise<number>((resolve) => {
          const off = rt.ctx.bus.subscribe((_b, events: EventEnvelope[]) => {
            if (events.some((e) => e.type === 'dialog.assigned')) {
              off();
              resolve(performance.now());
            }
          });
        });
        const t = performance.now();
        await setOperatorStatus(rt.ctx, { actor: { kind: 'system', businessId, reason: 'router' }, userId: operatorId, status: 'online' });
        wake.push((await assigned) - t);
        await drainer.idle();
        // Back Offline with the dialog: the next round starts with nobody Online again.
        await setOperatorStatus(rt.ctx, { actor: { kind: 'system', businessId, reason: 'router' }, userId: operatorId, status: 'offline' });
        await drainer.idle();
      }
    } finally {
      await drainer.stop();
    }

    console.log(
      JSON.stringify({
        dialect: values.dialect,
        operators,
        waiting,
        decision_builtin_ms: { ...summary(rank), n: rank.length },
        decision_scripted_ms: { ...summary(scripted), n: scripted.length },
        commit_ms: { ...summary(commitMs), n: commitMs.length },
        capacity_to_assigned_ms: { ...summary(wake), n: wake.length },
      }),
    );
  } finally {
    await rt.dispose();
  }
}

void main();
