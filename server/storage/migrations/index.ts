import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './20261126_0001_initial';
import * as botScripts from './20261126_0002_bot_scripts';

/** The ordered migration set, one entry per frozen file; both dialects run the same list. */
export const migrations: Record<string, Migration> = {
  '20261126_0001_initial': initial,
  '20261126_0002_bot_scripts': botScripts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
