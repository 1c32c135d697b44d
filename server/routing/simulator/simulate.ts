// The routing simulator: a discrete-event run of the contact center over whole local days, with no
// I/O. Dialogs arrive, wait, are routed (the built-in rule or the business's script), answered and
// closed; shifts start and end; the distribution settings act as on the server.
import type { RecordedDialog, SimulationReport, SimulationRequest } from '../../../contracts/simulation';
import { ClockQueue } from './clock-queue';
import { builtinDispatcher, scriptDispatcher, type Decide, type DispatchContext } from './dispatch';
import { buildReport, type Counters } from './report';
import { dailyShifts } from './shifts';
import { DAY_MS, generateArrivals, generatedStart, mulberry32 } from './traffic';
import { World, type OperatorState, type SimDialog } from './world';

export interface SimulateOptions {
  /** The business's routing script; used when the request's algorithm is 'script'. */
  decide?: Decide;
  /** Let other work run every this many events (a server simulating must keep serving); absent: never. */
  yieldEvery?: number;
}

type Event =
  | { kind: 'arrive'; r: RecordedDialog; leadId: number }
  | { kind: 'shift'; o: OperatorState; on: boolean }
  /** Timers of one assignment (`assignment` tells a later one apart). */
  | { kind: 'answer' | 'close' | 'overdue'; d: SimDialog; o: OperatorState; assignment: number }
  | { kind: 'give_up'; d: SimDialog; waitSeq: number };

/**
 * Simulates the request and reports what leads and operators would see. Deterministic: the same
 * request (and seed, and script answers) gives the same report. A script error rejects the promise.
 */
