import client from 'prom-client';

// Like the job runners' metrics (jobs/metrics.ts): one storage per process, registered in no
// registry until the app's createMetrics adds them.

export const sqliteMetrics = {
  commits: new client.Counter({ name: 'metadesk_sqlite_commits_total', help: 'SQLite commits of grouped transactions', registers: [] }),
  transactions: new client.Counter({
    name: 'metadesk_sqlite_transactions_total',
    help: 'Transactions those commits held (over commits: how many shared one commit on average)',
    registers: [],
  }),
  walRewinds: new client.Counter({ name: 'metadesk_sqlite_wal_rewinds_total', help: 'Times the WAL was copied back and started over', registers: [] }),
  walRewindWait: new client.Histogram({
    name: 'metadesk_sqlite_wal_rewind_wait_seconds',
    help: 'How long queries waited while the WAL was rewound',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [],
  }),
};

/** Adds the SQLite metrics to a registry. */
export function registerSqliteMetrics(registry: client.Registry): void {
  for (const m of Object.values(sqliteMetrics)) registry.registerMetric(m);
}
