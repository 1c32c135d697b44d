import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, testRuntime, type TestRuntime } from '../test/harness';
import { buildSession, buildWorld } from '../test/factories';
import { pruneOnce } from './background';
import { commit } from './realtime/commit';
import { event } from './realtime/events';

const DAY = 86_400_000;

describe.each(await dialects())('housekeeping on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
  });
  afterAll(async () => rt?.dispose());

  it('drops only what is past its keeping time', async () => {
    const w = await buildWorld(rt.ctx.db);
    const now = Date.now();
    await commit(rt.ctx, w.business.id, async () => ({ result: null, events: [event('operator.status', { userId: w.op1.id, status: 'online' })] }));
    await buildSession(rt.ctx.db, { userId: w.op1.id, businessId: w.business.id, ttlMs: -1 }); // expired
    await buildSession(rt.ctx.db, { userId: w.op2.id, businessId: w.business.id }); // live
    const log = { business_id: w.business.id, bot_id: w.bot.id, lead_id: null, script: 'start', level: 'log' as const, message: 'x' };
    await rt.ctx.db
      .insertInto('script_logs')
      .values([
        { ...log, created_at: now - 31 * DAY },
        { ...log, created_at: now - DAY },
      ])
      .execute();
    const row = {
      business_id: w.business.id,
      channel_id: w.channel.id,
      lead_id: 1,
      message_id: null,
      payload: '{}',
      attempts: 1,
      next_attempt_at: 0,
      locked_until: 0,
      last_error: null,
      first_failed_at: null,
      created_at: 0,
    };
    await rt.ctx.db
      .insertInto('outbox')
      .values([
        { ...row, status: 'done', done_at: now - 8 * DAY },
        { ...row, status: 'done', done_at: now - DAY },
        { ...row, status: 'dead', done_at: null },
      ])
      .execute();

    // Today: the expired session, the 31-day-old log line and the row delivered 8 days ago.
    expect(await pruneOnce(rt.ctx, Date.now())).toMatchObject({ events: 0, sessions: 1, scriptLogs: 1, outbox: 1 });
    // Eight days on: the event (kept 7 days), the other session, the rest of the delivered rows.
    expect(await pruneOnce(rt.ctx, now + 8 * DAY)).toMatchObject({ events: 1, sessions: 1, scriptLogs: 0, outbox: 1 });
    const left = await rt.ctx.db.selectFrom('outbox').select('status').where('business_id', '=', w.business.id).execute();
    expect(left).toEqual([{ status: 'dead' }]); // undelivered rows are never pruned
  });
});
