import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { buildDepartment } from '../../test/factories';
import { dialects, type TestRuntime } from '../../test/harness';
import { expectCursorRefused, readPages, withCursor } from '../../test/pages';
import { call, httpWorld, leadSays, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())("a lead's dialogs on %s", (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('lists every hand-off newest first, with who worked on it and how it ended', async () => {
    const w = await httpWorld(rt.ctx.db);
    await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'sales', name: 'Sales', userIds: [w.op2.id] });
    const { leadId } = await leadSays(app, w, 'history', 'hello', 'Ira');
    const first = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
    await call(app, 'POST', `/api/v1/dialogs/${first.body.dialog.id}/take`, w.as.olga);
    await call(app, 'POST', `/api/v1/dialogs/${first.body.dialog.id}/invite`, w.as.olga, { operatorId: w.op2.id });
    await call(app, 'POST', `/api/v1/dialogs/${first.body.dialog.id}/close`, w.as.olga);
    const second = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, { departmentCode: 'sales' });

    const r = await call(app, 'GET', `/api/v1/leads/${leadId}/dialogs`, w.as.pavel);
    expect(r.status).toBe(200);
    expect(r.body.dialogs).toHaveLength(2);
    expect(r.body.dialogs[0]).toMatchObject({ id: second.body.dialog.id, state: 'waiting', departmentName: 'Sales', operators: [], endReason: null });
    expect(r.body.dialogs[1]).toMatchObject({
      id: first.body.dialog.id,
      state: 'closed',
      endReason: 'closed',
      departmentName: null,
      operatorIds: [],
      operators: [
        { id: w.op1.id, name: 'Olga' },
        { id: w.op2.id, name: 'Pavel' },
      ],
    });
    expect(r.body.dialogs[1].endedAt).toEqual(expect.any(Number));
    expect(r.body.nextCursor).toBeNull();

    const pages = await readPages((cursor) => call(app, 'GET', withCursor(`/api/v1/leads/${leadId}/dialogs?limit=1`, cursor), w.as.pavel));
    expect(pages.map((p) => p.dialogs.map((d: { id: number }) => d.id))).toEqual([[second.body.dialog.id], [first.body.dialog.id]]);
    expect(pages[1].dialogs[0]).toEqual(r.body.dialogs[1]);
    expectCursorRefused(await call(app, 'GET', `/api/v1/leads/${leadId}/dialogs?cursor=zzz`, w.as.pavel));
  });

  it("is for the contact center's people of the lead's business only", async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'guarded', 'hello');
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}/dialogs`, await signedInWith(rt.ctx.db, w.business.id, ['viewer']))).status).toBe(200);
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}/dialogs`, await signedInWith(rt.ctx.db, w.business.id, ['bot_editor']))).status).toBe(403);
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}/dialogs`, (await strangerWorld(rt.ctx.db)).headers)).status).toBe(404);
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}/dialogs`, {})).status).toBe(401);
  });
});
