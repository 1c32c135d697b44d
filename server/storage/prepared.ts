import { CompiledQuery, type Compilable, type DialectAdapter, type QueryResult } from 'kysely';
import type { Executor } from './db';

// Kysely builds an immutable query tree and compiles it to SQL on every call: about 20 µs a query,
// a quarter of the server's CPU on the hot path of a lead's message. A prepared query is built and
// compiled once per database (its SQL differs between SQLite and PostgreSQL); each call only binds
// the values. For the few queries on that path; everything else keeps the plain query builder.

const PLACEHOLDER = Symbol('placeholder');

/** Stands in for a value while the query is built; bound by name on each call. */
interface Placeholder<K extends string> {
  readonly [PLACEHOLDER]: K;
}

type Placeholders<K extends string> = { readonly [N in K]: never };

function isPlaceholder(v: unknown): v is Placeholder<string> {
  return typeof v === 'object' && v !== null && PLACEHOLDER in v;
}

/**
 * `prepared(['id'], (db, p) => db.selectFrom('leads').selectAll().where('id', '=', p.id))` gives a
 * function `(db, { id: 42 }) => rows`. Placeholders type as `never`, so they fit any column; the
 * values are checked only by the caller's types, as with the builder. Values that are not
 * placeholders are constants of the query.
 */
export function prepared<K extends string, R>(
  names: readonly K[],
  build: (db: Executor, p: Placeholders<K>) => Compilable<R>,
): (db: Executor, values: Readonly<Record<K, unknown>>) => Promise<QueryResult<R>> {
  const placeholders = Object.fromEntries(names.map((n) => [n, { [PLACEHOLDER]: n }])) as unknown as Placeholders<K>;
  const compiled = new WeakMap<DialectAdapter, { sql: string; params: readonly unknown[] }>();
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) {
      const c = build(db, placeholders).compile();
      query = { sql: c.sql, params: c.parameters };
      compiled.set(adapter, query);
    }
    const params = query.params.map((p) => {
      if (!isPlaceholder(p)) return p;
      const v = values[p[PLACEHOLDER] as K];
      // The builder would have left an undefined column out; a prepared query cannot: say so.
      if (v === undefined) throw new Error(`prepared query: no value for "${p[PLACEHOLDER]}"`);
      return v;
    });
    return (await db.executeQuery(CompiledQuery.raw(query.sql, params))) as QueryResult<R>;
  };
}
