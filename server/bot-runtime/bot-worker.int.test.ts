import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBot, buildBusiness, buildChannel, buildLead, buildScript } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { LeaseLost, type Lease } from '../jobs/lease';
import { claimJob, enqueueBotJob, type BotJob } from '../bots/bot-jobs.repo';
import { handleBotJob } from './handle-job';
import { createScriptEngine } from './js-engine';

/** A lease as the runner hands it, fixed at `held` (no renewals in these tests). */
const leaseAt = (held: number): Lease => ({ until: held, signal: new AbortController().signal, fenced: (fn) => fn(held) });

describe.each(await dialects())("a bot run's commit fenced on its lease on %s", (dialect) => {
  let rt: TestRuntime;
  let ids: { businessId: number; botId: number; leadId: number };

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    const business = await buildBusiness(rt.ctx.db);
    const bot = await buildBot(rt.ctx.db, { businessId: business.id });
    const channel = await buildChannel(rt.ctx.db, { businessId: business.id, botId: bot.id });
    const lead = await buildLead(rt.ctx.db, { businessId: business.id, botId: bot.id, channelId: channel.id });
    ids = { businessId: business.id, botId: bot.id, leadId: lead.id };
    await buildScript(rt.ctx.db, { businessId: business.id, botId: bot.id, code: 'hello', commands: [{ type: 'send_text', text: 'Hello from the bot' }] });
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  const botMessages = async () =>
    (await rt.ctx.db.selectFrom('messages').select('text').where('lead_id', '=', ids.leadId).where('author', '=', 'bot').execute()).map((m) => m.text);
  const claimed = async (): Promise<{ job: BotJob; held: number }> => {
    const now = Date.now();
    const id = await enqueueBotJob(rt.ctx.db, { ...ids, kind: 'script', ref: 'hello', runAt: now, now });
    const job = await rt.ctx.db.selectFrom('bot_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await claimJob(rt.ctx.db, job, now, now + 10_000)).toBe(true);
    return { job, held: now + 10_000 };
  };

  it("writes nothing of a run whose job was taken over meanwhile; its new holder's run is written once", async () => {
    const deps = { ...rt.ctx, js: createScriptEngine(rt.ctx) };
    const { job, held } = await claimed();
    // Another worker took the job over (our lease had expired): locked_until is its value now.
    const theirs = held + 20_000;
    await rt.ctx.db.updateTable('bot_jobs').set({ locked_until: theirs }).where('id', '=', job.id).execute();

    await expect(handleBotJob(deps, job, leaseAt(held))).rejects.toBeInstanceOf(LeaseLost);
    expect(await botMessages()).toEqual([]); // the message, the event and the job's end rolled back together

    await handleBotJob(deps, job, leaseAt(theirs));
    expect(await botMessages()).toEqual(['Hello from the bot']);
    expect(await rt.ctx.db.selectFrom('bot_jobs').select('id').where('id', '=', job.id).executeTakeFirst()).toBeUndefined();
  });
});
