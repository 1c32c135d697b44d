// How long to wait before the next reconnect: 1 s, 2 s, 4 s … doubling up to 30 s, each with ±20 %
// jitter so that many visitors dropped at once (a server restart) do not all come back together.

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;

/** The delay before attempt `attempt` (0 for the first retry); `random` is Math.random or a stand-in in tests. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 16)));
  const jittered = exp * (0.8 + 0.4 * random());
  return Math.round(Math.min(BACKOFF_MAX_MS, jittered));
}
