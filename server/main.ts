// Composition root: reads configuration once, wires every module, starts serving.
import { loadConfig } from './config';
import { createRuntime } from './compose';
import { buildApp } from './app';
import { startBackground } from './background';

/** Milliseconds since the process started, for the debug line on how the start went. */
const sinceStart = () => Math.round(performance.now());

async function main(): Promise<void> {
  const modules = sinceStart();
  const config = loadConfig();
  // The sandbox gets ready while the app is built; its worker threads start once the server listens.
  const runtime = await createRuntime(config, undefined, { lazySandbox: true });
  const { ctx } = runtime;
  const opened = sinceStart();
  const app = await buildApp(ctx);
  const built = sinceStart();
  const background = startBackground(ctx);
  await ctx.sandbox.ready; // before any request (or the demo) checks a script's syntax
  if (process.argv.includes('--demo')) {
    const { seedDemo } = await import('./demo/seed-demo');
    await seedDemo(ctx);
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  ctx.sandbox.startWorkers();
  ctx.log.info({ url: `http://localhost:${config.PORT}`, db: ctx.dialect }, 'Metadesk is running');
  ctx.log.debug({ modules, opened, built, listening: sinceStart() }, 'start: ms since the process started');

  const stop = async (signal: string) => {
    ctx.log.info({ signal }, 'shutting down');
    await app.close();
    await background.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // The logger may not exist yet (bad configuration): print plainly and fail.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
