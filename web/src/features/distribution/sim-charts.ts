// The simulated day's figures as the simulator's bar charts show them.
import type { DurationSpread, SimulationResult } from '@contracts/simulation';

/** Milliseconds as seconds with one decimal (a chart's bars and its table). */
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const spread = (s: DurationSpread) => [seconds(s.p50), seconds(s.p90), seconds(s.max)];

/** Waits and first answers (p50, p90, max) in seconds; each operator's dialogs and busy share in whole percent. */
export function simulationCharts(r: SimulationResult['report']) {
  return {
    waitingSec: spread(r.waitingMs),
    firstResponseSec: spread(r.firstResponseMs),
    operators: r.perOperator.map((o) => o.name),
    dialogs: r.perOperator.map((o) => o.dialogs),
    busyPercent: r.perOperator.map((o) => Math.round(o.busyShare * 100)),
  };
}
