import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Executor } from '../storage/db';
import { compileUserRegexp, UnsafeRegexpError } from '../storage/sqlite/regexp';
import { ATTRIBUTE_NAME } from '../../contracts/limits';

/**
 * bot.findLeads(columns = [], where = [], orderBy = [], limit = 100, offset = 0) for user code, with
 * Metabot's documented forms (docs/js-api.md). `where` is a list of conditions that must all hold,
 * each `[field, value]` (meaning '=') or `[field, operator, value]`:
 *   [['status_id', 'vip'], ['lead_attributes.city', 'ilike', 'моск%'], ['tag', '=', 'mugs'], ['created_at', '>', 1764100000000]]
 * Fields: the lead's (Metabot's names and ours, FIELDS below), `lead_attributes.<name>` (or
 * `attr.<name>`) for an attribute, `tag` for a tag, `channels.*` and `leadstatuses.*`. Operators
 * (any case): = != <> < > <= >= like, not like, ilike, not ilike, in, not in, is, is not (with
 * null), regexp, not regexp. Only the bot's own leads are searched. Also reads channels (name,
 * kind) and dialogs (the operator in charge): a declared read model (scripts/check-modules.ts).
 */
type Kind = 'number' | 'text';
interface Field {
  expr: RawBuilder<unknown>;
  kind: Kind;
}
const col = (c: string): Field => ({ expr: sql.ref(`leads.${c}`), kind: c === 'name' || TEXT_COLUMNS.has(c) ? 'text' : 'number' });
const TEXT_COLUMNS = new Set(['name', 'messenger_id', 'language', 'status', 'state', 'phone', 'email']);
const text = (expr: RawBuilder<unknown>): Field => ({ expr, kind: 'text' });

// The bot is muted for the lead while operators have it (Metadesk has no separate mute switch).
const IS_MUTE = { expr: sql`(case when leads.state in ('waiting', 'operator') then 1 else 0 end)`, kind: 'number' } satisfies Field;
const MANAGER_ID = {
  expr: sql`(select d.assignee_id from dialogs d where d.id = leads.current_dialog_id and d.state <> 'closed')`,
  kind: 'number',
} satisfies Field;
const CHANNEL_NAME = text(sql`(select c.name from channels c where c.id = leads.channel_id)`);
const CHANNEL_CODE = text(sql`(select c.kind from channels c where c.id = leads.channel_id)`);

/** Every field findLeads can return, compare and sort by: Metabot's names and Metadesk's own. */
export const FIELDS: Record<string, Field> = {
  id: col('id'),
  name: col('name'),
  identification: col('messenger_id'),
  messenger_id: col('messenger_id'),
  manager_id: MANAGER_ID,
  bot_id: col('bot_id'),
  channel_id: col('channel_id'),
  lang_code: col('language'),
  language: col('language'),
  status_id: col('status'),
  status: col('status'),
  status_name: col('status'),
  state: col('state'),
  is_mute: IS_MUTE,
  is_forwarded: col('is_forwarded'),
  forwarded_at: col('forwarded_at'),
  last_activity: col('last_activity_at'),
  last_activity_at: col('last_activity_at'),
  updated_at: col('last_activity_at'),
  last_message_at: col('last_message_at'),
  messenger: CHANNEL_CODE,
  channel_code: CHANNEL_CODE,
  channel_name: CHANNEL_NAME,
  created_at: col('created_at'),
  dialog_id: col('current_dialog_id'),
  person_id: { expr: sql`(select p.person_id from lead_persons p where p.lead_id = leads.id)`, kind: 'number' },
  unread_count: col('unread_count'),
  phone: col('phone'),
  email: col('email'),
};
/** Documented Metabot fields Metadesk does not keep: named in the error instead of "unknown". */
const NOT_KEPT: Record<string, string> = {
  last_response: 'Metadesk does not keep it; use last_message_at or last_activity',
  bot_debug_level: 'Metadesk has no per-lead debug level',
  extra: 'Metadesk keeps extra data in attributes: use lead_attributes.<name>',
};
/** `<category>.<field>` names of the documented field categories. */
const CATEGORY: Record<string, string> = {
  'channels.id': 'channel_id',
  'channels.name': 'channel_name',
  'channels.code': 'channel_code',
  'channels.kind': 'channel_code',
  'leadstatuses.id': 'status_id',
  'leadstatuses.name': 'status_name',
};

