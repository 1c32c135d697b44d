import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './20261126_0001_initial';

/** The ordered migration set, one entry per frozen file; both dialects run the same list. */
export const migrations: Record<string, Migration> = {
  '20261126_0001_initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
