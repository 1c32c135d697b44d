import type { z } from 'zod';

// JSON columns are text on both dialects, so nothing in the database checks their shape. A cast
// after JSON.parse would let a corrupt or outdated row flow on as a lie and fail far away (or not at
// all); parsing with the column's schema fails here, naming the column.

/**
 * The stored JSON text of `what` (a column, e.g. `users.roles`, optionally with the row) parsed and
 * checked against `schema`; throws an Error naming `what` when the text is not JSON or does not fit.
 * The value is the schema's output (defaults applied, unknown keys of plain objects dropped).
 */
export function parseColumn<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`stored ${what} is not valid JSON`, { cause: err });
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    // The value itself stays out of the message: it may be large or hold a lead's data.
    const issue = r.error.issues[0];
    const at = issue && issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new Error(`stored ${what} does not fit its schema${at}: ${issue?.message ?? 'invalid'}`, { cause: r.error });
  }
  return r.data;
}
