import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from '../../test/harness';
import { buildBot, buildBusiness, buildChannel, buildLead, buildUser } from '../../test/factories';
import { migrateToLatest, openStorage, type Db, type Storage } from '../storage/db';
import { findLeads, FindLeadsError, likeToGlob } from './find-leads.repo';

/** Three leads of one bot (and one of another bot, never found), with statuses, attributes and tags. */
async function world(db: Db) {
  const business = await buildBusiness(db);
  const bot = await buildBot(db, { businessId: business.id });
  const other = await buildBot(db, { businessId: business.id });
  const api = await buildChannel(db, { businessId: business.id, botId: bot.id, kind: 'api' });
  const tg = await buildChannel(db, { businessId: business.id, botId: bot.id, kind: 'telegram' });
  const otherChannel = await buildChannel(db, { businessId: business.id, botId: other.id });
  const op = await buildUser(db, { businessId: business.id, name: 'Olga' });
  const lead = async (name: string, channelId: number, o: { status?: string; attrs?: Record<string, string>; tags?: string[]; created?: number } = {}) => {
    const l = await buildLead(db, { businessId: business.id, botId: bot.id, channelId, name, messengerId: `tg-${name}` });
    await db
      .updateTable('leads')
      .set({ status: o.status ?? null, created_at: o.created ?? l.created_at })
      .where('id', '=', l.id)
      .execute();
    for (const [k, v] of Object.entries(o.attrs ?? {})) await db.insertInto('lead_attributes').values({ lead_id: l.id, name: k, value: v }).execute();
    for (const t of o.tags ?? []) await db.insertInto('lead_tags').values({ lead_id: l.id, tag: t }).execute();
    return l.id;
  };
  const ira = await lead('Ira', api.id, { status: 'vip', attrs: { city: 'Москва', orders: '12' }, tags: ['mugs'], created: 1000 });
  const petr = await lead('Petr', tg.id, { status: 'new', attrs: { city: 'МОСКВА-2', orders: '3' }, tags: ['plates', 'mugs'], created: 2000 });
  const anna = await lead('anna', tg.id, { attrs: { city: 'Тверь' }, created: 3000 });
  await buildLead(db, { businessId: business.id, botId: other.id, channelId: otherChannel.id, name: 'Stranger' });
  // Petr is with an operator: a dialog assigned to Olga.
  const dialog = await db
    .insertInto('dialogs')
    .values({ business_id: business.id, lead_id: petr, state: 'active', assignee_id: op.id, created_at: 1, return_script: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('leads').set({ state: 'operator', current_dialog_id: dialog.id, is_forwarded: 1 }).where('id', '=', petr).execute();
  return { scope: { businessId: business.id, botId: bot.id }, ira, petr, anna, api, tg, op, dialogId: dialog.id };
}

describe.each(await dialects())('bot.findLeads on %s', (dialect) => {
  // The storage alone: findLeads needs nothing else of the runtime.
  let store: Storage;
  let drop: () => Promise<void>;
  let w: Awaited<ReturnType<typeof world>>;
  const rt = {
    ctx: {
      get db() {
        return store.db;
      },
    },
  };
  beforeAll(async () => {
    const fresh = await freshDatabase(dialect);
    drop = fresh.drop;
    store = openStorage(fresh.url);
    await migrateToLatest(store.db);
    w = await world(store.db);
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const ids = async (where: unknown, orderBy: unknown = []) => (await findLeads(rt.ctx.db, w.scope, { columns: ['id'], where, orderBy })).map((r) => r.id);
  const refused = (args: Parameters<typeof findLeads>[2]) => findLeads(rt.ctx.db, w.scope, args);

  it('takes the documented defaults: all columns, every lead of the bot by id, at most 100', async () => {
    const all = await findLeads(rt.ctx.db, w.scope, { columns: [], where: [], orderBy: [] });
    expect(all.map((r) => r.id)).toEqual([w.ira, w.petr, w.anna]);
    expect(all[1]).toMatchObject({
      id: w.petr,
      name: 'Petr',
      identification: 'tg-Petr',
      status_id: 'new',
      status_name: 'new',
      channel_id: w.tg.id,
      channel_code: 'telegram',
      channel_name: w.tg.name,
      messenger: 'telegram',
      manager_id: w.op.id,
      dialog_id: w.dialogId,
      is_forwarded: 1,
      is_mute: 1,
      lang_code: 'en',
    });
    expect(all[0]).toMatchObject({ manager_id: null, is_mute: 0, channel_code: 'api' });
    expect(await findLeads(rt.ctx.db, w.scope, { columns: ['status_name', 'channel_code', 'lead_attributes.city'], where: [['id', w.ira]] })).toEqual([
      { status_name: 'vip', channel_code: 'api', 'lead_attributes.city': 'Москва' },
    ]);
  });

  it('reads [field, value] as "=" and knows the documented fields', async () => {
    expect(await ids([['status_id', 'vip']])).toEqual([w.ira]);
    expect(await ids([['identification', 'tg-anna']])).toEqual([w.anna]);
    expect(await ids(['status_id', 'new'])).toEqual([w.petr]);
    expect(await ids({ channel_code: 'telegram', is_mute: 0 })).toEqual([w.anna]);
    expect(await ids([['lead_attributes.city', 'Москва']])).toEqual([w.ira]);
    expect(await ids([['attr.city', '=', 'Тверь']])).toEqual([w.anna]);
    expect(await ids([['manager_id', w.op.id]])).toEqual([w.petr]);
    expect(await ids([['is_forwarded', true]])).toEqual([w.petr]);
    expect(await ids([['channels.code', 'api']])).toEqual([w.ira]);
    expect(await ids([['leadstatuses.name', 'vip']])).toEqual([w.ira]);
    expect(await ids([['channel_name', w.tg.name]])).toEqual([w.petr, w.anna]);
  });

  it('knows every documented operator, in any case', async () => {
    expect(await ids([['status_id', '<>', 'vip']])).toEqual([w.petr]);
    expect(await ids([['status_id', '!=', 'vip']])).toEqual([w.petr]);
    expect(await ids([['created_at', '>=', 2000]])).toEqual([w.petr, w.anna]);
    expect(await ids([['created_at', '<', '2000']])).toEqual([w.ira]);
    expect(await ids([['created_at', '<=', 2000]])).toEqual([w.ira, w.petr]);
    expect(await ids([['name', 'LIKE', 'P%']])).toEqual([w.petr]);
    // LIKE is case-sensitive on both databases (PostgreSQL's), ILIKE is not, Cyrillic included.
    expect(await ids([['name', 'like', 'a%']])).toEqual([w.anna]);
    expect(await ids([['name', 'ilike', 'A%']])).toEqual([w.anna]);
    expect(await ids([['lead_attributes.city', 'ilike', 'москва%']])).toEqual([w.ira, w.petr]);
    expect(await ids([['lead_attributes.city', 'like', 'москва%']])).toEqual([]);
    expect(await ids([['name', 'not like', '%a%']])).toEqual([w.petr]);
    expect(await ids([['name', 'not like', '%A%']])).toEqual([w.ira, w.petr, w.anna]);
    expect(await ids([['name', 'NOT ILIKE', '%A%']])).toEqual([w.petr]);
    expect(await ids([['id', 'IN', [w.ira, w.anna]]])).toEqual([w.ira, w.anna]);
    expect(await ids([['id', 'NOT IN', [w.ira, w.anna]]])).toEqual([w.petr]);
    expect(await ids([['id', 'in', []]])).toEqual([]);
    expect(await ids([['status_id', 'is', null]])).toEqual([w.anna]);
    expect(await ids([['status_id', 'IS NOT', null]])).toEqual([w.ira, w.petr]);
    expect(await ids([['status_id', 'is null']])).toEqual([w.anna]);
    expect(await ids([['status_id', null]])).toEqual([w.anna]);
    expect(await ids([['lead_attributes.orders', 'is', null]])).toEqual([w.anna]);
    expect(await ids([['name', 'regexp', '^[A-Z][a-z]+$']])).toEqual([w.ira, w.petr]);
    expect(await ids([['name', 'not regexp', '^[A-Z]']])).toEqual([w.anna]);
    expect(await ids([['lead_attributes.city', 'REGEXP', '^МОСКВА']])).toEqual([w.petr]);
    expect(await ids([['lead_attributes.orders', 'regexp', '^[0-9]{2}$']])).toEqual([w.ira]);
    expect(await ids([['id', 'regexp', `^${w.anna}$`]])).toEqual([w.anna]);
    expect(await ids([['tag', 'mugs']])).toEqual([w.ira, w.petr]);
    expect(await ids([['tag', '!=', 'mugs']])).toEqual([w.anna]);
    expect(await ids([['tag', 'in', ['plates', 'none']]])).toEqual([w.petr]);
    expect(await ids([['tag', 'not in', ['plates']]])).toEqual([w.ira, w.anna]);
    expect(
      await ids([
        ['lead_attributes.city', 'ilike', 'москва%'],
        ['tag', 'plates'],
      ]),
    ).toEqual([w.petr]);
  });

  it("finds a person's leads by person_id", async () => {
    const person = await rt.ctx.db.insertInto('persons').values({ business_id: w.scope.businessId, created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    for (const lead of [w.ira, w.anna]) await rt.ctx.db.insertInto('lead_persons').values({ lead_id: lead, person_id: person.id }).execute();
    expect(await ids([['person_id', person.id]])).toEqual([w.ira, w.anna]);
    expect(await ids([['person_id', 'is', null]])).toEqual([w.petr]);
    expect((await findLeads(rt.ctx.db, w.scope, { columns: ['person_id'], where: [['id', w.ira]] }))[0]).toEqual({ person_id: person.id });
  });

  it('orders by the documented forms, and pages with limit and offset', async () => {
    expect(await ids([], 'created_at desc')).toEqual([w.anna, w.petr, w.ira]);
    expect(await ids([], ['created_at', 'desc'])).toEqual([w.anna, w.petr, w.ira]);
    expect(
      await ids(
        [],
        [
          ['status_id', 'asc'],
          ['id', 'desc'],
        ],
      ),
    ).toEqual(dialect === 'postgres' ? [w.petr, w.ira, w.anna] : [w.anna, w.petr, w.ira]);
    // Byte order on both (lower case after upper case).
    expect(await ids([], { name: 'DESC' })).toEqual([w.anna, w.petr, w.ira]);
    expect(await ids([], ['lead_attributes.orders desc'])).toEqual(dialect === 'postgres' ? [w.anna, w.petr, w.ira] : [w.petr, w.ira, w.anna]);
    const page = await findLeads(rt.ctx.db, w.scope, { columns: ['id'], limit: 1, offset: 1 });
    expect(page).toEqual([{ id: w.petr }]);
    expect(await findLeads(rt.ctx.db, w.scope, { columns: ['id'], limit: 100, offset: 3 })).toEqual([]);
  });

  it('refuses what it cannot do with a message the script can show', async () => {
    await expect(refused({ limit: 101 })).rejects.toThrow(/limit: 1 to 100/);
    await expect(refused({ limit: 0 })).rejects.toThrow(FindLeadsError);
    await expect(refused({ offset: -1 })).rejects.toThrow(/offset/);
    await expect(refused({ columns: ['id', 'password'] })).rejects.toThrow(/unknown field "password"/);
    await expect(refused({ where: [['last_response', '>', 1]] })).rejects.toThrow(/last_response is not available/);
    await expect(refused({ where: [['bot_debug_level', 0]] })).rejects.toThrow(/not available/);
    await expect(refused({ where: [['id', 'between', [1, 2]]] })).rejects.toThrow(/where\[0\]: operator "between"/);
    await expect(refused({ where: [['id', 'in', 5]] })).rejects.toThrow(/takes a list/);
    await expect(refused({ where: [['id', '>', null]] })).rejects.toThrow(/not null/);
    await expect(refused({ where: [['id', '=', 'abc']] })).rejects.toThrow(/holds numbers/);
    await expect(refused({ where: [['status_id', 'is', 'vip']] })).rejects.toThrow(/takes null/);
    await expect(refused({ where: [['tag', 'like', 'm%']] })).rejects.toThrow(/tag takes/);
    await expect(refused({ where: [['lead_attributes.bad-name', 'x']] })).rejects.toThrow(/attribute name/);
    await expect(refused({ where: [['id']] })).rejects.toThrow(/\[field, value\]/);
    await expect(refused({ where: [['name', 'regexp', '(a)\\1']] })).rejects.toThrow(/backreferences/);
    await expect(refused({ where: [['name', 'regexp', '[']] })).rejects.toThrow(/invalid regular expression/);
    await expect(refused({ where: [['name', 'regexp', 'x'.repeat(300)]] })).rejects.toThrow(/at most 256/);
    await expect(refused({ orderBy: 'name sideways' })).rejects.toThrow(/direction/);
    await expect(refused({ orderBy: 'tag' })).rejects.toThrow(/unknown field/);
  });

  it('matches a pattern that backtracks catastrophically in linear time', async () => {
    await rt.ctx.db
      .insertInto('lead_attributes')
      .values({ lead_id: w.anna, name: 'long', value: `${'a'.repeat(4000)}!` })
      .execute();
    expect(await ids([['lead_attributes.long', 'regexp', '^(a+)+$']])).toEqual([]);
    expect(await ids([['lead_attributes.long', 'regexp', '^(a|aa)*!$']])).toEqual([w.anna]);
  });
});

describe('LIKE as GLOB (SQLite)', () => {
  it('translates wildcards and escapes', () => {
    expect(likeToGlob('a%b_c')).toBe('a*b?c');
    expect(likeToGlob('*?[')).toBe('[*][?][[]');
    expect(likeToGlob('100\\%')).toBe('100%');
    expect(likeToGlob('a\\_b')).toBe('a_b');
  });
});
