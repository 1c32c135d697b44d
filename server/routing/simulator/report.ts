import type { DurationSpread, SimulationReport } from '../../../contracts/simulation';
import type { World } from './world';

/** What the run counts as it goes (the rest of the report is read off the final state). */
export interface Counters {
  limitBreaches: number;
  refusedAnswers: number;
  scriptCalls: number;
  reassigned: number;
  requeued: number;
}

/** Nearest-rank percentiles and the maximum of durations in ms (all 0 for none). */
export function spread(durations: readonly number[]): DurationSpread {
  const sorted = Float64Array.from(durations).sort();
  const n = sorted.length;
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * n) - 1)] ?? 0;
  return { count: n, p50: rank(0.5), p90: rank(0.9), max: n === 0 ? 0 : sorted[n - 1]! };
}

/**
 * The report of a finished run: every dialog is exactly one of assigned (with an operator, or closed
 * by one), unassigned (still waiting) or abandoned, so the three add up to `dialogs`.
 */
export function buildReport(world: World, counters: Counters, simulatedMs: number): SimulationReport {
  let unassigned = 0;
  let abandoned = 0;
  const waits: number[] = [];
  const firstAnswers: number[] = [];
  for (const d of world.dialogs) {
    if (d.abandoned) abandoned++;
    else if (d.waiting) unassigned++;
    if (d.firstAssignedAt !== null) waits.push(d.firstAssignedAt - d.arrivedAt);
    if (d.answeredAt !== null) firstAnswers.push(d.answeredAt - d.arrivedAt);
  }
  return {
    dialogs: world.dialogs.length,
    assigned: world.dialogs.length - unassigned - abandoned,
    unassigned,
    abandoned,
    waitingMs: spread(waits),
    firstResponseMs: spread(firstAnswers),
    perOperator: world.operators.map((o) => ({
      id: o.id,
      name: o.name,
      dialogs: o.assignments,
      maxConcurrent: o.maxConcurrent,
      busyShare: o.onlineMs === 0 ? 0 : Math.round((o.busyMs / o.onlineMs) * 10_000) / 10_000,
    })),
    ...counters,
    simulatedMs,
  };
}
