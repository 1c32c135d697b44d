import client from 'prom-client';
import type { Sandbox } from './sandbox';

/**
 * The sandbox pool on /metrics, read at each scrape: how many workers run bot code, how many are busy,
 * how many runs wait, and how many workers were ended and replaced (a runaway script, a heap overrun).
 */
export function registerSandboxMetrics(registry: client.Registry, sandbox: Pick<Sandbox, 'stats'>): void {
  const gauge = (name: string, help: string, read: (s: ReturnType<Sandbox['stats']>) => number) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(sandbox.stats()));
      },
    });
  gauge('metadesk_sandbox_workers', 'Worker threads that run bot JavaScript', (s) => s.workers);
  gauge('metadesk_sandbox_busy_workers', 'Workers running a script now', (s) => s.busy);
  gauge('metadesk_sandbox_queued_runs', 'Script runs waiting for a worker', (s) => s.queued);
  gauge('metadesk_sandbox_replaced_workers', 'Workers ended (a run overran its deadline or heap) and replaced since the start', (s) => s.replaced);
}
