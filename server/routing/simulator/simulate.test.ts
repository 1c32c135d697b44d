import { describe, expect, it } from 'vitest';
import type { RoutingInput } from '../../../contracts/routing';
import { SimulationRequest, type SimulationReport } from '../../../contracts/simulation';
import { generateArrivals, simulate } from './index';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** A Monday, 00:00 UTC: recorded dialogs arrive at `DAY0 + hours`. */
const DAY0 = Date.UTC(2025, 0, 6);

type RequestInput = Partial<Omit<SimulationRequest, 'traffic' | 'operators' | 'settings'>> & {
  traffic: unknown;
  operators: unknown[];
  settings?: Partial<SimulationRequest['settings']>;
};
/** A request as a client would send it, with the contract's defaults filled in. */
const request = (r: RequestInput): SimulationRequest => SimulationRequest.parse({ algorithm: 'builtin', ...r });

const operator = (id: number, o: { maxDialogs?: number; departments?: string[]; shifts?: { from: string; to: string }[] } = {}) => ({
  id,
  name: `Operator ${id}`,
  maxDialogs: o.maxDialogs ?? 5,
  departments: o.departments ?? [],
  shifts: o.shifts ?? [],
});

const dialog = (
  atMs: number,
  o: { handlingMs?: number; firstResponseMs?: number | null; departmentCode?: string | null; leadId?: number; vip?: boolean } = {},
) => ({
  arrivedAt: DAY0 + atMs,
  departmentCode: o.departmentCode ?? null,
  handlingMs: o.handlingMs ?? 10 * MIN,
  firstResponseMs: o.firstResponseMs === undefined ? 10_000 : o.firstResponseMs,
  lead: { ...(o.leadId ? { id: o.leadId } : {}), name: null, attrs: o.vip ? { vip: '1' } : {}, tags: [], channel: 'telegram', language: null },
});

const recorded = (dialogs: ReturnType<typeof dialog>[], patienceSec: number | null = null) => ({ kind: 'recorded', dialogs, patienceSec });

const generated = (o: { perHour?: number; days?: number; vipShare?: number; departmentShares?: Record<string, number> } = {}) => ({
  kind: 'generated',
  days: o.days ?? 1,
  arrivalsPerHour: Array<number>(24).fill(o.perHour ?? 20),
  handlingSec: { mean: 300, min: 30 },
  firstResponseSec: { mean: 20 },
  leads: { vipShare: o.vipShare ?? 0 },
  ...(o.departmentShares ? { departmentShares: o.departmentShares } : {}),
});

const dialogsOf = (r: SimulationReport, id: number) => r.perOperator.find((o) => o.id === id)?.dialogs;
const addsUp = (r: SimulationReport) => expect(r.assigned + r.unassigned + r.abandoned).toBe(r.dialogs);

