import type { Logger } from 'pino';
import type { AttachmentLinks } from './attachments/signed-link';
import type { BlobStorage } from './attachments/storage/storage';
import type { Config } from './config';
import type { RequestCounter } from './http/rate-limit/counter';
import type { EventBus } from './realtime/bus/bus';
import type { Sandbox } from './scripting/sandbox';
import type { Db } from './storage/db';

/** What the composition root wires once and hands to every module. */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: 'sqlite' | 'postgres';
  bus: EventBus;
  clock: () => number;
  log: Logger;
  /** The JavaScript sandbox for businesses' user code (one per process). */
  sandbox: Sandbox;
  /** Where attachment bytes live (files under DATA_DIR; an object store can take its place). */
  blobs: BlobStorage;
  /** Signs and checks the expiring attachment download links sent to webhooks. */
  attachmentLinks: AttachmentLinks;
  /** Counts API-token requests per minute: in memory, or in Redis shared by every process (with REDIS_URL). */
  requestCounter: RequestCounter;
}