export async function simulate(req: SimulationRequest, opts: SimulateOptions = {}): Promise<SimulationReport> {
  if (req.algorithm === 'script' && !opts.decide) throw new Error("the 'script' algorithm needs opts.decide");
  const seed = req.seed ?? 1;
  const { arrivals, leadIds, start, end } = plan(req, seed);
  const { settings } = req;
  const agenda = new ClockQueue<Event>();
  const counters: Counters = { limitBreaches: 0, refusedAnswers: 0, scriptCalls: 0, reassigned: 0, requeued: 0 };
  const patienceMs = req.traffic.patienceSec === null ? null : req.traffic.patienceSec * 1000;
  const world = new World(req.operators, departmentsOf(req, arrivals), start, (d) => {
    if (patienceMs !== null) agenda.push(world.now + patienceMs, { kind: 'give_up', d, waitSeq: d.waitSeq });
    dispatch.waiting(d);
  });

  // An operator given a dialog that someone let go answers like one of the recorded (or drawn) first answers.
  const random = mulberry32(seed ^ 0x5eed_f00d);
  const responses = arrivals.flatMap((r) => (r.firstResponseMs === null ? [] : [r.firstResponseMs]));
  const responseTime = (d: SimDialog) =>
    d.assignment === 1 || responses.length === 0 ? d.firstResponseMs : responses[Math.floor(random() * responses.length)]!;
  const reassignMs = settings.reassignAfterSec === null ? null : settings.reassignAfterSec * 1000;

  const context: DispatchContext = {
    world,
    rule: { onlineOnly: !settings.autoAssignOffline },
    preferPrevious: settings.preferPreviousOperator,
    refused: () => counters.refusedAnswers++,
    assign(d, o) {
      if (world.assign(d, o)) counters.limitBreaches++;
      const timer = { d, o, assignment: d.assignment };
      const response = d.answeredAt === null ? responseTime(d) : 0;
      // Pushed in this order so an answer due at the same moment as the reassignment comes first.
      if (d.answeredAt === null && response !== null) agenda.push(world.now + response, { kind: 'answer', ...timer });
      if (d.answeredAt === null && reassignMs !== null) agenda.push(world.now + reassignMs, { kind: 'overdue', ...timer });
      agenda.push(world.now + Math.max(d.handlingMs, response ?? 0), { kind: 'close', ...timer });
    },
  };
  const script = req.algorithm === 'script' ? opts.decide : undefined;
  const counted: Decide | undefined =
    script &&
    ((input) => {
      counters.scriptCalls++;
      return script(input);
    });
  const dispatch = counted ? scriptDispatcher(context, counted) : builtinDispatcher(context);

  for (const [i, o] of world.operators.entries()) {
    const day = dailyShifts(req.operators[i]!.shifts);
    world.setStatus(o, day.onAtMidnight ? 'online' : 'offline');
    for (let at = start; at < end; at += DAY_MS) for (const c of day.changes) agenda.push(at + c.minute * 60_000, { kind: 'shift', o, on: c.on });
  }
  for (const [i, r] of arrivals.entries()) agenda.push(r.arrivedAt, { kind: 'arrive', r, leadId: leadIds[i]! });

  const holds = (e: { d: SimDialog; o: OperatorState; assignment: number }) => e.d.assignment === e.assignment && e.o.active.has(e.d);
  function handle(e: Event): void | Promise<void> {
    switch (e.kind) {
      case 'arrive':
        return dispatch.arrived(world.arrive(e.r, e.leadId));
      case 'shift':
        return shift(e.o, e.on);
      case 'answer':
        if (holds(e)) world.answer(e.d, e.o);
        return;
      case 'close':
        if (!holds(e)) return;
        world.close(e.d, e.o);
        return dispatch.roomIn(world.queuesOf(e.o));
      case 'overdue':
        if (!holds(e) || e.d.answeredAt !== null) return;
        world.release(e.d, e.o, 'no_answer');
        counters.reassigned++;
        return dispatch.roomIn([...world.queuesOf(e.o), world.queueKey(e.d)]);
      case 'give_up':
        if (e.d.waiting && e.d.waitSeq === e.waitSeq) world.abandon(e.d);
        return;
    }
  }

  function shift(o: OperatorState, on: boolean): void | Promise<void> {
    world.setStatus(o, on ? 'online' : 'offline');
    if (on) return dispatch.roomIn(world.queuesOf(o));
    if (settings.offlineDialogs === 'keep' || o.active.size === 0) return;
    // As the server does: each active dialog, oldest first, back to Waiting; then the queue drains.
    const keys = world.queuesOf(o);
    for (const d of [...o.active].sort((a, b) => a.id - b.id)) {
      world.release(d, o, 'offline');
      counters.requeued++;
      keys.push(world.queueKey(d));
    }
    return dispatch.roomIn(keys);
  }

  let handled = 0;
  for (let e = agenda.pop(); e !== undefined && e.at < end; e = agenda.pop()) {
    world.now = e.at;
    const pending = handle(e.item);
    if (pending) await pending;
    if (opts.yieldEvery && ++handled % opts.yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  world.now = end;
  for (const o of world.operators) world.touch(o);
  return buildReport(world, counters, end - start);
}

/** The dialogs in arrival order with their leads' ids, and the whole local days they fall in. */
function plan(req: SimulationRequest, seed: number): { arrivals: RecordedDialog[]; leadIds: number[]; start: number; end: number } {
  const t = req.traffic;
  let arrivals: RecordedDialog[];
  let start: number;
  let end: number;
  if (t.kind === 'generated') {
    arrivals = generateArrivals(t, { seed, utcOffsetMin: req.utcOffsetMin });
    start = generatedStart(t, req.utcOffsetMin);
    end = start + t.days * DAY_MS;
  } else {
    arrivals = [...t.dialogs].sort((a, b) => a.arrivedAt - b.arrivedAt);
    const offset = req.utcOffsetMin * 60_000;
    const midnight = (ms: number) => Math.floor((ms + offset) / DAY_MS) * DAY_MS - offset;
    start = midnight(arrivals[0]?.arrivedAt ?? 0);
    end = midnight(arrivals[arrivals.length - 1]?.arrivedAt ?? 0) + DAY_MS;
  }
  // A dialog without a lead id is a lead of its own, numbered after the ids the traffic names.
  let next = 0;
  for (const r of arrivals) next = Math.max(next, r.lead.id ?? 0);
  return { arrivals, leadIds: arrivals.map((r) => r.lead.id ?? ++next), start, end };
}

/** The business's departments: those the request lists, then any other the operators or the traffic name. */
function departmentsOf(req: SimulationRequest, arrivals: RecordedDialog[]): string[] {
  const named = new Set(req.departments ?? []);
  for (const o of req.operators) for (const code of o.departments) named.add(code);
  for (const r of arrivals) if (r.departmentCode !== null) named.add(r.departmentCode);
  return [...named];
}
