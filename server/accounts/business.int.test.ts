import { describe, expect, it } from 'vitest';
import { CSAT_DEFAULTS } from '../../contracts/business';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('business settings on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('lets an administrator read and change them, only for their own business', async () => {
    const a = await httpWorld(rt.ctx.db);
    const b = await httpWorld(rt.ctx.db);
    expect((await call(app, 'GET', '/api/v1/business', a.as.admin)).body.business).toMatchObject({
      id: a.business.id,
      settings: { scriptHttpAllowPrivate: false },
    });
    const r = await call(app, 'PATCH', '/api/v1/business', a.as.admin, { settings: { scriptHttpAllowPrivate: true } });
    expect(r.status).toBe(200);
    expect(r.body.business.settings.scriptHttpAllowPrivate).toBe(true);
    expect((await call(app, 'GET', '/api/v1/business', b.as.admin)).body.business.settings.scriptHttpAllowPrivate).toBe(false);
    expect((await call(app, 'PATCH', '/api/v1/business', a.as.olga, { name: 'x' })).status).toBe(403);
    expect((await call(app, 'GET', '/api/v1/business', {})).status).toBe(401);
    const bad = await call(app, 'PATCH', '/api/v1/business', a.as.admin, { settings: { scriptHttpAllowPrivate: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.settings.scriptHttpAllowPrivate');
  });

  it('changes only the settings a PATCH names: the others keep their values', async () => {
    const a = await httpWorld(rt.ctx.db);
    await call(app, 'PATCH', '/api/v1/business', a.as.admin, { settings: { reopenToLastOperator: true, reminderIntervalSec: 30, offlineDialogs: 'requeue' } });
    const r = await call(app, 'PATCH', '/api/v1/business', a.as.admin, { settings: { autoAssign: true } });
    expect(r.body.business.settings).toEqual({
      scriptHttpAllowPrivate: false,
      reopenToLastOperator: true,
      reminderIntervalSec: 30,
      autoAssign: true,
      autoAssignOffline: false,
      autoAssignWorkspaceOnly: false,
      preferPreviousOperator: false,
      offlineDialogs: 'requeue',
      reassignAfterSec: null,
      firstResponseTargetSec: null,
      nextResponseTargetSec: null,
      abandonAfterSec: 600,
      timeZone: 'UTC',
      csat: CSAT_DEFAULTS,
      outOfHours: 'wait',
      outOfHoursReply: {},
      apiRateLimitPerMinute: 3000,
    });
  });
});
