import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call } from '../../test/world';
import type { App } from '../http/app-type';
import { createBotWorker } from '../bot-runtime/bot-worker';
import { createScriptEngine } from '../bot-runtime/js-engine';
import { seedDemo } from './seed-demo';

describe.each(await dialects())('demo seed on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('creates people who can sign in and dialogs in every state, once', async () => {
    const lines: string[] = [];
    expect(await seedDemo(rt.ctx, (l) => lines.push(l))).toEqual({ created: true });
    const creds = lines.filter((l) => l.includes('@demo.metadesk.local')).map((l) => l.trim().split(/\s+/));
    expect(creds).toHaveLength(4);
    const token = lines
      .find((l) => l.startsWith('API token'))!
      .split(': ')
      .at(-1)!;
    const states = await rt.ctx.db.selectFrom('leads').select('state').execute();
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['bot', 'waiting', 'operator', 'closed']));
    const counts = await call(app, 'GET', '/api/v1/inbox/counts', { authorization: `Bearer ${token}` });
    expect(counts.body).toMatchObject({ waiting: 2, open: 2, all: 8 });
    // The printed password of an operator really signs in (login is the accounts module's route).
    const [email, password] = creds[1]!;
    const login = await call(app, 'POST', '/api/v1/auth/login', {}, { email, password });
    expect(login.status).toBe(200);
    expect(await seedDemo(rt.ctx, () => undefined)).toEqual({ created: false });

    // The bots then answer what is theirs; jobs the conversation has since moved past (a message an
    // operator answered, a transfer already ended) are skipped, so every state survives.
    await createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx) }).runOnce();
    const after = await rt.ctx.db.selectFrom('leads').select(['name', 'state', 'last_message_preview']).execute();
    expect(new Set(after.map((s) => s.state))).toEqual(new Set(['bot', 'waiting', 'operator', 'closed']));
    expect(after.find((l) => l.name === 'Emma')).toMatchObject({ state: 'bot', last_message_preview: expect.stringMatching(/good time to call/) });
    expect(after.find((l) => l.name === 'John Smith')).toMatchObject({ state: 'bot', last_message_preview: expect.stringMatching(/phone number/) });
    expect(await rt.ctx.db.selectFrom('bot_jobs').select('id').where('status', '!=', 'pending').execute()).toEqual([]);
  });
});
