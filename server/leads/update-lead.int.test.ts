import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays } from '../../test/world';
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
});