const OPS = ['=', '!=', '<>', '<', '>', '<=', '>=', 'like', 'not like', 'ilike', 'not ilike', 'in', 'not in', 'is', 'is not', 'regexp', 'not regexp'] as const;
type Op = (typeof OPS)[number];
export const MAX_LIMIT = 100;
const MAX_IN = 1000;

export class FindLeadsError extends Error {}

type Scalar = string | number | null;

export async function findLeads(
  db: Executor,
  scope: { businessId: number; botId: number },
  args: { columns?: unknown; where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown },
): Promise<Record<string, unknown>[]> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const columns = selectedColumns(args.columns);
  const limit = args.limit == null ? MAX_LIMIT : Number(args.limit);
  const offset = args.offset == null ? 0 : Number(args.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new FindLeadsError(`limit: 1 to ${MAX_LIMIT} (got ${JSON.stringify(args.limit)})`);
  if (!Number.isInteger(offset) || offset < 0) throw new FindLeadsError(`offset: 0 or more (got ${JSON.stringify(args.offset)})`);
  let q = db
    .selectFrom('leads')
    .select(columns.map((c) => fieldOf(c, 'columns').expr.as(c)))
    .where('leads.business_id', '=', scope.businessId)
    .where('leads.bot_id', '=', scope.botId);
  for (const [i, c] of conditions(args.where).entries()) q = q.where(condition(c, `where[${i}]`, pg));
  for (const [expr, dir] of ordering(args.orderBy)) q = q.orderBy(expr, dir);
  // Pages stay stable however the order ties.
  q = q.orderBy('leads.id', 'asc');
  try {
    return (await q.limit(limit).offset(offset).execute()) as Record<string, unknown>[];
  } catch (err) {
    // PostgreSQL's regular expressions differ a little from JavaScript's: its refusal reaches the script.
    if ((err as { code?: unknown }).code === '2201B') throw new FindLeadsError(`regexp: ${(err as Error).message}`);
    throw err;
  }
}

function selectedColumns(v: unknown): string[] {
  if (v == null || v === '*' || (Array.isArray(v) && v.length === 0)) return Object.keys(FIELDS);
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
  if (!Array.isArray(list) || !list.every((c) => typeof c === 'string')) throw new FindLeadsError(`columns: a list of field names, e.g. ['id', 'name']`);
  for (const c of list) fieldOf(c, 'columns');
  return [...new Set(list as string[])];
}

/** A field by name, or a FindLeadsError naming what is wrong. `tag` is where-only. */
function fieldOf(name: unknown, where: string): Field {
  if (typeof name !== 'string') throw new FindLeadsError(`${where}: a field name (got ${JSON.stringify(name)})`);
  const n = CATEGORY[name] ?? (name.startsWith('leads.') ? name.slice(6) : name);
  const f = FIELDS[n];
  if (f) return f;
  const attr = attributeName(n);
  if (attr !== null) {
    if (!ATTRIBUTE_NAME.test(attr)) throw new FindLeadsError(`${where}: attribute name must be letters, digits and _ (got ${JSON.stringify(attr)})`);
    return text(sql`(select a.value from lead_attributes a where a.lead_id = leads.id and a.name = ${attr})`);
  }
  if (NOT_KEPT[n]) throw new FindLeadsError(`${where}: ${n} is not available: ${NOT_KEPT[n]}`);
  throw new FindLeadsError(`${where}: unknown field ${JSON.stringify(name)} (fields: ${Object.keys(FIELDS).join(', ')}, lead_attributes.<name>, tag)`);
}

