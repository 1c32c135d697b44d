/** One request counted in a fixed window: how many so far in it (this one included) and when it ends. */
export interface WindowCount {
  count: number;
  /** When the window ends (ms since the epoch): the count starts again from zero then. */
  resetAt: number;
}

/**
 * Counts requests per key in fixed windows aligned to the clock (`floor(now / windowMs)`), so every
 * process sharing a store agrees on the window without talking to each other. In memory for one
 * process (memory/), in Redis for several (redis/).
 */
export interface RequestCounter {
  /** Counts one request for `key` in the window that contains `now`. */
  hit(key: string, now: number, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

/** The fixed window that contains `now`: its number and when it ends. */
export function windowOf(now: number, windowMs: number): { index: number; resetAt: number } {
  const index = Math.floor(now / windowMs);
  return { index, resetAt: (index + 1) * windowMs };
}
