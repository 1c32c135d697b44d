import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export interface QuickReply {
  id: number;
  shortcut: string;
  text: string;
}

export const quickReplyKeys = { all: ['quick-replies'] as const };

/** The business's quick replies (administrators manage them; everyone picks them with "/"). */
export function useQuickReplies(enabled: boolean) {
  return useQuery({
    queryKey: quickReplyKeys.all,
    queryFn: ({ signal }) => api.get<{ quickReplies: QuickReply[] }>('/api/v1/quick-replies', signal).then((r) => r.quickReplies),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Replies whose shortcut starts with what follows the "/" (then those that contain it). */
export function matchQuickReplies(all: QuickReply[], typed: string): QuickReply[] {
  const q = typed.toLowerCase();
  const starts = all.filter((r) => r.shortcut.toLowerCase().startsWith(q));
  const contains = all.filter((r) => !starts.includes(r) && (r.shortcut.toLowerCase().includes(q) || r.text.toLowerCase().includes(q)));
  return [...starts, ...contains].slice(0, 8);
}
