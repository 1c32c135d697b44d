import { afterAll, beforeAll } from 'vitest';
import type { App } from '../server/app';
import { buildApp } from '../server/app';
import { holdToContract } from './contract';
import { testRuntime, type Dialect, type TestRuntime } from './harness';

/**
 * The HTTP app over a test runtime, for `app.inject` tests. Every answer is checked against the API document
 * (contract.ts): `inject` throws on a breach, and `close` on one sent over real HTTP.
 */
export async function testApp(rt: TestRuntime): Promise<App> {
  const app = await buildApp(rt.ctx);
  const contract = holdToContract(app);
  await app.ready();
  const close = app.close.bind(app);
  (app as { close: unknown }).close = async () => {
    await close();
    const breaches = contract.breaches();
    if (breaches.length > 0) throw new Error(`Answers broke the API document:\n${breaches.map((b) => `${b.request}: ${b.problem}`).join('\n')}`);
  };
  return app;
}

/**
 * A fresh database of the dialect and the app over it for one describe block, closed after it:
 * `useTestApp(dialect, (r) => ({ rt, app } = r));`
 */
export function useTestApp(dialect: Dialect, set: (r: { rt: TestRuntime; app: App }) => void, env: Record<string, string> = {}): void {
  let r: { rt: TestRuntime; app: App } | undefined;
  beforeAll(async () => {
    const rt = await testRuntime(dialect, env);
    r = { rt, app: await testApp(rt) };
    set(r);
  });
  afterAll(async () => {
    await r?.app.close();
    await r?.rt.dispose();
  });
}