function attributeName(n: string): string | null {
  if (n.startsWith('lead_attributes.')) return n.slice('lead_attributes.'.length);
  if (n.startsWith('attr.')) return n.slice(5);
  return null;
}

interface Cond {
  field: unknown;
  op: Op;
  value: unknown;
}

/** The conditions of `where`: a list of [field, value] / [field, operator, value], or an object {field: value}. */
function conditions(where: unknown): Cond[] {
  if (where == null) return [];
  if (typeof where === 'object' && !Array.isArray(where)) return Object.entries(where).map(([field, value]) => ({ field, op: '=', value }));
  if (!Array.isArray(where)) throw new FindLeadsError('where: a list of [field, value] or [field, operator, value]');
  // One condition given bare: ['status_id', 'vip'] instead of [['status_id', 'vip']].
  const list: unknown[] = where.length > 0 && !Array.isArray(where[0]) && typeof where[0] === 'string' ? [where] : where;
  return list.map((c, i) => {
    if (!Array.isArray(c) || c.length < 2 || c.length > 3) throw new FindLeadsError(`where[${i}]: [field, value] or [field, operator, value]`);
    if (c.length === 2) {
      // ['field', 'is null'] keeps working: the null checks need no value.
      const unary = typeof c[1] === 'string' ? normalOp(c[1]) : '';
      if (unary === 'is null') return { field: c[0], op: 'is', value: null };
      if (unary === 'is not null') return { field: c[0], op: 'is not', value: null };
      return { field: c[0], op: '=', value: c[1] };
    }
    const raw = normalOp(c[1]);
    if (raw === 'is null' || raw === 'is not null') return { field: c[0], op: raw === 'is null' ? 'is' : 'is not', value: null };
    if (!(OPS as readonly string[]).includes(raw)) throw new FindLeadsError(`where[${i}]: operator ${JSON.stringify(c[1])}; one of ${OPS.join(', ')}`);
    return { field: c[0], op: raw as Op, value: c[2] };
  });
}

const normalOp = (v: unknown) => String(v).trim().toLowerCase().replace(/\s+/g, ' ');

function condition(c: Cond, where: string, pg: boolean): RawBuilder<boolean> {
  let { op } = c;
  // As Laravel (Metabot) does: = null is "is null", != null is "is not null".
  if (c.value === null && (op === '=' || op === '!=' || op === '<>')) op = op === '=' ? 'is' : 'is not';
  if (c.field === 'tag' || c.field === 'tags') return tagCondition(op, c.value, where);
  const f = fieldOf(c.field, where);
  switch (op) {
    case 'is':
    case 'is not':
      if (c.value !== null && c.value !== undefined && normalOp(c.value) !== 'null') throw new FindLeadsError(`${where}: '${op}' takes null`);
      return op === 'is' ? sql<boolean>`${f.expr} is null` : sql<boolean>`${f.expr} is not null`;
    case 'in':
    case 'not in': {
      if (!Array.isArray(c.value)) throw new FindLeadsError(`${where}: '${op}' takes a list of values`);
      if (c.value.length > MAX_IN) throw new FindLeadsError(`${where}: at most ${MAX_IN} values for '${op}'`);
      const values = c.value.map((v) => scalar(v, f.kind, where)).filter((v) => v !== null);
      // An empty list: nothing is in it, everything (not null) is not in it.
      if (values.length === 0) return op === 'in' ? sql<boolean>`1 = 0` : sql<boolean>`${f.expr} is not null`;
      const list = sql.join(values.map((v) => sql`${v}`));
      return op === 'in' ? sql<boolean>`${f.expr} in (${list})` : sql<boolean>`${f.expr} not in (${list})`;
    }
    case 'like':
    case 'not like':
    case 'ilike':
    case 'not ilike': {
      const pattern = textValue(c.value, where, op);
      const left = f.kind === 'text' ? f.expr : sql`cast(${f.expr} as text)`;
      const not = op.startsWith('not ') ? sql`not ` : sql``;
      if (op.endsWith('ilike')) return pg ? sql<boolean>`${not}(${left} ilike ${pattern})` : sql<boolean>`${not}(lower(${left}) like lower(${pattern}))`;
      // SQLite's LIKE ignores ASCII case; GLOB is case-sensitive, as PostgreSQL's LIKE is.
      return pg ? sql<boolean>`${not}(${left} like ${pattern})` : sql<boolean>`${not}(${left} glob ${likeToGlob(pattern)})`;
    }
    case 'regexp':
    case 'not regexp': {
      const pattern = textValue(c.value, where, op);
      try {
        compileUserRegexp(pattern);
      } catch (err) {
        if (err instanceof UnsafeRegexpError) throw new FindLeadsError(`${where}: ${err.message}`);
        throw err;
      }
      const left = f.kind === 'text' ? f.expr : sql`cast(${f.expr} as text)`;
      if (pg) return op === 'regexp' ? sql<boolean>`${left} ~ ${pattern}` : sql<boolean>`${left} !~ ${pattern}`;
      return op === 'regexp' ? sql<boolean>`${left} regexp ${pattern}` : sql<boolean>`not (${left} regexp ${pattern})`;
    }
    default: {
      const v = scalar(c.value, f.kind, where);
      if (v === null) throw new FindLeadsError(`${where}: '${op}' takes a value, not null`);
      return sql<boolean>`${f.expr} ${sql.raw(op === '!=' ? '<>' : op)} ${v}`;
    }
  }
}

