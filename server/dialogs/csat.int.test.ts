import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeEventSchema } from '../../contracts/events';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, strangerWorld, type Answer, type Headers } from '../../test/world';
import { buildScript } from '../../test/factories';
import { BotCache } from '../bot-runtime/handle-job';
import { createBotWorker } from '../bot-runtime/bot-worker';
import { createScriptEngine } from '../bot-runtime/js-engine';
import type { App } from '../http/app-type';

type World = Awaited<ReturnType<typeof httpWorld>>;

// The satisfaction survey through the API channel: closing asks, the answer is stored on the dialog,
// reported, and kept in the lead's history, and nothing else the lead says is taken for it.
describe.each(await dialects())('satisfaction survey on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));
  afterEach(() => {
    rt.ctx.clock = Date.now;
  });

  const ok = async (r: Promise<{ status: number; body: Answer }>) => {
    const a = await r;
    expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
    return a.body;
  };
  const enable = (w: World, csat: Record<string, unknown> = {}) =>
    ok(
      call(app, 'PATCH', '/api/v1/business', w.as.admin, {
        settings: {
          csat: {
            enabled: true,
            askComment: false,
            question: { en: 'Rate us, please', ru: 'Оцените нас' },
            commentQuestion: { en: 'Anything to add?', ru: 'Что-то добавить?' },
            thanks: { en: 'Thanks!', ru: 'Спасибо!' },
            ...csat,
          },
        },
      }),
    );
  /** A lead talks to Olga, who closes the dialog; returns the lead's and the dialog's ids. */
  const closedDialog = async (w: World, messengerId: string, o: { as?: Headers; language?: string } = {}) => {
    const lead = await (o.language ? inboundWithLanguage(w, messengerId, 'hello', o.language) : leadSays(app, w, messengerId, 'hello'));
    const t = await ok(call(app, 'POST', `/api/v1/leads/${lead.leadId}/transfer-to-operators`, w.as.bot, {}));
    await ok(call(app, 'POST', `/api/v1/dialogs/${t.dialog.id}/take`, w.as.olga));
    await ok(call(app, 'POST', `/api/v1/leads/${lead.leadId}/messages`, w.as.olga, { text: 'Done, anything else?', clientMessageId: `olga-${messengerId}` }));
    await ok(call(app, 'POST', `/api/v1/dialogs/${t.dialog.id}/close`, o.as ?? w.as.olga));
    return { leadId: lead.leadId as number, dialogId: t.dialog.id as number };
  };
  let seq = 0;
  const inboundWithLanguage = async (w: World, messengerId: string, text: string, language: string) =>
    ok(
      call(app, 'POST', `/api/v1/channels/${w.channel.id}/inbound`, w.as.bot, {
        lead: { messengerId, language },
        message: { clientMessageId: `lang-${++seq}`, text },
      }),
    );
  const history = async (w: World, leadId: number) =>
    ((await ok(call(app, 'GET', `/api/v1/leads/${leadId}/messages`, w.as.admin))).messages as Answer[]).map((m) => [m.author, m.text]);
  const dialogOf = async (w: World, leadId: number) => ((await ok(call(app, 'GET', `/api/v1/leads/${leadId}/dialogs`, w.as.admin))).dialogs as Answer[])[0];
  const botJobsFor = async (leadId: number) =>
    (await rt.ctx.db.selectFrom('bot_jobs').select(['kind', 'ref']).where('lead_id', '=', leadId).where('kind', '=', 'lead_message').execute()).map(
      (j) => j.ref,
    );
  const eventsOf = async (w: World, type: string) =>
    (await rt.ctx.db.selectFrom('events').select('data').where('business_id', '=', w.business.id).where('type', '=', type).orderBy('seq').execute()).map(
      (e) => JSON.parse(e.data) as Answer,
    );

  it('is off by default: closing asks nothing, and a "5" afterwards goes to the bot', async () => {
    const w = await httpWorld(rt.ctx.db);
    const settings = (await ok(call(app, 'GET', '/api/v1/business', w.as.admin))).business.settings;
    expect(settings.csat.enabled).toBe(false);
    const { leadId } = await closedDialog(w, 'off-1');
    expect((await history(w, leadId)).at(-1)).toEqual(['system', expect.any(String)]);
    const five = await leadSays(app, w, 'off-1', '5');
    expect(five.handledBy).toBe('bot');
    expect(await botJobsFor(leadId)).toContain(String(five.messageId));
    expect((await dialogOf(w, leadId)).rating).toBeNull();
  });

  it('asks with buttons 1–5 when an operator closes; the answer is stored, thanked, reported and kept in the history, not sent to the bot', async () => {
    const w = await httpWorld(rt.ctx.db);
    const day = Date.UTC(2026, 10, 3, 12, 0, 0);
    let now = day;
    rt.ctx.clock = () => now;
    await enable(w);
    await ok(call(app, 'PATCH', `/api/v1/channels/${w.channel.id}`, w.as.admin, { webhookUrl: 'https://crm.example.com/hook' }));
    const { leadId, dialogId } = await closedDialog(w, 'rate-1');
    // The question in the lead's history, as a bot message with its buttons, and in the webhook payload.
    const messages = ((await ok(call(app, 'GET', `/api/v1/leads/${leadId}/messages`, w.as.admin))).messages as Answer[]).at(-1);
    expect(messages).toMatchObject({
      author: 'bot',
      text: 'Rate us, please',
      payload: { buttons: ['1', '2', '3', '4', '5'].map((label) => ({ label })), inline: true },
    });
    const webhook = await rt.ctx.db.selectFrom('outbox').select('payload').where('message_id', '=', messages.id).executeTakeFirstOrThrow();
    expect(JSON.parse(webhook.payload).message).toMatchObject({
      text: 'Rate us, please',
      payload: { buttons: [{ label: '1' }, { label: '2' }, { label: '3' }, { label: '4' }, { label: '5' }] },
    });

    now += 60_000;
    const four = await leadSays(app, w, 'rate-1', '4');
    expect(four.handledBy).toBe('bot');
    expect(await botJobsFor(leadId)).not.toContain(String(four.messageId));
    expect((await dialogOf(w, leadId)).rating).toEqual({ score: 4, comment: null, at: now });
    expect((await history(w, leadId)).slice(-2)).toEqual([
      ['lead', '4'],
      ['bot', 'Thanks!'],
    ]);
    const rated = await eventsOf(w, 'dialog.rated');
    expect(rated).toHaveLength(1);
    expect(RealtimeEventSchema.safeParse({ seq: 1, type: 'dialog.rated', data: rated[0], at: now }).success).toBe(true);
    expect(rated[0]).toMatchObject({ rating: 4, comment: null, dialog: { id: dialogId, rating: { score: 4 } } });
    // The lead's card still shows the closed conversation: the rating reopened nothing.
    expect((await ok(call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin))).row.state).toBe('closed');

    // The first rating stands: a second "5" is an ordinary message for the bot.
    const again = await leadSays(app, w, 'rate-1', '5');
    expect(await botJobsFor(leadId)).toContain(String(again.messageId));
    expect((await dialogOf(w, leadId)).rating.score).toBe(4);

    const report = (await ok(call(app, 'GET', '/api/v1/reports?from=2026-11-03&to=2026-11-03', w.as.admin))).report;
    expect(report.totals.csat).toEqual({ count: 1, average: 4, counts: [0, 0, 0, 1, 0] });
  });

  it("with askComment takes the next text as the comment, in the lead's language, then lets messages through again", async () => {
    const w = await httpWorld(rt.ctx.db);
    await enable(w, { askComment: true });
    const { leadId } = await closedDialog(w, 'ru-1', { language: 'ru-RU' });
    expect((await history(w, leadId)).at(-1)).toEqual(['bot', 'Оцените нас']);
    await leadSays(app, w, 'ru-1', '2');
    expect((await history(w, leadId)).at(-1)).toEqual(['bot', 'Что-то добавить?']);
    const comment = await leadSays(app, w, 'ru-1', 'Долго ждал ответа');
    expect(await botJobsFor(leadId)).not.toContain(String(comment.messageId));
    expect((await dialogOf(w, leadId)).rating).toMatchObject({ score: 2, comment: 'Долго ждал ответа' });
    expect((await history(w, leadId)).slice(-4)).toEqual([
      ['lead', '2'],
      ['bot', 'Что-то добавить?'],
      ['lead', 'Долго ждал ответа'],
      ['bot', 'Спасибо!'],
    ]);
    expect((await eventsOf(w, 'dialog.rated')).map((e) => [e.rating, e.comment])).toEqual([
      [2, null],
      [2, 'Долго ждал ответа'],
    ]);
    const next = await leadSays(app, w, 'ru-1', 'И ещё вопрос');
    expect(await botJobsFor(leadId)).toContain(String(next.messageId));
  });

  it('a reply that is not a rating goes to the bot and ends the wait; a returned dialog is not surveyed', async () => {
    const w = await httpWorld(rt.ctx.db);
    await enable(w);
    const { leadId } = await closedDialog(w, 'other-1');
    const hi = await leadSays(app, w, 'other-1', 'I have another question');
    expect(hi.handledBy).toBe('bot');
    expect(await botJobsFor(leadId)).toContain(String(hi.messageId));
    const late = await leadSays(app, w, 'other-1', '5');
    expect(await botJobsFor(leadId)).toContain(String(late.messageId));
    expect((await dialogOf(w, leadId)).rating).toBeNull();

    const returned = await leadSays(app, w, 'returned-1', 'hello');
    const t = await ok(call(app, 'POST', `/api/v1/leads/${returned.leadId}/transfer-to-operators`, w.as.bot, {}));
    await ok(call(app, 'POST', `/api/v1/dialogs/${t.dialog.id}/take`, w.as.olga));
    await ok(call(app, 'POST', `/api/v1/dialogs/${t.dialog.id}/return-to-bot`, w.as.olga, {}));
    expect((await history(w, returned.leadId)).filter(([author, text]) => author === 'bot' && text === 'Rate us, please')).toEqual([]);
  });

  it('the bot writing to the lead after the close (a scheduled script) ends the wait: a "5" then answers the bot', async () => {
    const w = await httpWorld(rt.ctx.db);
    await enable(w);
    await buildScript(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, code: 'promo', commands: [{ type: 'send_text', text: 'Our new prices' }] });
    const { leadId } = await closedDialog(w, 'promo-1');
    await ok(call(app, 'POST', `/api/v1/bots/${w.bot.id}/jobs/schedule`, w.as.bot, { script_code: 'promo', lead_id: leadId }));
    const bots = createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx), bots: new BotCache(0) });
    try {
      await bots.runOnce();
    } finally {
      await bots.stop();
    }
    expect((await history(w, leadId)).at(-1)).toEqual(['bot', 'Our new prices']);
    const five = await leadSays(app, w, 'promo-1', '5');
    expect(await botJobsFor(leadId)).toContain(String(five.messageId));
    expect((await dialogOf(w, leadId)).rating).toBeNull();
  });

  it('with reopenToLastOperator, the rating does not reopen the dialog; the next message does', async () => {
    const w = await httpWorld(rt.ctx.db);
    await enable(w);
    await ok(call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { reopenToLastOperator: true } }));
    const { leadId, dialogId } = await closedDialog(w, 'reopen-1');
    await leadSays(app, w, 'reopen-1', '5');
    expect((await ok(call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin))).row.state).toBe('closed');
    expect((await dialogOf(w, leadId)).rating.score).toBe(5);
    const back = await leadSays(app, w, 'reopen-1', 'One more thing');
    expect(back.handledBy).toBe('operators');
    const row = (await ok(call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin))).row;
    expect(row.state).toBe('operator');
    // Reopened as a new dialog with the operator who had it; the rated one keeps its rating.
    expect(row.dialog).toMatchObject({ assigneeId: w.op1.id, rating: null });
    expect(row.dialog.id).not.toBe(dialogId);
  });

  it('refuses a survey without its texts, field by field, and keeps each business its own survey', async () => {
    const w = await httpWorld(rt.ctx.db);
    const bad = await call(app, 'PATCH', '/api/v1/business', w.as.admin, {
      settings: {
        csat: { enabled: true, askComment: false, question: { en: ' ', ru: 'Оцените' }, commentQuestion: { en: 'a', ru: 'б' }, thanks: { en: 'a', ru: 'б' } },
      },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('question');
    expect((await ok(call(app, 'GET', '/api/v1/business', w.as.admin))).business.settings.csat.enabled).toBe(false);
    await enable(w);
    const stranger = await strangerWorld(rt.ctx.db);
    expect((await ok(call(app, 'GET', '/api/v1/business', stranger.headers))).business.settings.csat.enabled).toBe(false);
    expect((await call(app, 'PATCH', '/api/v1/business', w.as.olga, { settings: { reopenToLastOperator: true } })).status).toBe(403);
  });
});
