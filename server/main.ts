// Composition root: reads configuration once, wires every module, starts serving.
import { loadConfig } from './config';
import { createRuntime } from './compose';
import { buildApp } from './app';
import { startBackground } from './background';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const { ctx } = runtime;
  const app = await buildApp(ctx);
  const background = startBackground(ctx);
  if (process.argv.includes('--demo')) {
    const { seedDemo } = await import('./demo/seed-demo');
    await seedDemo(ctx);
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  ctx.log.info({ url: `http://localhost:${config.PORT}`, db: ctx.dialect }, 'Metadesk is running');

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
