import { PostgresAdapter, sql, type Expression, type Kysely, type SelectQueryBuilder } from 'kysely';

export interface IntColumns<K extends string> {
  length: number;
  /** One array per column, in the same row order; null reads as NaN. */
  columns: Record<K, Float64Array>;
}

/**
 * Reads integer columns of many rows as one packed string per column (`group_concat` / `string_agg`).
 * Drivers build a JavaScript object or array for every row, which for a report's 100,000+ rows costs
 * ten times the query itself (168k rows of 13 columns: 0.9 s as objects, a tenth of that packed). All
 * the aggregates of one query see the rows in one pass, so the columns stay aligned row by row.
 */
export async function readIntColumns<DB, TB extends keyof DB, K extends string>(
  db: Kysely<DB>,
  query: SelectQueryBuilder<DB, TB, object>,
  columns: Record<K, Expression<number | null>>,
): Promise<IntColumns<K>> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const names = Object.keys(columns) as K[];
  const packed = names.map((name) =>
    pg
      ? sql<string | null>`string_agg(coalesce((${columns[name]})::bigint::text, ''), ',')`.as(name)
      : // SQLite: an integer column minus a bound number is a REAL ("997.0"): read as the integer it is.
        sql<string | null>`group_concat(coalesce(cast(${columns[name]} as integer), ''), ',')`.as(name),
  );
  const row = (await query.select([sql<number>`count(*)`.as('__rows'), ...packed]).executeTakeFirst()) as Record<string, string | number | null> | undefined;
  const length = Number(row?.__rows ?? 0);
  const out = {} as Record<K, Float64Array>;
  for (const name of names) out[name] = parseInts(String(row?.[name] ?? ''), length);
  return { length, columns: out };
}

/** Parses "12,,-3" into [12, NaN, -3]: a hand loop, as split() would build a string per value. */
export function parseInts(s: string, length: number): Float64Array {
  const out = new Float64Array(length);
  if (length === 0) return out;
  let i = 0;
  let value = 0;
  let digits = 0;
  let negative = false;
  for (let c = 0; c <= s.length; c++) {
    const code = c < s.length ? s.charCodeAt(c) : 44;
    if (code === 44) {
      out[i++] = digits === 0 ? NaN : negative ? -value : value;
      value = 0;
      digits = 0;
      negative = false;
    } else if (code === 45) negative = true;
    else if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      digits++;
    } else throw new Error(`readIntColumns: not an integer near "${s.slice(Math.max(0, c - 10), c + 10)}"`);
  }
  if (i !== length) throw new Error(`readIntColumns: ${i} values for ${length} rows`);
  return out;
}
