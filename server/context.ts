import type { Logger } from 'pino';
import type { Config } from './config';
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
}
