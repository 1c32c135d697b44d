import type { Pool, types as pgTypes } from 'pg';
import { PostgresDialect } from 'kysely';

/** PostgreSQL through a connection pool. */
export function createPostgresDialect(url: string, poolSize = 10): { dialect: PostgresDialect; close: () => Promise<void> } {
  // pg is loaded with the first query, not at import: a SQLite installation never pays for loading it (~40 ms).
  let pool: Promise<Pool> | undefined;
  const open = () => (pool ??= import('pg').then(({ default: pg }) => new pg.Pool({ connectionString: url, max: poolSize, types: numbersForInt8(pg.types) })));
  return { dialect: new PostgresDialect({ pool: open }), close: async () => (await pool)?.end() };
}

/** bigint (int8) columns hold ids and epoch-ms times, all far below 2^53: read them as numbers. */
function numbersForInt8(types: typeof pgTypes) {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (v: string) => Number(v) : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
  };
}
