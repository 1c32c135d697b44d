import { windowOf, type RequestCounter, type WindowCount } from '../counter';

/** Keys kept before the ones of past windows are swept (a key is a token: the map stays small). */
const SWEEP_AT = 10_000;

/** Counts in this process only: the embedded mode (one process, no Redis), and the fallback while Redis is down. */
export class MemoryCounter implements RequestCounter {
  private readonly counts = new Map<string, { index: number; count: number }>();

  hit(key: string, now: number, windowMs: number): Promise<WindowCount> {
    const { index, resetAt } = windowOf(now, windowMs);
    const entry = this.counts.get(key);
    if (entry && entry.index === index) {
      entry.count++;
      return Promise.resolve({ count: entry.count, resetAt });
    }
    if (!entry && this.counts.size >= SWEEP_AT) this.sweep(index);
    this.counts.set(key, { index, count: 1 });
    return Promise.resolve({ count: 1, resetAt });
  }

  /** Forgets the counts of windows before `index` (they can never be read again). */
  private sweep(index: number): void {
    for (const [key, e] of this.counts) if (e.index < index) this.counts.delete(key);
  }

  close(): Promise<void> {
    this.counts.clear();
    return Promise.resolve();
  }
}

export function createMemoryCounter(): MemoryCounter {
  return new MemoryCounter();
}
