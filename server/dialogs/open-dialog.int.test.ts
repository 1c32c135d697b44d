import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('opening a dialog without writing on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const open = (leadId: number, headers: Record<string, string>) => call(app, 'POST', `/api/v1/leads/${leadId}/open`, headers);

  it('reopens a closed conversation with the operator, and takes one from the bot or from Waiting', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'reopen', 'hello', 'Ira');
    // With the bot: the operator steps in.
    const fromBot = await open(leadId, w.as.olga);
    expect(fromBot.status).toBe(200);
    expect(fromBot.body.row.state).toBe('operator');
    expect(fromBot.body.dialog).toMatchObject({ state: 'active', assigneeId: w.op1.id, operatorIds: [w.op1.id] });
    // Opening again changes nothing.
    const again = await open(leadId, w.as.olga);
    expect(again.body.dialog.id).toBe(fromBot.body.dialog.id);
    // Closed: reopened as a new dialog with the operator, and the history says so.
    await call(app, 'POST', `/api/v1/dialogs/${fromBot.body.dialog.id}/close`, w.as.olga);
    const reopened = await open(leadId, w.as.pavel);
    expect(reopened.body.dialog).toMatchObject({ state: 'active', assigneeId: w.op2.id });
    expect(reopened.body.dialog.id).not.toBe(fromBot.body.dialog.id);
    const history = await call(app, 'GET', `/api/v1/leads/${leadId}/messages`, w.as.pavel);
    expect(history.body.messages.at(-1).payload).toMatchObject({ kind: 'assigned', operatorName: 'Pavel' });
    // Waiting: opening takes it.
    const { leadId: other } = await leadSays(app, w, 'waiting', 'hi');
    await call(app, 'POST', `/api/v1/leads/${other}/transfer-to-operators`, w.as.bot, {});
    const taken = await open(other, w.as.olga);
    expect(taken.body.dialog).toMatchObject({ state: 'active', assigneeId: w.op1.id });
  });

  it("refuses viewers, another operator's dialog, and another business's lead", async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'guarded', 'hello');
    await open(leadId, w.as.olga);
    expect((await open(leadId, w.as.pavel)).status).toBe(403);
    expect((await open(leadId, await signedInWith(rt.ctx.db, w.business.id, ['viewer']))).status).toBe(403);
    const stranger = await strangerWorld(rt.ctx.db);
    expect((await open(leadId, stranger.headers)).status).toBe(404);
    expect((await call(app, 'POST', `/api/v1/leads/${leadId}/open`, {})).status).toBe(401);
  });
});
