import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())("editing a lead's contacts on %s", (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('stores phone and e-mail normalised as a bot would, refuses ones that are not, and clears them when emptied', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'contacts', 'hi', 'Ira');
    const patch = (body: unknown) => call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.olga, body);
    const ok = await patch({ setAttributes: { sys_phone: '8 (999) 123-45-67', sys_email: 'Ira@Example.COM' } });
    expect(ok.status).toBe(200);
    expect(ok.body.attributes).toMatchObject({ sys_phone: '+79991234567', sys_email: 'ira@example.com' });
    expect(ok.body.row.phone).toBe('+79991234567');
    expect(ok.body.email).toBe('ira@example.com');

    const badPhone = await patch({ setAttributes: { sys_phone: 'call me maybe' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.details).toEqual([{ path: 'body.setAttributes.sys_phone', message: expect.stringContaining('not a phone number') }]);
    const badEmail = await patch({ setAttributes: { sys_email: 'ira@' } });
    expect(badEmail.body.error.details[0].path).toBe('body.setAttributes.sys_email');
    // Nothing of a refused edit is kept.
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.olga)).body.attributes.sys_phone).toBe('+79991234567');

    const cleared = await patch({ setAttributes: { sys_phone: '' } });
    expect(cleared.body.attributes.sys_phone).toBeUndefined();
    expect(cleared.body.row.phone).toBeNull();
  });

  it('links leads as one person ("the same human as lead N"), shows the others on the card, unlinks; never across businesses', async () => {
    const w = await httpWorld(rt.ctx.db);
    const a = (await leadSays(app, w, 'person-a', 'hi', 'Ira in Telegram')).leadId;
    const b = (await leadSays(app, w, 'person-b', 'hi', 'Ira on the site')).leadId;
    const c = (await leadSays(app, w, 'person-c', 'hi', 'Ira by e-mail')).leadId;
    const patch = (id: number, body: unknown, who = w.as.olga) => call(app, 'PATCH', `/api/v1/leads/${id}`, who, body);
    const linked = await patch(b, { samePersonAs: a });
    expect(linked.status).toBe(200);
    expect(linked.body.personId).toEqual(expect.any(Number));
    expect(linked.body.personLeads.map((l: { name: string }) => l.name)).toEqual(['Ira in Telegram']);
    // A third lead joins the same person by its id.
    expect((await patch(c, { personId: linked.body.personId })).status).toBe(200);
    const card = (await call(app, 'GET', `/api/v1/leads/${a}`, w.as.olga)).body;
    expect(card.personId).toBe(linked.body.personId);
    expect(card.personLeads.map((l: { id: number }) => l.id).sort()).toEqual([b, c].sort());
    expect(card.personLeads[0]).toMatchObject({ channelName: expect.any(String), lastActivityAt: expect.any(Number) });
    // Unlinking leaves the others together.
    const un = await patch(c, { personId: null });
    expect(un.body).toMatchObject({ personId: null, personLeads: [] });
    expect((await call(app, 'GET', `/api/v1/leads/${a}`, w.as.olga)).body.personLeads.map((l: { id: number }) => l.id)).toEqual([b]);
    // Clear errors, and another business's lead or person is not found.
    expect((await patch(a, { samePersonAs: a })).body.error.details[0].path).toBe('body.samePersonAs');
    const stranger = await strangerWorld(rt.ctx.db);
    const theirs = await patch(a, { samePersonAs: a }, stranger.headers);
    expect(theirs.status).toBe(404);
    const ours = await call(app, 'PATCH', `/api/v1/leads/${a}`, w.as.olga, { personId: 999_999 });
    expect(ours.status).toBe(400);
    expect(ours.body.error.details[0]).toEqual({ path: 'body.personId', message: 'there is no person 999999 in this business' });
  });
});
