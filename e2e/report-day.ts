// A scripted day in the event log's reporting facts, with known waits, answers, missed targets and a
// status change: the same day as server/reports/reports.int.test.ts plays through the API on a test
// clock, written here straight into the log of a running server (and its per-dialog summaries
// recomputed from it by the `reports:rebuild` command), so the screen and its CSV must show exactly these figures.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Monday 2 November 2026, 10:00 in Moscow. */
export const T0 = Date.UTC(2026, 10, 2, 7, 0, 0);
export const DAY = '2026-11-02';

export function writeScriptedDay(
  file: string,
  ids: { businessId: number; botId: number; channelId: number; supportId: number; olga: number; pavel: number; admin: number },
): void {
  const db = new Database(file);
  try {
    const insert = db.prepare(
      'insert into report_events (business_id, seq, at, kind, dialog_id, bot_id, channel_id, department_id, operator_id, value, opened_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    let seq = 1_000_000;
    const [A, B, C, D] = [900_001, 900_002, 900_003, 900_004];
    const openedAt: Record<number, number> = { [A]: 0, [B]: 10, [C]: 20, [D]: 30 };
    const fact = (sec: number, kind: string, dialogId: number | null, departmentId: number | null, operatorId: number | null, value: number | null) =>
      insert.run(
        ids.businessId,
        seq++,
        T0 + sec * 1000,
        kind,
        dialogId,
        dialogId === null ? null : ids.botId,
        dialogId === null ? null : ids.channelId,
        departmentId,
        operatorId,
        value,
        dialogId === null ? null : T0 + openedAt[dialogId]! * 1000,
      );
    const s = ids.supportId;
    db.transaction(() => {
      fact(0, 'opened', A, null, null, 60);
      fact(10, 'opened', B, s, null, 30);
      fact(20, 'opened', C, null, null, 60);
      fact(20, 'assigned', A, null, ids.olga, null);
      fact(30, 'lead_message', C, null, null, null);
      fact(30, 'opened', D, null, null, 60);
      fact(40, 'assigned', B, s, ids.pavel, null);
      fact(45, 'breached', B, s, ids.pavel, 1);
      fact(50, 'responded', A, null, ids.olga, null);
      fact(70, 'responded', B, s, ids.pavel, null);
      fact(100, 'closed', C, null, ids.admin, null);
      fact(230, 'breached', A, null, ids.olga, 2);
      fact(230, 'breached', D, null, null, 1);
      fact(300, 'closed', A, null, ids.olga, null);
      fact(400, 'returned', B, s, ids.pavel, null);
      fact(400, 'assigned', D, null, ids.olga, null);
      fact(410, 'responded', D, null, ids.olga, null);
      fact(600, 'status', null, null, ids.olga, 0);
    })();
  } finally {
    db.close();
  }
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'reports:rebuild', '--business', String(ids.businessId)], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  if (!out.includes('"dialogs":4')) throw new Error(`reports:rebuild answered ${out}`);
}
