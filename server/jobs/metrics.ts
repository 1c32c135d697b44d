import client from 'prom-client';

// The job runners and the HTTP app are wired separately (one per process, the app per test), so the
// counters live here, registered in no registry, and createMetrics() adds them to the app's registry.

const labelNames = ['queue'] as const;

export const jobMetrics = {
  runs: new client.Counter({ name: 'metadesk_job_runs_total', help: 'Job attempts started, by queue', labelNames, registers: [] }),
  failures: new client.Counter({ name: 'metadesk_job_failures_total', help: 'Job attempts that failed, by queue', labelNames, registers: [] }),
  retries: new client.Counter({ name: 'metadesk_job_retries_total', help: 'Failed attempts scheduled for another try, by queue', labelNames, registers: [] }),
  duration: new client.Histogram({
    name: 'metadesk_job_duration_seconds',
    help: 'Job attempt duration, by queue',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [],
  }),
  takeovers: new client.Counter({
    name: 'metadesk_job_lease_takeovers_total',
    help: "Jobs claimed after an earlier holder's lease expired unfinished (a crash), by queue",
    labelNames,
    registers: [],
  }),
  leasesLost: new client.Counter({
    name: 'metadesk_job_leases_lost_total',
    help: 'Attempts whose lease was taken over before they committed (their result was dropped), by queue',
    labelNames,
    registers: [],
  }),
};

/** Adds the job runners' metrics to a registry. */
export function registerJobMetrics(registry: client.Registry): void {
  for (const m of Object.values(jobMetrics)) registry.registerMetric(m);
}
