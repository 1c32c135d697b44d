import pg from 'pg';
import { PostgresDialect } from 'kysely';

// bigint (int8) columns hold ids and epoch-ms times, all far below 2^53: read them as numbers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** PostgreSQL through a connection pool. */
export function createPostgresDialect(url: string, poolSize = 10): { dialect: PostgresDialect; close: () => Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  return { dialect: new PostgresDialect({ pool }), close: () => pool.end() };
}
