import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '@contracts/simulation';
import { simulationCharts } from './sim-charts';

describe("the simulator's charts", () => {
  it('show waits in seconds (one decimal) and each operator’s dialogs and busy share in whole percent', () => {
    const report = {
      waitingMs: { count: 10, p50: 1234, p90: 65_049, max: 600_000 },
      firstResponseMs: { count: 9, p50: 40, p90: 0, max: 90_960 },
      perOperator: [
        { id: 1, name: 'Olga', dialogs: 12, maxConcurrent: 3, busyShare: 0.456 },
        { id: 2, name: 'Pavel', dialogs: 0, maxConcurrent: 0, busyShare: 0 },
      ],
    } as unknown as SimulationResult['report'];
    expect(simulationCharts(report)).toEqual({
      waitingSec: [1.2, 65, 600],
      firstResponseSec: [0, 0, 91],
      operators: ['Olga', 'Pavel'],
      dialogs: [12, 0],
      busyPercent: [46, 0],
    });
  });
});
