import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildApiToken, buildScript, buildSession, buildUser } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { expectCursorRefused, readPages, withCursor } from '../../test/pages';
import { call, httpWorld, leadSays, type Headers } from '../../test/world';
import { createBotWorker, type BotWorker } from '../bot-runtime/bot-worker';
import { createScriptEngine } from '../bot-runtime/js-engine';
import { BotCache } from '../bot-runtime/handle-job';
import type { App } from '../http/app-type';
import { MAX_TRIGGER_DEPTH } from './lead-triggers';

type World = Awaited<ReturnType<typeof httpWorld>>;
const HOUR = 3_600_000;

// Triggers fire on every change of a lead, whoever makes it; periodic jobs repeat; scripts and
// triggers are scheduled from outside (POST /api/v1/bots/:botId/jobs/schedule). The worker's clock
// is moved by hand: nothing here waits for time to pass.
describe.each(await dialects())('triggers, periodic and scheduled bot jobs on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let worker: BotWorker;
  let offset = 0;
  const clock = () => Date.now() + offset;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    // No bot cache: each test adds scripts and triggers after its lead's first message.
    worker = createBotWorker({ ...rt.ctx, clock, js: createScriptEngine({ ...rt.ctx, clock }), bots: new BotCache(0) });
  });
  afterAll(async () => {
    await worker.stop();
    await app.close();
    await rt.dispose();
  });

  const history = async (w: World, leadId: number) =>
    (await call(app, 'GET', `/api/v1/leads/${leadId}/messages?limit=100`, w.as.admin)).body.messages
      .filter((m: { author: string }) => m.author === 'bot')
      .map((m: { text: string }) => m.text);
  const attrs = async (w: World, leadId: number) => (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body.attributes;
  const logs = async (w: World) =>
    (await call(app, 'GET', `/api/v1/bots/${w.bot.id}/logs?limit=100`, w.as.admin)).body.logs.map((l: { message: string }) => l.message);
  const trigger = (w: World, body: Record<string, unknown>) =>
    call(app, 'PUT', `/api/v1/bots/${w.bot.id}/triggers/${String(body.code)}`, w.as.admin, { name: 'T', ...body });
  const script = (w: World, code: string, commands: unknown[]) => buildScript(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, code, commands });
  const schedule = (w: World, who: Headers, body: unknown, botId = w.bot.id) => call(app, 'POST', `/api/v1/bots/${botId}/jobs/schedule`, who, body);

  async function world() {
    offset = 0;
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'lead', 'hi', 'Ira');
    await worker.runOnce();
    return { w, leadId };
  }

  it("an operator's PATCH adding a tag fires tag_added; a tag the lead already has fires nothing", async () => {
    const { w, leadId } = await world();
    await script(w, 'vip_hello', [{ type: 'send_text', text: 'Hello, VIP' }]);
    expect((await trigger(w, { code: 'on_vip', script: 'vip_hello', on: 'tag_added', match: 'vip' })).status).toBe(200);
    expect((await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.olga, { addTags: ['vip', 'other'] })).status).toBe(200);
    await worker.runOnce();
    expect(await history(w, leadId)).toEqual(['Hello, VIP']);
    // The same tag again is no change.
    await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.olga, { addTags: ['vip'] });
    expect(await worker.runOnce()).toBe(0);
    expect(await history(w, leadId)).toEqual(['Hello, VIP']);
  });

  it('an API token setting the status fires status_changed; lead_changed fires on any change', async () => {
    const { w, leadId } = await world();
    await script(w, 'thank', [{ type: 'set_attribute', name: 'thanked', value: 'yes' }]);
    await script(w, 'count', [{ type: 'run_js', code: "lead.setAttr('changes', (lead.getIntAttr('changes') ?? 0) + 1);" }]);
    await trigger(w, { code: 'on_paid', script: 'thank', on: 'status_changed', match: 'paid' });
    // A bot's own change fires triggers too: this one's change (the counter) is counted only by attribute_changed.
    await trigger(w, { code: 'any', script: 'count', on: 'lead_changed' });
    expect((await trigger(w, { code: 'bad', script: 'count', on: 'lead_changed', match: 'x' })).body.error.message).toContain('omit match');
    const token = await buildApiToken(rt.ctx.db, { businessId: w.business.id, roles: ['operator'] });
    const r = await call(app, 'PATCH', `/api/v1/leads/${leadId}`, { authorization: `Bearer ${token.secret}` }, { status: 'paid' });
    expect(r.status).toBe(200);
    // One round: the status change queued on_paid and any; not the jobs those runs queue.
    await worker.runOnce();
    const a = await attrs(w, leadId);
    expect(a.thanked).toBe('yes');
    expect(Number(a.changes)).toBeGreaterThanOrEqual(1);
  });

  it('contexts fire context_added / context_removed, whether a command, JavaScript or an operator changes them', async () => {
    const { w, leadId } = await world();
    await script(w, 'on_paying', [{ type: 'set_attribute', name: 'seen_added', value: 'yes' }]);
    await script(w, 'on_left', [{ type: 'set_attribute', name: 'seen_removed', value: 'yes' }]);
    await script(w, 'enter', [{ type: 'add_context', context: 'paying' }]);
    await script(w, 'leave', [{ type: 'run_js', code: "lead.deleteContext('paying');" }]);
    expect((await trigger(w, { code: 'ctx_in', script: 'on_paying', on: 'context_added', match: 'paying' })).status).toBe(200);
    expect((await trigger(w, { code: 'ctx_out', script: 'on_left', on: 'context_removed' })).status).toBe(200);
    expect((await trigger(w, { code: 'bad', script: 'on_left', on: 'context_added', match: 'x'.repeat(65) })).body.error.message).toContain(
      'not a valid context',
    );
    // A command adds the context: context_added fires; the card shows it.
    await schedule(w, w.as.admin, { script_code: 'enter', lead_id: leadId });
    await worker.runOnce();
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body.contexts).toEqual(['paying']);
    await worker.runOnce();
    expect((await attrs(w, leadId)).seen_added).toBe('yes');
    // JavaScript removes it: context_removed fires.
    await schedule(w, w.as.admin, { script_code: 'leave', lead_id: leadId });
    await worker.runOnce();
    await worker.runOnce();
    expect((await attrs(w, leadId)).seen_removed).toBe('yes');
    // An operator adds it back from the API: context_added fires again.
    await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.admin, { deleteAttributes: ['seen_added'] });
    await worker.runOnce();
    const r = await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.olga, { addContexts: ['paying'] });
    expect(r.status).toBe(200);
    expect(r.body.contexts).toEqual(['paying']);
    await worker.runOnce();
    expect((await attrs(w, leadId)).seen_added).toBe('yes');
  });

  it('lead.deleteAttrs: isSuppressTriggers deletes without firing; ticketId and scriptRequestParams reach the triggers a delete fires', async () => {
    const { w, leadId } = await world();
    await script(w, 'seen', [{ type: 'run_js', code: "var p = bot.getWebhookPayload().script_request_params; lead.setAttr('got', JSON.stringify(p));" }]);
    await trigger(w, { code: 'on_a', script: 'seen', on: 'attribute_changed', match: 'a' });
    await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.admin, { setAttributes: { a: '1', b: '2' } });
    await worker.runOnce();
    await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.admin, { deleteAttributes: ['got'] });
    await script(w, 'quiet', [{ type: 'run_js', code: "lead.deleteAttrs('a', null, null, true, true); lead.setAttr('done', '1');" }]);
    await schedule(w, w.as.admin, { script_code: 'quiet', lead_id: leadId });
    await worker.runOnce();
    expect(await attrs(w, leadId)).toEqual({ b: '2', done: '1' });
    // Nothing was queued by the suppressed delete.
    expect(await rt.ctx.db.selectFrom('bot_jobs').select('id').where('lead_id', '=', leadId).execute()).toEqual([]);
    await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.admin, { setAttributes: { a: '1' } });
    await worker.runOnce();
    await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.admin, { deleteAttributes: ['got'] });
    await script(w, 'loud', [{ type: 'run_js', code: "lead.deleteAttrs(['a'], 7, { reason: 'paid' });" }]);
    await schedule(w, w.as.admin, { script_code: 'loud', lead_id: leadId });
    await worker.runOnce();
    await worker.runOnce();
    expect(JSON.parse((await attrs(w, leadId)).got)).toEqual({ reason: 'paid' });
  });

  it(`cuts a trigger that changes the lead again after ${MAX_TRIGGER_DEPTH} hops, with a warning in the log`, async () => {
    const { w, leadId } = await world();
    await script(w, 'bump', [{ type: 'run_js', code: "lead.setAttr('n', String((lead.getIntAttr('n') ?? 0) + 1));" }]);
    await trigger(w, { code: 'loop', script: 'bump', on: 'attribute_changed', match: 'n' });
    await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.olga, { setAttributes: { n: '0' } });
    for (let i = 0; i < MAX_TRIGGER_DEPTH + 2; i++) await worker.runOnce();
    expect((await attrs(w, leadId)).n).toBe(String(MAX_TRIGGER_DEPTH));
    expect(await logs(w)).toContain(`triggers loop not run: a chain of ${MAX_TRIGGER_DEPTH} triggers firing each other was cut`);
    expect(await rt.ctx.db.selectFrom('bot_jobs').select('id').where('lead_id', '=', leadId).execute()).toEqual([]);
  });

  it('bot.runTriggerByCodeForLead with is_periodic and repeat_interval_sec runs again after its interval; unknown codes answer false', async () => {
    const { w, leadId } = await world();
    await script(w, 'news', [{ type: 'send_text', text: 'News' }]);
    await trigger(w, { code: 'tick', script: 'news', on: 'manual' });
    await trigger(w, { code: 'off', script: 'news', on: 'manual', enabled: false });
    await script(w, 'subscribe', [
      {
        type: 'run_js',
        code: [
          "lead.setAttr('tick', String(bot.runTriggerByCodeForLead('tick', null, null, true, { is_periodic: true, repeat_interval_sec: 3600 })));",
          "lead.setAttr('nope', String(bot.runTriggerByCodeForLead('nope', null, null, true, {})));",
          "lead.setAttr('off', String(bot.runTriggerByCodeForLead('off', null, null, true, {})));",
          "lead.setAttr('noscript', String(bot.runScriptForLead('nowhere')));",
        ].join('\n'),
      },
    ]);
    expect((await schedule(w, w.as.admin, { script_code: 'subscribe', lead_id: leadId })).status).toBe(201);
    await worker.runOnce();
    expect(await attrs(w, leadId)).toMatchObject({ tick: 'true', nope: 'false', off: 'false', noscript: 'false' });
    const log = await logs(w);
    expect(log).toContain('bot.runTriggerByCodeForLead: no trigger "nope" in this bot: nothing scheduled');
    expect(log).toContain('bot.runTriggerByCodeForLead: trigger "off" is off: nothing scheduled');
    expect(log).toContain('bot.runScriptForLead: no script "nowhere" in this bot: nothing scheduled');
    expect(await history(w, leadId)).toEqual(['News']);
    // Not due again before its interval …
    offset = HOUR - 60_000;
    expect(await worker.runOnce()).toBe(0);
    // … and due after it, again and again.
    offset = HOUR + 1_000;
    await worker.runOnce();
    expect(await history(w, leadId)).toEqual(['News', 'News']);
    offset = 2 * HOUR + 2_000;
    await worker.runOnce();
    expect(await history(w, leadId)).toEqual(['News', 'News', 'News']);
  });

  it('schedules a trigger from outside: later, periodic, with tags and a condition; lists and cancels it', async () => {
    const { w, leadId } = await world();
    await script(w, 'remind', [{ type: 'send_text', text: 'Reminder' }]);
    const t = await trigger(w, { code: 'reminder', script: 'remind', on: 'manual' });
    const r = await schedule(w, w.as.bot, {
      trigger_id: t.body.trigger.id,
      lead_id: leadId,
      run_after_sec: 600,
      is_periodic: true,
      repeat_interval_sec: 3600,
      add_tags: 'reminded, twice',
      script_request_params: { order: 42 },
    });
    expect(r.status).toBe(201);
    expect(r.body.job).toMatchObject({ botId: w.bot.id, leadId, kind: 'trigger', code: 'reminder', repeatIntervalSec: 3600, status: 'pending' });
    expect(r.body.job.runAt).toBeGreaterThanOrEqual(Date.now() + 590_000);
    expect(await worker.runOnce()).toBe(0);
    offset = 601_000;
    await worker.runOnce();
    expect(await history(w, leadId)).toEqual(['Reminder']);
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body.tags).toEqual(expect.arrayContaining(['reminded', 'twice']));
    const list = await call(app, 'GET', `/api/v1/bots/${w.bot.id}/jobs?leadId=${leadId}`, w.as.admin);
    expect(list.body.jobs).toHaveLength(1);
    expect(list.body.jobs[0].runAt).toBeGreaterThan(Date.now() + HOUR);
    expect((await call(app, 'DELETE', `/api/v1/bots/${w.bot.id}/jobs/${r.body.job.id}`, w.as.admin)).body).toEqual({ ok: true });
    offset = 2 * HOUR;
    expect(await worker.runOnce()).toBe(0);
    expect((await call(app, 'GET', `/api/v1/bots/${w.bot.id}/jobs`, w.as.admin)).body.jobs).toEqual([]);
    expect((await call(app, 'DELETE', `/api/v1/bots/${w.bot.id}/jobs/${r.body.job.id}`, w.as.admin)).status).toBe(404);

    // A condition that does not return true: the script does not run, the log says why.
    offset = 0;
    const c = await schedule(w, w.as.admin, { script_code: 'remind', lead_id: leadId, condition_script_code: 'if (leadId == 0) return true;' });
    expect(c.status).toBe(201);
    await worker.runOnce();
    expect(await history(w, leadId)).toEqual(['Reminder']);
    expect(await logs(w)).toContain('script "remind" not run: its condition did not return true');
    await schedule(w, w.as.admin, { script_code: 'remind', lead_id: leadId, condition_script_code: `if (leadId == ${leadId}) return true;` });
    await worker.runOnce();
    expect(await history(w, leadId)).toEqual(['Reminder', 'Reminder']);
  });

  it('lists scheduled jobs soonest first, a page at a time', async () => {
    const { w, leadId } = await world();
    await script(w, 'remind', [{ type: 'send_text', text: 'Reminder' }]);
    // Two due at the same time: the one scheduled first comes first.
    const times = ['2030-01-03 00:00:00', '2030-01-01 00:00:00', '2030-01-02 00:00:00', '2030-01-02 00:00:00', '2030-01-04 00:00:00'];
    const ids: number[] = [];
    for (const run_at of times) ids.push((await schedule(w, w.as.admin, { script_code: 'remind', lead_id: leadId, run_at })).body.job.id);
    const url = `/api/v1/bots/${w.bot.id}/jobs?leadId=${leadId}&limit=2`;
    const pages = await readPages((cursor) => call(app, 'GET', withCursor(url, cursor), w.as.admin));
    expect(pages.map((p) => p.jobs.map((j: { id: number }) => j.id))).toEqual([[ids[1], ids[2]], [ids[3], ids[0]], [ids[4]]]);
    expectCursorRefused(await call(app, 'GET', `/api/v1/bots/${w.bot.id}/jobs?cursor=zzz`, w.as.admin));
  });

  it('refuses a bad body with a clear 400, another business or bot as 404, and roles without the right as 403', async () => {
    const { w, leadId } = await world();
    await script(w, 'remind', [{ type: 'send_text', text: 'Reminder' }]);
    await trigger(w, { code: 'sleepy', script: 'remind', on: 'manual', enabled: false });
    const bad = async (body: unknown, path: string, message: string) => {
      const r = await schedule(w, w.as.admin, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]));
    };
    await bad({ lead_id: leadId }, 'body', 'exactly one of script_id, script_code, trigger_id, trigger_code (got none)');
    await bad({ lead_id: leadId, script_code: 'remind', trigger_code: 'x' }, 'body.trigger_code', 'exactly one of');
    await bad({ script_code: 'remind' }, 'body.lead_id', '');
    await bad({ lead_id: leadId, script_code: 'remind', is_periodic: true }, 'body.repeat_interval_sec', 'a periodic job needs repeat_interval_sec');
    await bad({ lead_id: leadId, script_code: 'remind', repeat_interval_sec: 120 }, 'body.is_periodic', 'set is_periodic to true');
    await bad({ lead_id: leadId, script_code: 'remind', is_periodic: true, repeat_interval_sec: 5 }, 'body.repeat_interval_sec', '');
    await bad({ lead_id: leadId, script_code: 'remind', run_at: 'tomorrow' }, 'body.run_at', 'YYYY-MM-DD hh:mm:ss');
    await bad({ lead_id: leadId, script_code: 'remind', run_at: '2026-02-31 10:00:00' }, 'body.run_at', 'YYYY-MM-DD hh:mm:ss');
    await bad({ lead_id: leadId, broadcast_code: 'news' }, 'body.broadcast_code', 'broadcasts are not supported');
    await bad({ lead_id: leadId, script_code: 'remind', add_tags: 5 }, 'body.add_tags', '');
    await bad({ lead_id: leadId, script_code: 'remind', condition_script_code: 'if (' }, 'body.condition_script_code', 'line 1');
    await bad({ lead_id: leadId, script_code: 'remind', surprise: 1 }, 'body', 'surprise');
    // run_at wins over run_after_sec.
    const at = await schedule(w, w.as.admin, { script_code: 'remind', lead_id: leadId, run_at: '2030-01-02 03:04:05', run_after_sec: 5 });
    expect(at.body.job.runAt).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));

    const notFound = async (body: unknown, message: string, botId = w.bot.id) => {
      const r = await schedule(w, w.as.admin, body, botId);
      expect(r.status, JSON.stringify(body)).toBe(404);
      expect(r.body.error.message).toBe(message);
    };
    await notFound({ script_code: 'nowhere', lead_id: leadId }, 'Script "nowhere" of this bot not found');
    await notFound({ trigger_code: 'nowhere', lead_id: leadId }, 'Trigger "nowhere" of this bot not found');
    const stranger = await httpWorld(rt.ctx.db);
    const theirs = await leadSays(app, stranger, 'x', 'hi');
    const theirScript = await buildScript(rt.ctx.db, { businessId: stranger.business.id, botId: stranger.bot.id, code: 'remind', commands: [] });
    await notFound({ script_code: 'remind', lead_id: theirs.leadId }, 'Lead not found');
    await notFound({ script_id: theirScript.id, lead_id: leadId }, `Script ${theirScript.id} of this bot not found`);
    await notFound({ script_code: 'remind', lead_id: leadId }, 'Bot not found', stranger.bot.id);
    expect((await call(app, 'GET', `/api/v1/bots/${stranger.bot.id}/jobs`, w.as.admin)).status).toBe(404);
    const off = await schedule(w, w.as.admin, { trigger_code: 'sleepy', lead_id: leadId });
    expect(off.status).toBe(409);
    expect(off.body.error.message).toContain('"sleepy" is off');

    const operator = (await buildSession(rt.ctx.db, { userId: w.op1.id, businessId: w.business.id })).headers;
    const viewerToken = await buildApiToken(rt.ctx.db, { businessId: w.business.id, roles: ['operator', 'viewer'] });
    for (const who of [operator, { authorization: `Bearer ${viewerToken.secret}` }]) {
      const r = await schedule(w, who, { script_code: 'remind', lead_id: leadId });
      expect(r.status).toBe(403);
      expect(r.body.error.message).toContain('schedule bot jobs');
    }
    const editor = await buildUser(rt.ctx.db, { businessId: w.business.id, roles: ['bot_editor'] });
    const editorSession = (await buildSession(rt.ctx.db, { userId: editor.id, businessId: w.business.id })).headers;
    expect((await schedule(w, editorSession, { script_code: 'remind', lead_id: leadId })).status).toBe(201);
  });
});
