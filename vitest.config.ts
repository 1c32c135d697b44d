import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@contracts': fileURLToPath(new URL('./contracts', import.meta.url)) } },
  test: {
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.e2e.test.ts', 'web/src/**/*.test.ts', 'widget/src/**/*.test.ts'],
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    // Browser and background effects are awaited, never timed; a busy machine may need a while.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    hookTimeout: 60_000,
  },
});
