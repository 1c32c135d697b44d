import path from 'node:path';
import pino from 'pino';
import { createAttachmentLinks } from './attachments/signed-link';
import { createDiskStorage } from './attachments/storage/disk/storage';
import type { Config } from './config';
import type { AppContext } from './context';
import type { RequestCounter } from './http/rate-limit/counter';
import { createMemoryCounter } from './http/rate-limit/memory/counter';
import type { EventBus } from './realtime/bus/bus';
import { createMemoryBus } from './realtime/bus/memory/bus';
import { migrateToLatest, openStorage } from './storage/db';
import { installationSecret } from './storage/installation-secrets.repo';
import { Sandbox } from './scripting/sandbox';

export interface Runtime {
  ctx: AppContext;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /**
   * Do not wait for the sandbox (the server, which has more to do before it serves): the caller awaits
   * `ctx.sandbox.ready` before serving and starts its worker threads with startWorkers() (Sandbox.open).
   */
  lazySandbox?: boolean;
}

/** Opens storage (migrated), the event bus and the logger that every module shares. */
export async function createRuntime(config: Config, log = pino({ level: config.LOG_LEVEL }), o: RuntimeOptions = {}): Promise<Runtime> {
  const sandboxOptions = { logger: log, ...(config.SANDBOX_WORKERS ? { workers: config.SANDBOX_WORKERS } : {}) };
  // Opened first, so its WASM compiles while the database opens.
  const lazy = o.lazySandbox ? Sandbox.open(sandboxOptions) : undefined;
  const storage = openStorage(config.DATABASE_URL, (msg) => log.warn(msg), {
    onWalRestart: (r) => log.debug(r, 'SQLite WAL rewound (ms: how long queries waited for it)'),
  });
  await migrateToLatest(storage.db);
  const sandbox = lazy ?? (await Sandbox.create(sandboxOptions));
  const { bus, requestCounter } = await sharedState(config, log);
  const linkSecret = await installationSecret(storage.db, 'attachment_links', Date.now());
  const ctx: AppContext = {
    config,
    db: storage.db,
    dialect: storage.dialect,
    bus,
    clock: Date.now,
    log,
    sandbox,
    blobs: createDiskStorage(path.resolve(config.DATA_DIR, 'attachments')),
    attachmentLinks: createAttachmentLinks({ publicUrl: config.PUBLIC_URL, secret: linkSecret }),
    requestCounter,
  };
  return {
    ctx,
    async close() {
      sandbox.dispose();
      await bus.close();
      await requestCounter.close();
      await storage.close();
    },
  };
}

/** The event bus and the API-token request counter: in this process, or in Redis with REDIS_URL. */
async function sharedState(config: Config, log: pino.Logger): Promise<{ bus: EventBus; requestCounter: RequestCounter }> {
  if (!config.REDIS_URL) return { bus: createMemoryBus(), requestCounter: createMemoryCounter() };
  // Loaded only with Redis configured: ioredis costs a single-process start ~60 ms.
  const [{ createRedisBus }, { createRedisCounter }] = await Promise.all([import('./realtime/bus/redis/bus'), import('./http/rate-limit/redis/counter')]);
  return {
    // Redis connects in the background: a process starts (and serves) while it is unreachable.
    bus: createRedisBus(config.REDIS_URL, { channel: config.REDIS_CHANNEL, log }),
    // Keys under the deployment's own name (REDIS_CHANNEL), as its events are.
    requestCounter: createRedisCounter(config.REDIS_URL, { prefix: `${config.REDIS_CHANNEL}:ratelimit:`, log }),
  };
}
