// The bots screen's test console: the signed-in user's test lead with this bot, read every second while
// the tab is open and the page visible; a message or a reset refreshes it at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BotConsole } from '@contracts/bot-console';
import { api } from '../../lib/api';

export type { BotConsole };
export type ConsoleMessage = BotConsole['messages'][number];

const consoleKey = (botId: number) => ['bots', botId, 'console'] as const;
const POLL_MS = 1_000;

export function useBotConsole(botId: number, live: boolean) {
  return useQuery({
    queryKey: consoleKey(botId),
    queryFn: ({ signal }) => api.get<BotConsole>(`/api/v1/bots/${botId}/console`, signal),
    refetchInterval: live ? POLL_MS : false,
  });
}

export function useConsoleSend(botId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => api.post<{ leadId: number }>(`/api/v1/bots/${botId}/console/messages`, { text }),
    onSuccess: () => qc.invalidateQueries({ queryKey: consoleKey(botId) }),
  });
}

export function useConsoleReset(botId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<void>(`/api/v1/bots/${botId}/console`),
    onSuccess: () => qc.invalidateQueries({ queryKey: consoleKey(botId) }),
  });
}

/** The labels of the buttons a bot's message shows (a menu), if any. */
export function buttonsOf(m: ConsoleMessage): string[] {
  const buttons = m.payload?.buttons;
  if (!Array.isArray(buttons)) return [];
  return buttons.flatMap((b: unknown) =>
    b && typeof b === 'object' && typeof (b as { label?: unknown }).label === 'string' ? [(b as { label: string }).label] : [],
  );
}
