import type { Logger } from 'pino';
import type { Config } from './config';
import type { EventBus } from './realtime/bus/bus';
import type { Db } from './storage/db';

/** What the composition root wires once and hands to every module. */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: 'sqlite' | 'postgres';
  bus: EventBus;
  clock: () => number;
  log: Logger;
}
