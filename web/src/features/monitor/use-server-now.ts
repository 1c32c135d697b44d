import { useEffect, useState } from 'react';

/** How often ages move on the screen without asking the server. */
export const TICK_MS = 5_000;

/**
 * The server's clock now, as the last answer told it (`serverNow` when it was received at
 * `receivedAt`, this browser's clock) carried forward by the browser's clock; re-renders every TICK_MS.
 */
export function useServerNow(serverNow: number | undefined, receivedAt: number): number | undefined {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return serverNow === undefined ? undefined : serverNow + Math.max(0, Date.now() - receivedAt);
}
