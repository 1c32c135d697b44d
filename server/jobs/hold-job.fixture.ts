// For runner.int.test.ts: a process that claims the due bot jobs of DATABASE_URL, says so on stdout,
// renews their short lease while "working" forever, and is then killed with SIGKILL by the test.
import pino from 'pino';
import { botJobQueue } from '../bots/bot-jobs.repo';
import { openStorage } from '../storage/db';
import { createRunner } from './runner';

const storage = openStorage(process.env.DATABASE_URL ?? '');
const runner = createRunner({
  queue: botJobQueue(storage.db),
  handle: async (job) => {
    process.stdout.write(`claimed ${job.id}\n`);
    await new Promise(() => undefined); // never finishes: the test kills this process
  },
  clock: Date.now,
  log: pino({ level: 'silent' }),
  pollMs: 50,
  leaseMs: Number(process.env.LEASE_MS ?? 1_000),
  renewMs: Number(process.env.RENEW_MS ?? 200),
});
runner.start();
// The runner's timers are unref'd: keep the process alive until it is killed.
setInterval(() => undefined, 60_000);
