import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@contracts': fileURLToPath(new URL('./contracts', import.meta.url)) } },
  test: {
    include: [
      'server/**/*.test.ts',
      'contracts/**/*.test.ts',
      'test/**/*.test.ts',
      'e2e/**/*.e2e.test.ts',
      'web/src/**/*.test.ts',
      'widget/src/**/*.test.ts',
      'client/**/*.test.ts',
      'examples/**/*.test.ts',
    ],
    pool: 'forks',
    // Most files wait rather than compute (a browser, a server process, a restart, Redis). Vitest's
    // default on 2 cores is one file at a time (cores - 1): 949 s; three at once: 684 s, all passing.
    // TEST_WORKERS overrides.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    // Browser and background effects are awaited, never timed; a busy machine may need a while.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    hookTimeout: 60_000,
  },
});