function tagCondition(op: Op, value: unknown, where: string): RawBuilder<boolean> {
  const has = (tags: string[]) =>
    sql<boolean>`exists (select 1 from lead_tags t where t.lead_id = leads.id and t.tag in (${sql.join(tags.map((t) => sql`${t}`))}))`;
  if (op === '=' || op === '!=' || op === '<>') {
    const t = textValue(value, where, op);
    return op === '=' ? has([t]) : sql<boolean>`not ${has([t])}`;
  }
  if (op === 'in' || op === 'not in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IN) throw new FindLeadsError(`${where}: '${op}' takes a list of 1 to ${MAX_IN} tags`);
    const tags = value.map((v) => textValue(v, where, op));
    return op === 'in' ? has(tags) : sql<boolean>`not ${has(tags)}`;
  }
  throw new FindLeadsError(`${where}: tag takes =, !=, <>, in, not in`);
}

/** A value to compare with a field: numbers for number fields (flags true/false are 1/0), text for text fields. */
function scalar(v: unknown, kind: Kind, where: string): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return kind === 'number' ? Number(v) : String(v);
  if (typeof v !== 'string' && typeof v !== 'number') throw new FindLeadsError(`${where}: a value must be a string, a number, true/false or null`);
  if (kind === 'text') return String(v);
  const n = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new FindLeadsError(`${where}: this field holds numbers (got ${JSON.stringify(v)})`);
  return n;
}

function textValue(v: unknown, where: string, op: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new FindLeadsError(`${where}: '${op}' takes a string`);
}

/**
 * A LIKE pattern as a GLOB pattern: % and _ become * and ?, GLOB's own wildcards are matched
 * literally, and \ escapes the next character (PostgreSQL's default LIKE escape).
 */
export function likeToGlob(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '\\' && i + 1 < p.length) {
      out += literal(p[++i]!);
    } else if (ch === '%') out += '*';
    else if (ch === '_') out += '?';
    else out += literal(ch);
  }
  return out;
}
const literal = (ch: string) => (ch === '*' || ch === '?' || ch === '[' ? `[${ch}]` : ch);

type Dir = 'asc' | 'desc';

