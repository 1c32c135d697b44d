// The live monitor (administrators and viewers): operators, queues and missed targets now. Refetched
// by the app's realtime handlers (lib/monitor.ts), and now and then for what sends no event (an open
// workspace that went quiet).
import { useQuery } from '@tanstack/react-query';
import type { Monitor } from '@contracts/monitor';
import { api } from '../../lib/api';
import { monitorKey } from '../../lib/monitor';

/** A safety net for what sends no event (a workspace closed by a process that died): events do the rest. */
const POLL_MS = 30_000;

export function useMonitor() {
  return useQuery({
    queryKey: monitorKey,
    queryFn: ({ signal }) => api.get<{ monitor: Monitor }>('/api/v1/monitor', signal).then((r) => r.monitor),
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
}