describe('routing simulator', () => {
  it('with enough operators, nobody waits', async () => {
    const operators = Array.from({ length: 20 }, (_, i) => operator(i + 1, { maxDialogs: 10 }));
    const r = await simulate(request({ traffic: generated({ perHour: 30 }), operators }));
    expect(r.dialogs).toBeGreaterThan(500);
    expect(r.assigned).toBe(r.dialogs);
    expect(r.waitingMs).toMatchObject({ count: r.dialogs, p90: 0, max: 0 });
    expect(r.limitBreaches).toBe(0);
    addsUp(r);
  });

  it('one operator with a limit of 1: simultaneous arrivals wait for the ones before them to be handled', async () => {
    const at = 10 * HOUR;
    const traffic = recorded([
      dialog(at, { handlingMs: 1 * MIN, firstResponseMs: 0 }),
      dialog(at, { handlingMs: 2 * MIN, firstResponseMs: 0 }),
      dialog(at, { handlingMs: 30_000, firstResponseMs: 0 }),
    ]);
    const r = await simulate(request({ traffic, operators: [operator(1, { maxDialogs: 1 })] }));
    // Waits: 0, then the first one's handling, then the first two's.
    expect(r.waitingMs).toEqual({ count: 3, p50: 1 * MIN, p90: 3 * MIN, max: 3 * MIN });
    expect(r.firstResponseMs.max).toBe(3 * MIN);
    expect(r.perOperator[0]).toMatchObject({ dialogs: 3, maxConcurrent: 1 });
    expect(r.perOperator[0]!.busyShare).toBeCloseTo((3.5 * MIN) / (24 * HOUR), 4);
    expect(r.simulatedMs).toBe(24 * HOUR);
  });

  it('a dialog that arrives before the shift starts waits until it starts (shifts are local time)', async () => {
    // 05:00 UTC is 08:00 in UTC+3; the shift starts at 09:00 local.
    const r = await simulate(
      request({ traffic: recorded([dialog(5 * HOUR)]), operators: [operator(1, { shifts: [{ from: '09:00', to: '17:00' }] })], utcOffsetMin: 180 }),
    );
    expect(r.waitingMs.max).toBe(HOUR);
    expect(r.assigned).toBe(1);
  });

  it('a shift past midnight is Online on both sides of it', async () => {
    const night = [operator(1, { shifts: [{ from: '22:00', to: '06:00' }] })];
    const r = await simulate(request({ traffic: recorded([dialog(2 * HOUR), dialog(23 * HOUR), dialog(12 * HOUR)]), operators: night }));
    // The 12:00 dialog waits until 22:00.
    expect(r.waitingMs).toMatchObject({ count: 3, p50: 0, max: 10 * HOUR });
  });

  describe('at the end of a shift', () => {
    // Operator 1 leaves at 12:00, operator 2 comes at 12:00; the 11:00 dialog takes three hours.
    const operators = [operator(1, { shifts: [{ from: '09:00', to: '12:00' }] }), operator(2, { shifts: [{ from: '12:00', to: '18:00' }] })];
    const traffic = recorded([dialog(11 * HOUR, { handlingMs: 3 * HOUR })]);

    it('requeue: the dialog goes back to the queue and to the next operator', async () => {
      const r = await simulate(request({ traffic, operators, settings: { offlineDialogs: 'requeue' } }));
      expect(r.requeued).toBe(1);
      expect([dialogsOf(r, 1), dialogsOf(r, 2)]).toEqual([1, 1]);
      expect(r.assigned).toBe(1);
    });

    it('keep: the operator keeps it', async () => {
      const r = await simulate(request({ traffic, operators, settings: { offlineDialogs: 'keep' } }));
      expect(r.requeued).toBe(0);
      expect([dialogsOf(r, 1), dialogsOf(r, 2)]).toEqual([1, 0]);
    });
  });

  describe('reassignAfterSec', () => {
    const operators = [operator(1), operator(2)];
    // Operator 1 gets it first (a tie goes to the lower id) and takes two minutes to answer.
    const traffic = recorded([dialog(10 * HOUR, { firstResponseMs: 2 * MIN })]);

    it('takes an unanswered dialog back and never gives it back to whoever let it go', async () => {
      const r = await simulate(request({ traffic, operators, settings: { reassignAfterSec: 60 } }));
      // Operator 2 is as slow (the only recorded answer time): both let it go, and it waits.
      expect(r.reassigned).toBe(2);
      expect([dialogsOf(r, 1), dialogsOf(r, 2)]).toEqual([1, 1]);
      expect(r.unassigned).toBe(1);
      expect(r.firstResponseMs.count).toBe(0);
    });

    it('leaves a dialog with its operator when there is no limit', async () => {
      const r = await simulate(request({ traffic, operators, settings: { reassignAfterSec: null } }));
      expect(r.reassigned).toBe(0);
      expect(r.firstResponseMs.max).toBe(2 * MIN);
    });
  });

  it('a lead who waits longer than their patience gives up', async () => {
    const traffic = recorded([dialog(10 * HOUR), dialog(10 * HOUR), dialog(10 * HOUR + 1)], 60);
    const r = await simulate(request({ traffic, operators: [operator(1, { maxDialogs: 1 })] }));
    expect(r).toMatchObject({ dialogs: 3, assigned: 1, abandoned: 2, unassigned: 0 });
    addsUp(r);
  });

  it("routes a department's dialogs only to its members", async () => {
    const operators = [operator(1, { departments: ['sales'] }), operator(2, { departments: ['support'] })];
    const traffic = recorded([
      ...Array.from({ length: 6 }, (_, i) => dialog(10 * HOUR + i * MIN, { departmentCode: 'sales' })),
      dialog(11 * HOUR, { departmentCode: 'billing' }),
    ]);
    const r = await simulate(request({ traffic, operators, departments: ['sales', 'support', 'billing'] }));
    expect([dialogsOf(r, 1), dialogsOf(r, 2)]).toEqual([6, 0]);
    // Nobody is in billing: its dialog waits to the end.
    expect(r.unassigned).toBe(1);
  });

  it('preferPreviousOperator gives a returning lead to the operator they had', async () => {
    const traffic = recorded([
      dialog(9 * HOUR, { leadId: 5, handlingMs: 5 * HOUR }),
      dialog(10 * HOUR, { leadId: 7, handlingMs: 2 * HOUR }),
      // Both operators have one dialog; the rule would pick operator 1, who has waited longer since their last one.
      dialog(11 * HOUR, { leadId: 7 }),
    ]);
    const operators = [operator(1), operator(2)];
    const prefer = await simulate(request({ traffic, operators, settings: { preferPreviousOperator: true } }));
    const rule = await simulate(request({ traffic, operators, settings: { preferPreviousOperator: false } }));
    expect([dialogsOf(prefer, 1), dialogsOf(prefer, 2)]).toEqual([1, 2]);
    expect([dialogsOf(rule, 1), dialogsOf(rule, 2)]).toEqual([2, 1]);
  });

  describe('with a routing script', () => {
    // Operator 3 is never Online while dialogs arrive, so the rule never picks them; only a script can.
    const operators = [operator(1), operator(2), operator(3, { shifts: [{ from: '03:00', to: '03:01' }] })];
    const traffic = recorded(Array.from({ length: 10 }, (_, i) => dialog(10 * HOUR + i * MIN, { vip: i % 3 === 0 })));

    it('honours its choice of operator', async () => {
      const inputs: RoutingInput[] = [];
      const decide = (input: RoutingInput) => {
        inputs.push(input);
        return input.lead.attrs.vip === '1' ? { operatorId: 3 } : null;
      };
      const r = await simulate(request({ traffic, operators, algorithm: 'script' }), { decide });
      expect(dialogsOf(r, 3)).toBe(4);
      expect(dialogsOf(r, 1)! + dialogsOf(r, 2)!).toBe(6);
      expect(r).toMatchObject({ refusedAnswers: 0, limitBreaches: 0, scriptCalls: 10 });
      // What the script sees is the server's RoutingInput: the rule's suggestion, every operator, the time.
      expect(inputs[0]).toMatchObject({ dialog: { id: 1, departmentCode: null, waitingSince: DAY0 + 10 * HOUR }, suggested: [1, 2], now: DAY0 + 10 * HOUR });
      expect(inputs[0]!.operators.map((o) => [o.id, o.status])).toEqual([
        [1, 'online'],
        [2, 'online'],
        [3, 'offline'],
      ]);
    });

    it('an operator at their limit is a refused answer, never a breach: the rule decides', async () => {
      const busy = [operator(1, { maxDialogs: 1 }), operator(2)];
      const r = await simulate(
        request({ traffic: recorded([dialog(10 * HOUR), dialog(10 * HOUR), dialog(10 * HOUR)]), operators: busy, algorithm: 'script' }),
        {
          decide: () => ({ operatorId: 1 }),
        },
      );
      expect(r).toMatchObject({ refusedAnswers: 2, limitBreaches: 0, assigned: 3 });
      expect(r.perOperator.map((o) => [o.dialogs, o.maxConcurrent])).toEqual([
        [1, 1],
        [2, 2],
      ]);
    });

    it('moves a dialog to the department it names', async () => {
      const staff = [operator(1, { departments: ['vip'] }), operator(2)];
      const r = await simulate(request({ traffic, operators: staff, algorithm: 'script' }), {
        decide: (input) => (input.lead.attrs.vip === '1' && input.dialog.departmentCode === null ? { departmentCode: 'vip' } : null),
      });
      // Operator 1 also takes dialogs of no department; the four VIP ones can only be theirs.
      expect(dialogsOf(r, 1)).toBeGreaterThanOrEqual(4);
      expect(r.refusedAnswers).toBe(0);
      expect(r.assigned).toBe(10);
    });
  });

  it('is reproducible: the same seed gives the same report, another seed another one', async () => {
    const req = (seed: number) =>
      request({
        traffic: generated({ perHour: 40, vipShare: 0.2, departmentShares: { a: 1, b: 2 } }),
        operators: [operator(1, { departments: ['a'] }), operator(2, { departments: ['b'] }), operator(3, { departments: ['a', 'b'] })],
        settings: { reassignAfterSec: 60, offlineDialogs: 'requeue' },
        seed,
      });
    const [a, b, c] = await Promise.all([simulate(req(7)), simulate(req(7)), simulate(req(8))]);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('draws generated arrivals by the hour', () => {
    const perHour = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 18 ? 100 : 0));
    const traffic = SimulationRequest.shape.traffic.parse({ ...generated(), arrivalsPerHour: perHour, startDate: '2025-01-06' });
    if (traffic.kind !== 'generated') throw new Error('generated traffic expected');
    const arrivals = generateArrivals(traffic, { seed: 3 });
    expect(generateArrivals(traffic, { seed: 3 })).toEqual(arrivals);
    // 900 expected: far outside ±4 standard deviations (±120) would mean a wrong rate.
    expect(arrivals.length).toBeGreaterThan(780);
    expect(arrivals.length).toBeLessThan(1020);
    const hours = new Set(arrivals.map((a) => new Date(a.arrivedAt).getUTCHours()));
    expect([...hours].every((h) => h >= 9 && h < 18)).toBe(true);
  });

  it('rejects a request naming a department it does not list', () => {
    const r = SimulationRequest.safeParse({
      traffic: generated(),
      operators: [operator(1, { departments: ['sales'] })],
      departments: ['support'],
      algorithm: 'builtin',
    });
    expect(r.success).toBe(false);
  });

  it('simulates a day of 10,000 dialogs with 100 operators', async () => {
    const operators = Array.from({ length: 100 }, (_, i) =>
      operator(i + 1, {
        maxDialogs: 4,
        departments: [['sales', 'support'][i % 2]!],
        shifts: i % 2 === 0 ? [{ from: '07:00', to: '16:00' }] : [{ from: '14:00', to: '23:00' }],
      }),
    );
    const traffic = { ...generated({ perHour: 10_000 / 24, departmentShares: { sales: 1, support: 2 } }), patienceSec: 1800 };
    const r = await simulate(request({ traffic, operators, settings: { reassignAfterSec: 120, offlineDialogs: 'requeue', preferPreviousOperator: true } }));
    expect(r.dialogs).toBeGreaterThan(9_500);
    addsUp(r);
    expect(r.limitBreaches).toBe(0);
    expect(r.perOperator.every((o) => o.maxConcurrent <= 4)).toBe(true);
  });
});
