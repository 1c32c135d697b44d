import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeekHours } from '../../contracts/working-hours';
import { testApp } from '../../test/app';
import { buildDepartment, buildScript } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, signedInWith, strangerWorld } from '../../test/world';
import { claimJob, enqueueBotJob } from '../bots/bot-jobs.repo';
import { handleBotJob } from '../bot-runtime/handle-job';
import { createScriptEngine } from '../bot-runtime/js-engine';
import { forwardFromBot } from '../dialogs/index';
import type { Lease } from '../jobs/lease';
import type { App } from '../http/app-type';
import { commit } from '../realtime/index';
import { createQueueDrainer, type QueueDrainer } from '../routing/queue-drainer';

type World = Awaited<ReturnType<typeof httpWorld>>;

const nineToSix = [{ from: '09:00', to: '18:00' }];
const office: WeekHours = { monday: nineToSix, tuesday: nineToSix, wednesday: nineToSix, thursday: nineToSix, friday: nineToSix, saturday: [], sunday: [] };
// Moscow is UTC+3: Saturday 28 November 2026 at noon is closed; Monday 30 November opens at 06:00 UTC.
// (Past days: the test sessions, made now, are valid then.)
const SATURDAY_NOON = Date.UTC(2026, 10, 28, 9);
const MONDAY_OPENING = Date.UTC(2026, 10, 30, 6);
const TUESDAY_TEN = Date.UTC(2026, 11, 1, 7);
const REPLY = { en: 'We are closed; an operator will answer when we open.', ru: 'Сейчас мы не работаем; оператор ответит, когда откроемся.' };

