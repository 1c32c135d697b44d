import type { App } from '../server/http/app';
import { buildApp } from '../server/http/app';
import type { TestRuntime } from './harness';

/** The HTTP app over a test runtime, for `app.inject` tests. */
export async function testApp(rt: TestRuntime): Promise<App> {
  const app = await buildApp(rt.ctx);
  await app.ready();
  return app;
}