/** orderBy: [] or null (by id), 'field [asc|desc]', ['field desc', …], [['field', 'desc'], …], ['field', 'desc'] or {field: 'desc'}. */
function ordering(v: unknown): [RawBuilder<unknown>, Dir][] {
  if (v == null || v === '' || (Array.isArray(v) && v.length === 0)) return [];
  let items: [unknown, unknown][];
  if (typeof v === 'string') items = v.split(',').map((s) => splitOrder(s));
  else if (Array.isArray(v)) {
    if (v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && /^(asc|desc)$/i.test(v[1].trim())) items = [[v[0], v[1]]];
    else items = v.map((x) => (Array.isArray(x) ? [x[0], x[1]] : typeof x === 'string' ? splitOrder(x) : [x, undefined]));
  } else if (typeof v === 'object') items = Object.entries(v);
  else throw new FindLeadsError('orderBy: "field [asc|desc]", a list of them, or {field: "asc"|"desc"}');
  return items.map(([field, dir]) => {
    const d = dir == null ? 'asc' : String(dir).trim().toLowerCase();
    if (d !== 'asc' && d !== 'desc') throw new FindLeadsError(`orderBy: direction asc or desc (got ${JSON.stringify(dir)})`);
    return [fieldOf(field, 'orderBy').expr, d];
  });
}

function splitOrder(s: string): [string, string | undefined] {
  const [field, dir, extra] = s.trim().split(/\s+/);
  if (extra !== undefined) throw new FindLeadsError(`orderBy: "field [asc|desc]" (got ${JSON.stringify(s)})`);
  return [field ?? '', dir];
}

// Reads of the lead.* / bot.* API (server/bot-runtime/js-api.ts) that need the database.

/** The kind (Metabot's messenger / channel code) and name of a lead's channel. */
export async function leadChannel(db: Executor, channelId: number): Promise<{ kind: string; name: string } | undefined> {
  return db.selectFrom('channels').select(['kind', 'name']).where('id', '=', channelId).executeTakeFirst();
}

/** The statuses the bot's leads are in (Metadesk's statuses are names, not a list kept per bot), sorted. */
export async function statusesOfBot(db: Executor, botId: number): Promise<string[]> {
  const rows = await db.selectFrom('leads').select('status').distinct().where('bot_id', '=', botId).where('status', 'is not', null).execute();
  return rows.map((r) => r.status!).sort();
}

/** How many leads the bot has (bot.getData('leadsCount')). */
export async function countLeadsOfBot(db: Executor, botId: number): Promise<number> {
  const r = await db
    .selectFrom('leads')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('bot_id', '=', botId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The lead's last message to the bot (lead.getLastRequest()). */
export async function lastLeadMessage(db: Executor, leadId: number): Promise<{ id: number; text: string; created_at: number } | undefined> {
  return db
    .selectFrom('messages')
    .select(['id', 'text', 'created_at'])
    .where('lead_id', '=', leadId)
    .where('author', '=', 'lead')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** What routing sees of many leads at once (the routing simulator's replay of history): a few queries per 500 leads. */
export async function routingProfiles(
  db: Executor,
  leadIds: readonly number[],
): Promise<Map<number, { name: string; language: string | null; channel: string; attrs: Record<string, string>; tags: string[] }>> {
  const out = new Map<number, { name: string; language: string | null; channel: string; attrs: Record<string, string>; tags: string[] }>();
  const ids = [...new Set(leadIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [leads, attrs, tags] = await Promise.all([
      db
        .selectFrom('leads')
        .innerJoin('channels', 'channels.id', 'leads.channel_id')
        .select(['leads.id', 'leads.name', 'leads.language', 'channels.kind'])
        .where('leads.id', 'in', chunk)
        .execute(),
      db.selectFrom('lead_attributes').select(['lead_id', 'name', 'value']).where('lead_id', 'in', chunk).execute(),
      db.selectFrom('lead_tags').select(['lead_id', 'tag']).where('lead_id', 'in', chunk).execute(),
    ]);
    for (const l of leads) out.set(l.id, { name: l.name, language: l.language, channel: l.kind, attrs: {}, tags: [] });
    for (const a of attrs) {
      const p = out.get(a.lead_id);
      if (p) p.attrs[a.name] = a.value;
    }
    for (const t of tags) out.get(t.lead_id)?.tags.push(t.tag);
  }
  return out;
}