// Working hours through the API, and what they do: the out-of-hours reply on a transfer, the dialog
// waiting (or the lead staying with the bot), and distribution waiting for the hours to open.
describe.each(await dialects())('working hours on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let drainer: QueueDrainer;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    drainer = createQueueDrainer(rt.ctx, { sweepMs: 3_600_000 });
  });
  afterAll(async () => {
    await drainer?.stop();
    await app?.close();
    await rt?.dispose();
  });

  /** A business with office hours in Moscow, the reply in en and ru, and the given settings; the clock on Saturday noon. */
  async function closedWorld(settings: Record<string, unknown> = {}) {
    rt.ctx.clock = () => SATURDAY_NOON;
    const w = await httpWorld(rt.ctx.db);
    // A webhook, so what the lead is sent is queued for it (the outbox).
    await rt.ctx.db.updateTable('channels').set({ webhook_url: 'http://127.0.0.1:9/hook' }).where('id', '=', w.channel.id).execute();
    const s = await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { timeZone: 'Europe/Moscow', outOfHoursReply: REPLY, ...settings } });
    expect(s.status).toBe(200);
    expect((await call(app, 'PUT', '/api/v1/working-hours', w.as.admin, { hours: { week: office, holidays: [] } })).status).toBe(200);
    return w;
  }
  async function leadIn(w: World, name: string, language: string | null, messengerId = `lead-${name}-${Math.random()}`) {
    const { leadId } = await leadSays(app, w, messengerId, 'I need a human', name);
    await rt.ctx.db.updateTable('leads').set({ language }).where('id', '=', leadId).execute();
    return leadId;
  }
  const transfer = (w: World, leadId: number) => call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
  const botTexts = async (leadId: number) =>
    (await rt.ctx.db.selectFrom('messages').select('text').where('lead_id', '=', leadId).where('author', '=', 'bot').orderBy('id').execute()).map(
      (m) => m.text,
    );
  const queued = async (leadId: number) =>
    (await rt.ctx.db.selectFrom('outbox').select('payload').where('lead_id', '=', leadId).execute()).map((o) => o.payload);
  const leadState = async (leadId: number) => (await rt.ctx.db.selectFrom('leads').select('state').where('id', '=', leadId).executeTakeFirstOrThrow()).state;
  const dialogOf = async (leadId: number) => {
    const lead = await rt.ctx.db.selectFrom('leads').select('current_dialog_id').where('id', '=', leadId).executeTakeFirstOrThrow();
    return rt.ctx.db.selectFrom('dialogs').selectAll().where('id', '=', lead.current_dialog_id!).executeTakeFirstOrThrow();
  };

  it('are read and set by administrators, with the field named in a refusal, and audited', async () => {
    rt.ctx.clock = Date.now;
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'GET', '/api/v1/working-hours', w.as.admin)).body).toMatchObject({ business: null });
    const bad = await call(app, 'PUT', '/api/v1/working-hours', w.as.admin, { hours: { week: { ...office, monday: [{ from: '10:00', to: '10:00' }] } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('monday: 10:00–10:00 opens and closes at the same time');
    const put = await call(app, 'PUT', '/api/v1/working-hours', w.as.admin, { hours: { week: office, holidays: [{ date: '2026-12-31' }] } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ business: { week: { monday: nineToSix, saturday: [] }, holidays: [{ date: '2026-12-31', spans: [] }] } });
    const sales = await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'sales' });
    const night = { ...office, friday: [{ from: '22:00', to: '06:00' }] };
    const dep = await call(app, 'PUT', `/api/v1/departments/${sales.id}/working-hours`, w.as.admin, { hours: { week: night, holidays: [] } });
    expect(dep.status).toBe(200);
    expect(dep.body).toMatchObject({ departments: [{ code: 'sales', hours: { week: { friday: [{ from: '22:00', to: '06:00' }] } } }] });
    const audit = await rt.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'target_type'])
      .where('business_id', '=', w.business.id)
      .where('action', '=', 'working_hours.update')
      .execute();
    expect(audit.map((a) => a.target_type).sort()).toEqual(['business', 'department']);
    // Back to "as the business".
    expect((await call(app, 'PUT', `/api/v1/departments/${sales.id}/working-hours`, w.as.admin, { hours: null })).body).toMatchObject({
      departments: [{ hours: null }],
    });
  });

  it("never shows or changes another business's hours, and only administrators see them", async () => {
    rt.ctx.clock = Date.now;
    const w = await httpWorld(rt.ctx.db);
    const other = await strangerWorld(rt.ctx.db);
    const theirs = await buildDepartment(rt.ctx.db, { businessId: other.world.business.id });
    expect((await call(app, 'PUT', '/api/v1/working-hours', other.headers, { hours: { week: office, holidays: [] } })).status).toBe(200);
    expect((await call(app, 'GET', '/api/v1/working-hours', w.as.admin)).body).toMatchObject({ business: null, departments: [] });
    expect((await call(app, 'PUT', `/api/v1/departments/${theirs.id}/working-hours`, w.as.admin, { hours: null })).status).toBe(404);
    expect((await call(app, 'GET', '/api/v1/working-hours', w.as.olga)).status).toBe(403);
    const viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    expect((await call(app, 'PUT', '/api/v1/working-hours', viewer, { hours: null })).status).toBe(403);
  });

  it("sends the out-of-hours reply in the lead's language once, and the dialog waits", async () => {
    const w = await closedWorld();
    const ru = await leadIn(w, 'Ivan', 'ru');
    expect((await transfer(w, ru)).status).toBe(200);
    expect(await botTexts(ru)).toEqual([REPLY.ru]);
    expect((await queued(ru)).some((p) => p.includes(REPLY.ru))).toBe(true);
    expect(await leadState(ru)).toBe('waiting');
    // Writing again while waiting: no second reply.
    const again = await leadIn(w, 'Anna', 'en', 'lead-writes-twice');
    await transfer(w, again);
    await leadSays(app, w, 'lead-writes-twice', 'Hello? Anyone?');
    await leadSays(app, w, 'lead-writes-twice', 'Still here');
    expect(await botTexts(again)).toEqual([REPLY.en]);
    // Back to the bot and transferred again while still closed: no second reply.
    const d = await dialogOf(ru);
    expect((await call(app, 'POST', `/api/v1/dialogs/${d.id}/return-to-bot`, w.as.admin, {})).status).toBe(200);
    expect((await transfer(w, ru)).status).toBe(200);
    expect(await botTexts(ru)).toEqual([REPLY.ru]);
    // A lead without a language gets the first one; within hours nobody gets it.
    const none = await leadIn(w, 'Nobody', null);
    await transfer(w, none);
    expect(await botTexts(none)).toEqual([REPLY.en]);
    rt.ctx.clock = () => TUESDAY_TEN;
    const open = await leadIn(w, 'Open', 'en');
    await transfer(w, open);
    expect(await botTexts(open)).toEqual([]);
  });

  it("with outOfHours 'bot', the bot's transfer leaves the lead with the bot after the reply", async () => {
    const w = await closedWorld({ outOfHours: 'bot' });
    const lead = await leadIn(w, 'Stays', 'en');
    const bot = { kind: 'system', businessId: w.business.id, reason: 'bot' } as const;
    const { result } = await commit(rt.ctx, w.business.id, (tx) => forwardFromBot(tx, { actor: bot, leadId: lead, now: rt.ctx.clock() }));
    expect(result).toBeNull();
    expect(await leadState(lead)).toBe('bot');
    expect(await botTexts(lead)).toEqual([REPLY.en]);
    await commit(rt.ctx, w.business.id, (tx) => forwardFromBot(tx, { actor: bot, leadId: lead, now: rt.ctx.clock() + 60_000 }));
    expect(await botTexts(lead)).toEqual([REPLY.en]);
    // Open again: the bot's transfer creates the dialog as usual.
    rt.ctx.clock = () => TUESDAY_TEN;
    const open = await commit(rt.ctx, w.business.id, (tx) => forwardFromBot(tx, { actor: bot, leadId: lead, now: rt.ctx.clock() }));
    expect(open.result?.dialog.state).toBe('waiting');
  });

  it('distribution does not assign while closed, and assigns once the hours open', async () => {
    const w = await closedWorld({ autoAssign: true });
    const lead = await leadIn(w, 'Queue', 'en');
    expect((await transfer(w, lead)).status).toBe(200);
    expect(await drainer.drain(w.business.id)).toBe(0);
    expect((await dialogOf(lead)).state).toBe('waiting');
    rt.ctx.clock = () => MONDAY_OPENING;
    await drainer.drain(w.business.id);
    expect((await dialogOf(lead)).state).toBe('active');
  });

  it("a department's own hours decide for its dialogs; one without follows the business", async () => {
    const w = await closedWorld({ autoAssign: true });
    const weekend = await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'weekend', userIds: [w.op1.id, w.op2.id] });
    const allDay = [{ from: '00:00', to: '24:00' }];
    const always: WeekHours = { monday: allDay, tuesday: allDay, wednesday: allDay, thursday: allDay, friday: allDay, saturday: allDay, sunday: allDay };
    expect((await call(app, 'PUT', `/api/v1/departments/${weekend.id}/working-hours`, w.as.admin, { hours: { week: always, holidays: [] } })).status).toBe(200);
    const lead = await leadIn(w, 'Weekend', 'en');
    expect((await call(app, 'POST', `/api/v1/leads/${lead}/transfer-to-operators`, w.as.bot, { departmentCode: 'weekend' })).status).toBe(200);
    expect(await botTexts(lead)).toEqual([]);
    await drainer.drain(w.business.id);
    expect((await dialogOf(lead)).state).toBe('active');
  });

  /** Runs `code` as the bot's JavaScript for the lead, as a bot job does. */
  async function botRuns(w: World, leadId: number, code: string) {
    const script = `js${Math.random().toString(36).slice(2)}`;
    await buildScript(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, code: script, commands: [{ type: 'run_js', code }] });
    const now = rt.ctx.clock();
    const id = await enqueueBotJob(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, leadId, kind: 'script', ref: script, runAt: now, now });
    const job = await rt.ctx.db.selectFrom('bot_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await claimJob(rt.ctx.db, job, now, now + 60_000)).toBe(true);
    const lease: Lease = { until: now + 60_000, signal: new AbortController().signal, fenced: (fn) => fn(now + 60_000) };
    await handleBotJob({ ...rt.ctx, js: createScriptEngine(rt.ctx) }, job, lease);
  }

  it("the bot's lead.assignDialogToNextOperator() outside the hours: the dialog waits unassigned, or the lead stays with the bot", async () => {
    const w = await closedWorld();
    const waits = await leadIn(w, 'Waits', 'ru');
    await botRuns(w, waits, 'lead.assignDialogToNextOperator();');
    expect(await leadState(waits)).toBe('waiting');
    expect((await dialogOf(waits)).assignee_id).toBeNull();
    expect(await botTexts(waits)).toEqual([REPLY.ru]);

    const b = await closedWorld({ outOfHours: 'bot' });
    const stays = await leadIn(b, 'Stays', 'en');
    await botRuns(b, stays, 'lead.assignDialogToNextOperator();');
    expect(await leadState(stays)).toBe('bot');
    expect(await botTexts(stays)).toEqual([REPLY.en]);
  });
});
