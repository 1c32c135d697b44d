import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { buildBot, buildBusiness } from '../../test/factories';
import { prepared } from './prepared';

const botsNamed = prepared(['businessId', 'name'], (db, p) =>
  db.selectFrom('bots').select(['id', 'name']).where('business_id', '=', p.businessId).where('name', '=', p.name).where('id', '>', 0).orderBy('id'),
);
const renameBot = prepared(['id', 'name'], (db, p) => db.updateTable('bots').set({ name: p.name }).where('id', '=', p.id).returning(['id', 'name']));

describe.each(await dialects())('prepared queries on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
  });
  afterAll(async () => rt?.dispose());

  it('binds new values on every call and keeps the constants of the query', async () => {
    const a = await buildBusiness(rt.ctx.db);
    const b = await buildBusiness(rt.ctx.db);
    const shop = await buildBot(rt.ctx.db, { businessId: a.id, name: 'Shop' });
    await buildBot(rt.ctx.db, { businessId: a.id, name: 'Support' });
    await buildBot(rt.ctx.db, { businessId: b.id, name: 'Shop' });
    expect((await botsNamed(rt.ctx.db, { businessId: a.id, name: 'Shop' })).rows).toEqual([{ id: shop.id, name: 'Shop' }]);
    expect((await botsNamed(rt.ctx.db, { businessId: a.id, name: 'Support' })).rows.map((r) => r.name)).toEqual(['Support']);
    expect((await botsNamed(rt.ctx.db, { businessId: a.id, name: 'Nobody' })).rows).toEqual([]);
  });

  it('refuses a missing value instead of binding it as something else', async () => {
    await expect(botsNamed(rt.ctx.db, { businessId: 1 } as { businessId: number; name: string })).rejects.toThrow('prepared query: no value for "name"');
  });

  it("runs inside the caller's transaction: a rollback undoes it", async () => {
    const a = await buildBusiness(rt.ctx.db);
    const bot = await buildBot(rt.ctx.db, { businessId: a.id, name: 'Before' });
    await expect(
      rt.ctx.db.transaction().execute(async (tx) => {
        expect((await renameBot(tx, { id: bot.id, name: 'Inside' })).rows).toEqual([{ id: bot.id, name: 'Inside' }]);
        expect((await botsNamed(tx, { businessId: a.id, name: 'Inside' })).rows).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await botsNamed(rt.ctx.db, { businessId: a.id, name: 'Before' })).rows).toHaveLength(1);
  });
});

it('compiles once per database, so SQLite and PostgreSQL each get their own SQL', async () => {
  const all = await dialects();
  const runtimes = await Promise.all(all.map((d) => testRuntime(d)));
  try {
    for (const rt of runtimes) {
      const a = await buildBusiness(rt.ctx.db);
      const bot = await buildBot(rt.ctx.db, { businessId: a.id, name: 'Same' });
      expect((await botsNamed(rt.ctx.db, { businessId: a.id, name: 'Same' })).rows).toEqual([{ id: bot.id, name: 'Same' }]);
    }
  } finally {
    await Promise.all(runtimes.map((rt) => rt.dispose()));
  }
});
