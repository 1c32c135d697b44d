import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { windowOf, type RequestCounter, type WindowCount } from '../counter';
import { MemoryCounter } from '../memory/counter';

/** While Redis stays unreachable, the warning is repeated this often. */
const REPEAT_WARNING_MS = 60_000;

export interface RedisCounterOptions {
  /** Put before every key, so deployments sharing one Redis never count each other's requests. */
  prefix: string;
  log?: Logger;
}

/**
 * Counts shared by every process on one Redis: `INCR` of the key of the window (the window's number
 * is in the key) and `PEXPIRE` in one MULTI, so a key outlives its window a little and then goes.
 *
 * It never fails a request on Redis: it connects in the background, and while Redis is unreachable
 * each process counts in its own memory (a limit per process instead of a shared one), with a warning
 * once in a while.
 */
export class RedisCounter implements RequestCounter {
  private readonly redis: Redis;
  private readonly local = new MemoryCounter();
  private warnedAt = -Infinity;

  constructor(
    url: string,
    private readonly options: RedisCounterOptions,
  ) {
    // No offline queue: a count Redis cannot take now falls back at once instead of waiting.
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', (err: Error) => this.trouble(err));
  }

  /** Redis answers: the counts are shared. */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async hit(key: string, now: number, windowMs: number): Promise<WindowCount> {
    const { index, resetAt } = windowOf(now, windowMs);
    const k = `${this.options.prefix}${key}:${index}`;
    try {
      const replies = await this.redis
        .multi()
        .incr(k)
        .pexpire(k, 2 * windowMs)
        .exec();
      const [err, count] = replies?.[0] ?? [new Error('no reply to INCR')];
      if (err) throw err;
      if (typeof count !== 'number') throw new Error(`INCR answered ${String(count)}`);
      return { count, resetAt };
    } catch (err) {
      this.trouble(err);
      return this.local.hit(key, now, windowMs);
    }
  }

  private trouble(err: unknown): void {
    const now = Date.now();
    if (now - this.warnedAt < REPEAT_WARNING_MS) return;
    this.warnedAt = now;
    this.options.log?.warn({ err }, 'rate limit counter: Redis unreachable, counting in this process meanwhile');
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.local.close();
  }
}

export function createRedisCounter(url: string, options: RedisCounterOptions): RedisCounter {
  return new RedisCounter(url, options);
}
