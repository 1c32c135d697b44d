import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { buildBusiness } from '../../test/factories';
import { parseInts, readIntColumns } from './int-columns';

describe('parseInts', () => {
  it('reads values, empty ones as NaN, and signs', () => {
    expect([...parseInts('12,,-3,1790812800000', 4)]).toEqual([12, NaN, -3, 1790812800000]);
    expect([...parseInts('', 1)]).toEqual([NaN]);
    expect([...parseInts('', 0)]).toEqual([]);
  });

  it('refuses a string that does not hold one integer per row', () => {
    expect(() => parseInts('1,2', 3)).toThrow('2 values for 3 rows');
    expect(() => parseInts('1,997.0', 2)).toThrow('not an integer near "1,997.0"');
  });
});

describe.each(await dialects())('packed integer columns on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
  });
  afterAll(async () => rt?.dispose());

  it('reads the same rows a plain select reads, column by column in one row order, nulls as NaN', async () => {
    const db = rt.ctx.db;
    const business = await buildBusiness(db);
    const rows = Array.from({ length: 500 }, (_, i) => ({
      business_id: business.id,
      seq: i + 1,
      at: 1_790_812_800_000 + i * 997,
      kind: i % 3 === 0 ? 'breached' : 'closed',
      dialog_id: i % 7 === 0 ? null : 10_000 + i,
      bot_id: null,
      channel_id: null,
      department_id: i % 5 === 0 ? null : i % 4,
      operator_id: i % 2 === 0 ? null : i,
      value: i % 11 === 0 ? -i : i % 6 === 0 ? null : i * 3,
      opened_at: null,
    }));
    await db.insertInto('report_events').values(rows).execute();
    const query = db.selectFrom('report_events').where('business_id', '=', business.id).where('kind', '=', 'closed');
    const { length, columns } = await readIntColumns(db, query, {
      seq: sql.ref('seq'),
      dialogId: sql.ref('dialog_id'),
      departmentId: sql.ref('department_id'),
      operatorId: sql.ref('operator_id'),
      value: sql.ref('value'),
      sinceFirst: sql<number>`at - ${1_790_812_800_000}`,
    });
    const expected = rows
      .filter((r) => r.kind === 'closed')
      .map((r) => [r.seq, r.dialog_id, r.department_id, r.operator_id, r.value, r.at - 1_790_812_800_000].map((v) => v ?? NaN));
    const read = Array.from({ length }, (_, i) =>
      [columns.seq, columns.dialogId, columns.departmentId, columns.operatorId, columns.value, columns.sinceFirst].map((c) => c[i]!),
    );
    const bySeq = (a: number[], b: number[]) => a[0]! - b[0]!;
    expect(length).toBe(expected.length);
    expect(read.sort(bySeq)).toEqual(expected.sort(bySeq));
  });

  it('reads nothing from no rows', async () => {
    const db = rt.ctx.db;
    const query = db.selectFrom('report_events').where('business_id', '=', -1);
    const { length, columns } = await readIntColumns(db, query, { seq: sql.ref('seq') });
    expect(length).toBe(0);
    expect(columns.seq).toHaveLength(0);
  });
});
