import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { buildApiToken } from '../../test/factories';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';
import { listEventsSince } from '../realtime/event-log.repo';

type World = Awaited<ReturnType<typeof httpWorld>>;
const URL = '/api/v1/quick-replies';

describe.each(await dialects())('quick replies API on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const changes = async (w: World) => (await listEventsSince(rt.ctx.db, w.business.id, 0, 1000)).filter((e) => e.type === 'quick_replies.changed');
  const shortcuts = async (headers: Record<string, string>) =>
    (await call(app, 'GET', URL, headers)).body.quickReplies.map((q: { shortcut: string }) => q.shortcut);

  it('an admin creates, lists by shortcut, edits and deletes; each change is one quick_replies.changed event', async () => {
    const w = await httpWorld(rt.ctx.db);
    const hello = await call(app, 'POST', URL, w.as.admin, { shortcut: 'hello', text: '  Hello! How can I help?  ' });
    expect(hello.status).toBe(201);
    expect(hello.body.quickReply).toEqual({
      id: expect.any(Number),
      shortcut: 'hello',
      text: 'Hello! How can I help?',
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    expect(hello.body.quickReply.updatedAt).toBe(hello.body.quickReply.createdAt);
    // Cyrillic, digits, - and _ are shortcuts too; a token with the admin role manages them like a person.
    for (const shortcut of ['привет', 'a-1', 'bye_now', 'zz']) expect((await call(app, 'POST', URL, w.as.bot, { shortcut, text: shortcut })).status).toBe(201);
    // Code point order, the same on both databases: "-" < digits < "_" < a-z < Cyrillic.
    expect(await shortcuts(w.as.admin)).toEqual(['a-1', 'bye_now', 'hello', 'zz', 'привет']);

    const id = hello.body.quickReply.id as number;
    const edited = await call(app, 'PATCH', `${URL}/${id}`, w.as.admin, { text: 'Hi there!' });
    expect(edited.status).toBe(200);
    expect(edited.body.quickReply).toMatchObject({ id, shortcut: 'hello', text: 'Hi there!', createdAt: hello.body.quickReply.createdAt });
    expect(edited.body.quickReply.updatedAt).toBeGreaterThanOrEqual(hello.body.quickReply.updatedAt);
    const renamed = await call(app, 'PATCH', `${URL}/${id}`, w.as.admin, { shortcut: 'hi', text: 'Hi!' });
    expect(renamed.body.quickReply).toMatchObject({ id, shortcut: 'hi', text: 'Hi!' });
    // Keeping its own shortcut is no clash.
    expect((await call(app, 'PATCH', `${URL}/${id}`, w.as.admin, { shortcut: 'hi' })).status).toBe(200);

    const del = await call(app, 'DELETE', `${URL}/${id}`, w.as.admin);
    expect([del.status, del.body]).toEqual([200, { ok: true }]);
    expect(await shortcuts(w.as.olga)).toEqual(['a-1', 'bye_now', 'zz', 'привет']);
    expect((await call(app, 'DELETE', `${URL}/${id}`, w.as.admin)).status).toBe(404);

    // 5 creates, 3 edits, 1 delete; every contact-center user is told to refetch, with nothing else to read.
    const events = await changes(w);
    expect(events).toHaveLength(9);
    expect(events.every((e) => JSON.stringify(e.data) === '{}')).toBe(true);
  });

  it('operators and viewers read the list but cannot change it (403); other roles and strangers to the API are refused', async () => {
    const w = await httpWorld(rt.ctx.db);
    const q = (await call(app, 'POST', URL, w.as.admin, { shortcut: 'thanks', text: 'Thank you!' })).body.quickReply;
    const viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    const operatorToken = { authorization: `Bearer ${(await buildApiToken(rt.ctx.db, { businessId: w.business.id, roles: ['operator'] })).secret}` };
    for (const headers of [w.as.olga, viewer, operatorToken]) {
      expect(await shortcuts(headers)).toEqual(['thanks']);
      for (const [method, url, payload] of [
        ['POST', URL, { shortcut: 'mine', text: 'x' }],
        ['PATCH', `${URL}/${q.id}`, { text: 'changed' }],
        ['DELETE', `${URL}/${q.id}`, undefined],
      ] as const) {
        const r = await call(app, method, url, headers, payload);
        expect([r.status, r.body.error.code], `${method} ${url}`).toEqual([403, 'forbidden']);
      }
    }
    const editor = await signedInWith(rt.ctx.db, w.business.id, ['bot_editor', 'script_editor']);
    expect((await call(app, 'GET', URL, editor)).status).toBe(403);
    expect((await call(app, 'GET', URL, {})).status).toBe(401);
    expect((await call(app, 'POST', URL, {}, { shortcut: 'x', text: 'x' })).status).toBe(401);
    expect(await shortcuts(w.as.admin)).toEqual(['thanks']);
    expect(await changes(w)).toHaveLength(1);
  });

  it('a duplicate shortcut is 409 naming it, on create and on rename; other businesses may use it', async () => {
    const w = await httpWorld(rt.ctx.db);
    await call(app, 'POST', URL, w.as.admin, { shortcut: 'привет', text: 'Здравствуйте!' });
    const dup = await call(app, 'POST', URL, w.as.admin, { shortcut: 'привет', text: 'Again' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'conflict']);
    expect(dup.body.error.message).toContain('/привет');
    // "й" typed decomposed (и + combining breve) is the same shortcut as the precomposed one.
    await call(app, 'POST', URL, w.as.admin, { shortcut: 'мой', text: 'Mine' });
    const decomposed = await call(app, 'POST', URL, w.as.admin, { shortcut: 'мои\u0306', text: 'Mine again' });
    expect([decomposed.status, decomposed.body.error.message]).toEqual([409, expect.stringContaining('/мой')]);
    const other = (await call(app, 'POST', URL, w.as.admin, { shortcut: 'other', text: 'Other' })).body.quickReply;
    const clash = await call(app, 'PATCH', `${URL}/${other.id}`, w.as.admin, { shortcut: 'привет' });
    expect([clash.status, clash.body.error.code, clash.body.error.message]).toEqual([409, 'conflict', expect.stringContaining('/привет')]);
    expect((await call(app, 'GET', URL, w.as.admin)).body.quickReplies.find((q: { id: number }) => q.id === other.id)).toMatchObject({
      shortcut: 'other',
      text: 'Other',
    });
    const elsewhere = await strangerWorld(rt.ctx.db);
    expect((await call(app, 'POST', URL, elsewhere.headers, { shortcut: 'привет', text: 'Hi' })).status).toBe(201);
    // Refused changes told nobody anything.
    expect(await changes(w)).toHaveLength(3);
  });

  it('refuses bad bodies with the field named', async () => {
    const w = await httpWorld(rt.ctx.db);
    const cases: [unknown, RegExp][] = [
      [{ shortcut: 'Hello', text: 'x' }, /body\.shortcut/],
      [{ shortcut: 'ПРИВЕТ', text: 'x' }, /body\.shortcut/],
      [{ shortcut: '/hello', text: 'x' }, /body\.shortcut/],
      [{ shortcut: 'two words', text: 'x' }, /body\.shortcut/],
      [{ shortcut: 'x'.repeat(33), text: 'x' }, /body\.shortcut/],
      [{ shortcut: '', text: 'x' }, /body\.shortcut/],
      [{ text: 'x' }, /body\.shortcut/],
      [{ shortcut: 'ok', text: '  ' }, /body\.text/],
      [{ shortcut: 'ok', text: 'x'.repeat(4097) }, /body\.text/],
      [{ shortcut: 'ok' }, /body\.text/],
      [{ shortcut: 'ok', text: 'x', color: 'red' }, /color/],
    ];
    for (const [payload, field] of cases) {
      const r = await call(app, 'POST', URL, w.as.admin, payload);
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.error.message, JSON.stringify(payload)).toMatch(field);
    }
    // 32 letters is the longest shortcut, counted in characters, not bytes.
    expect((await call(app, 'POST', URL, w.as.admin, { shortcut: 'я'.repeat(32), text: 'x' })).status).toBe(201);
    const q = (await call(app, 'POST', URL, w.as.admin, { shortcut: 'ok', text: 'x' })).body.quickReply;
    expect((await call(app, 'PATCH', `${URL}/${q.id}`, w.as.admin, { shortcut: 'Not-OK' })).body.error.message).toMatch(/body\.shortcut/);
    const empty = await call(app, 'PATCH', `${URL}/${q.id}`, w.as.admin, {});
    expect([empty.status, empty.body.error.message]).toEqual([400, expect.stringMatching(/shortcut, text or both/)]);
    expect((await call(app, 'PATCH', `${URL}/abc`, w.as.admin, { text: 'x' })).status).toBe(400);
  });

  it("another business's quick replies are invisible and their ids are 404", async () => {
    const mine = await httpWorld(rt.ctx.db);
    const theirs = await httpWorld(rt.ctx.db);
    const secret = (await call(app, 'POST', URL, theirs.as.admin, { shortcut: 'secret', text: 'Their text' })).body.quickReply;
    for (const headers of [mine.as.admin, mine.as.bot]) {
      expect(await shortcuts(headers)).toEqual([]);
      const patch = await call(app, 'PATCH', `${URL}/${secret.id}`, headers, { text: 'Mine now' });
      expect([patch.status, patch.body.error.code]).toEqual([404, 'not_found']);
      const del = await call(app, 'DELETE', `${URL}/${secret.id}`, headers);
      expect([del.status, del.body.error.code]).toEqual([404, 'not_found']);
    }
    expect((await call(app, 'GET', URL, theirs.as.olga)).body.quickReplies).toEqual([secret]);
    expect(await changes(mine)).toEqual([]);
  });
});
