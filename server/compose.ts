import path from 'node:path';
import pino from 'pino';
import { createAttachmentLinks } from './attachments/signed-link';
import { createDiskStorage } from './attachments/storage/disk/storage';
import type { Config } from './config';
import type { AppContext } from './context';
import { createMemoryCounter } from './http/rate-limit/memory/counter';
import { createRedisCounter } from './http/rate-limit/redis/counter';
import { createMemoryBus } from './realtime/bus/memory/bus';
import { createRedisBus } from './realtime/bus/redis/bus';
import { migrateToLatest, openStorage } from './storage/db';
import { installationSecret } from './storage/installation-secrets.repo';
import { Sandbox } from './scripting/sandbox';

export interface Runtime {
  ctx: AppContext;
  close(): Promise<void>;
}

/** Opens storage (migrated), the event bus and the logger that every module shares. */
export async function createRuntime(config: Config, log = pino({ level: config.LOG_LEVEL })): Promise<Runtime> {
  const storage = openStorage(config.DATABASE_URL, (msg) => log.warn(msg));
  await migrateToLatest(storage.db);
  const sandbox = await Sandbox.create({ logger: log, ...(config.SANDBOX_WORKERS ? { workers: config.SANDBOX_WORKERS } : {}) });
  // Redis connects in the background: a process starts (and serves) while it is unreachable.
  const bus = config.REDIS_URL ? createRedisBus(config.REDIS_URL, { channel: config.REDIS_CHANNEL, log }) : createMemoryBus();
  // Keys under the deployment's own name (REDIS_CHANNEL), as its events are.
  const requestCounter = config.REDIS_URL ? createRedisCounter(config.REDIS_URL, { prefix: `${config.REDIS_CHANNEL}:ratelimit:`, log }) : createMemoryCounter();
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
