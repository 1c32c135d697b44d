import { describe, expect, it } from 'vitest';
import { buildReport, dialogTable, durationStats, isAbandoned, statusTime, type DialogSummary } from './report';

const S = 1000;
const dialog = (o: Partial<DialogSummary>): DialogSummary => ({
  openedAt: 0,
  departmentId: null,
  botId: 1,
  channelId: 1,
  targetSec: null,
  assignedAt: null,
  respondedAt: null,
  responderId: null,
  closedAt: null,
  returnedAt: null,
  lastLeadAt: null,
  rating: null,
  ...o,
});

describe('report arithmetic', () => {
  it('takes nearest-rank percentiles', () => {
    expect(durationStats([])).toEqual({ count: 0, p50Ms: null, p90Ms: null, maxMs: null });
    expect(durationStats([5])).toEqual({ count: 1, p50Ms: 5, p90Ms: 5, maxMs: 5 });
    expect(durationStats([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({ count: 10, p50Ms: 5, p90Ms: 9, maxMs: 10 });
    expect(durationStats([4, 1, 3, 2])).toMatchObject({ p50Ms: 2, p90Ms: 4 });
  });

  it('selects the same ranks a full sort gives, on random and repeated values', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 300);
      const spread = round % 3 === 0 ? 5 : 100_000; // many equal values in a third of the rounds
      const values = Array.from({ length: n }, () => Math.floor(random() * spread));
      const sorted = [...values].sort((a, b) => a - b);
      const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * n) - 1)];
      expect(durationStats(values)).toEqual({ count: n, p50Ms: rank(0.5), p90Ms: rank(0.9), maxMs: sorted[n - 1] });
    }
  });

  it('calls a dialog abandoned when it ended unanswered or the lead fell silent too long before the answer', () => {
    const limit = 300 * S;
    expect(isAbandoned(dialog({ closedAt: 10 * S }), 1e9, limit)).toBe(true);
    expect(isAbandoned(dialog({ returnedAt: 10 * S }), 1e9, limit)).toBe(true);
    expect(isAbandoned(dialog({ respondedAt: 200 * S, closedAt: 900 * S }), 1e9, limit)).toBe(false);
    // Answered 380 s after the lead last wrote: gone. Answered 100 s after a later message: still there.
    expect(isAbandoned(dialog({ respondedAt: 380 * S }), 1e9, limit)).toBe(true);
    expect(isAbandoned(dialog({ respondedAt: 380 * S, lastLeadAt: 280 * S }), 1e9, limit)).toBe(false);
    // Unanswered and open: silent for longer than the limit by now.
    expect(isAbandoned(dialog({}), 301 * S, limit)).toBe(true);
    expect(isAbandoned(dialog({}), 299 * S, limit)).toBe(false);
  });

  it('counts the service level only once a dialog’s outcome against its target is known', () => {
    const r = buildReport({
      from: 0,
      to: 86_400 * S,
      now: 100 * S,
      timeZone: 'UTC',
      abandonAfterSec: 600,
      dialogs: dialogTable([
        dialog({ targetSec: 20, respondedAt: 20 * S }), // within (on the second)
        dialog({ targetSec: 20, respondedAt: 21 * S }), // late
        dialog({ targetSec: 200 }), // still within its time: not counted yet
        dialog({ targetSec: 60, closedAt: 30 * S }), // the lead left before the target passed: not counted
        dialog({ targetSec: 60 }), // unanswered past its target: counted, missed
        dialog({}), // no target
      ]),
      breaches: [],
      operatorCounts: [],
      statusAtStart: new Map(),
      statusChanges: [],
      onlineNow: new Set(),
      names: { departments: new Map(), bots: new Map(), channels: new Map(), operators: new Map() },
      labels: { noDepartment: 'No department' },
    });
    expect(r.totals.serviceLevel).toEqual({ measured: 3, withinTarget: 1, share: 1 / 3 });
    expect(r.totals.waitingNow).toBe(5);
  });

  it('adds up Online and Offline time from status changes, inferring the status before the first one', () => {
    const t = statusTime(
      [1, 2, 3, 4],
      {
        atStart: new Map([[1, true]]),
        changes: [
          { operatorId: 1, at: 40, online: false },
          { operatorId: 2, at: 30, online: false },
          { operatorId: 2, at: 70, online: true },
        ],
        onlineNow: new Set([3]),
      },
      0,
      100,
    );
    expect(t.get(1)).toEqual({ onlineMs: 40, offlineMs: 60 });
    expect(t.get(2)).toEqual({ onlineMs: 60, offlineMs: 40 });
    expect(t.get(3)).toEqual({ onlineMs: 100, offlineMs: 0 });
    expect(t.get(4)).toEqual({ onlineMs: 0, offlineMs: 100 });
  });
});
