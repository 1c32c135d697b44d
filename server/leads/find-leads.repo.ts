import { sql } from 'kysely';
import type { Executor } from '../storage/db';

/**
 * bot.findLeads(columns, where, orderBy, limit, offset) for user code. The where syntax is a list
 * of conditions, all of which must hold:
 *   [['status', '=', 'vip'], ['attr.city', '=', 'Moscow'], ['tag', '=', 'mugs'], ['created_at', '>', 1764100000000]]
 * Columns: id, name, status, state, messenger_id, phone, email, language, channel_id, is_forwarded,
 * unread_count, created_at, last_activity_at; `attr.<name>` compares an attribute; `tag` with '=' or
 * '!=' tests a tag. Operators: = != < > <= >= like in, 'is null', 'is not null'. Only the bot's own
 * leads are searched.
 */
export const LEAD_COLUMNS = [
  'id',
  'name',
  'status',
  'state',
  'messenger_id',
  'phone',
  'email',
  'language',
  'channel_id',
  'is_forwarded',
  'unread_count',
  'created_at',
  'last_activity_at',
] as const;
type Column = (typeof LEAD_COLUMNS)[number];
const OPS = ['=', '!=', '<', '>', '<=', '>=', 'like', 'in', 'is null', 'is not null'] as const;
type Op = (typeof OPS)[number];

export class FindLeadsError extends Error {}

const isColumn = (c: unknown): c is Column => typeof c === 'string' && (LEAD_COLUMNS as readonly string[]).includes(c);

export async function findLeads(
  db: Executor,
  scope: { businessId: number; botId: number },
  args: { columns?: unknown; where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown },
): Promise<Record<string, unknown>[]> {
  const columns = args.columns == null || args.columns === '*' ? [...LEAD_COLUMNS] : args.columns;
  if (!Array.isArray(columns) || !columns.every(isColumn)) throw new FindLeadsError(`columns: a list of ${LEAD_COLUMNS.join(', ')}`);
  const limit = args.limit == null ? 100 : Number(args.limit);
  const offset = args.offset == null ? 0 : Number(args.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new FindLeadsError('limit: 1 to 1000');
  if (!Number.isInteger(offset) || offset < 0) throw new FindLeadsError('offset: 0 or more');
  let q = db.selectFrom('leads').select(columns).where('business_id', '=', scope.businessId).where('bot_id', '=', scope.botId);
  const where = args.where ?? [];
  if (!Array.isArray(where)) throw new FindLeadsError('where: a list of [column, operator, value]');
  for (const [i, cond] of where.entries()) {
    if (!Array.isArray(cond) || cond.length < 2) throw new FindLeadsError(`where[${i}]: [column, operator, value]`);
    const [col, rawOp, value] = cond as [unknown, unknown, unknown];
    const op = String(rawOp).toLowerCase() as Op;
    if (!(OPS as readonly string[]).includes(op)) throw new FindLeadsError(`where[${i}]: operator must be one of ${OPS.join(', ')}`);
    const unary = op === 'is null' || op === 'is not null';
    if (!unary && (value === undefined || (op === 'in' ? !Array.isArray(value) : typeof value === 'object' && value !== null))) {
      throw new FindLeadsError(`where[${i}]: a value (a list for 'in')`);
    }
    // Flags are stored as 0/1.
    const v = (typeof value === 'boolean' ? Number(value) : value) as string | number | (string | number)[];
    if (col === 'tag') {
      if (op !== '=' && op !== '!=') throw new FindLeadsError(`where[${i}]: tag takes = or !=`);
      const has = sql<boolean>`exists (select 1 from lead_tags t where t.lead_id = leads.id and t.tag = ${String(v)})`;
      q = q.where(op === '=' ? has : sql<boolean>`not ${has}`);
    } else if (typeof col === 'string' && col.startsWith('attr.')) {
      const name = col.slice(5);
      const value$ = sql`(select a.value from lead_attributes a where a.lead_id = leads.id and a.name = ${name})`;
      // Attributes are text: compare as text on both dialects.
      q = q.where(condition(value$, op, Array.isArray(v) ? v.map(String) : String(v)));
    } else if (isColumn(col)) {
      q = q.where(condition(sql.ref(`leads.${col}`), op, v));
    } else {
      throw new FindLeadsError(`where[${i}]: unknown column ${String(col)}`);
    }
  }
  const order = args.orderBy ?? 'id';
  const [ocol, dir] = String(order).trim().split(/\s+/);
  if (!isColumn(ocol) || (dir && !/^(asc|desc)$/i.test(dir))) throw new FindLeadsError('orderBy: "<column> [asc|desc]"');
  q = q.orderBy(ocol, dir?.toLowerCase() === 'desc' ? 'desc' : 'asc');
  return q.limit(limit).offset(offset).execute() as Promise<Record<string, unknown>[]>;
}

function condition(left: ReturnType<typeof sql>, op: Op, v: string | number | (string | number)[]) {
  switch (op) {
    case 'is null':
      return sql<boolean>`${left} is null`;
    case 'is not null':
      return sql<boolean>`${left} is not null`;
    case 'in':
      return sql<boolean>`${left} in (${sql.join((v as (string | number)[]).map((x) => sql`${x}`))})`;
    case 'like':
      return sql<boolean>`${left} like ${String(v)}`;
    case '!=':
      return sql<boolean>`${left} <> ${v}`;
    default:
      return sql<boolean>`${left} ${sql.raw(op)} ${v}`;
  }
}
