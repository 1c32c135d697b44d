import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../../test/harness';
import { call, httpWorld, type Answer } from '../../../test/world';
import type { App } from '../../http/app-type';

const SITE = 'https://shop.example.com';

// The satisfaction survey in the web widget: the visitor sees the question with buttons 1–5, and a
// pressed button (the widget sends its label) is the rating.
describe.each(await dialects())('satisfaction survey in the web widget on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let base: string;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  const http = async (method: string, url: string, o: { token?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}/api/widget/v1${url}`, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        origin: SITE,
        'accept-language': 'ru-RU,ru;q=0.9',
      },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Answer) : null };
  };

  it("shows the question with buttons 1–5 in the visitor's language; a pressed button is the rating", async () => {
    const w = await httpWorld(rt.ctx.db);
    const created = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'widget', name: 'Site chat', settings: {} });
    expect(created.status).toBe(201);
    const settings = await call(app, 'PATCH', '/api/v1/business', w.as.admin, {
      settings: {
        csat: {
          enabled: true,
          askComment: false,
          question: { en: 'Rate us', ru: 'Оцените нас' },
          commentQuestion: { en: 'More?', ru: 'Ещё?' },
          thanks: { en: 'Thanks!', ru: 'Спасибо!' },
        },
      },
    });
    expect(settings.status).toBe(200);
    const { token } = (await http('POST', '/sessions', { body: { key: created.body.channel.widget.key, token: null } })).body;
    expect((await http('POST', '/messages', { token, body: { clientMessageId: 'v-1', text: 'Нужна помощь', attachmentIds: [] } })).status).toBe(200);
    const lead = await rt.ctx.db.selectFrom('leads').selectAll().where('channel_id', '=', created.body.channel.id).executeTakeFirstOrThrow();
    const t = await call(app, 'POST', `/api/v1/leads/${lead.id}/transfer-to-operators`, w.as.bot, {});
    await call(app, 'POST', `/api/v1/dialogs/${t.body.dialog.id}/take`, w.as.olga);
    expect((await call(app, 'POST', `/api/v1/dialogs/${t.body.dialog.id}/close`, w.as.olga)).status).toBe(200);

    const seen = (await http('GET', '/messages?after=0', { token })).body.messages as Answer[];
    expect(seen.at(-1)).toMatchObject({ author: 'bot', text: 'Оцените нас', buttons: ['1', '2', '3', '4', '5'].map((label) => ({ label })) });
    // The widget sends a pressed button's label as the visitor's message.
    expect((await http('POST', '/messages', { token, body: { clientMessageId: 'v-2', text: '3', attachmentIds: [] } })).status).toBe(200);
    const dialogs = (await call(app, 'GET', `/api/v1/leads/${lead.id}/dialogs`, w.as.admin)).body.dialogs as Answer[];
    expect(dialogs[0].rating).toMatchObject({ score: 3, comment: null });
    const after = (await http('GET', '/messages?after=0', { token })).body.messages as Answer[];
    expect(after.slice(-2).map((m) => [m.author, m.text])).toEqual([
      ['lead', '3'],
      ['bot', 'Спасибо!'],
    ]);
  });
});
