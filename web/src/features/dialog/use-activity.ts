import { useCallback, useEffect, useRef } from 'react';
import { ACTIVITY, type ActivityReport } from '@contracts/activity';

interface Options {
  /** The page is in front of the operator: only then does an open dialog count as viewed. */
  visible: boolean;
  /** The realtime socket is up: on (re)connecting the dialog is announced again at once. */
  connected: boolean;
  /** Sends on the realtime socket (absent: nobody is told). */
  report: ((r: ActivityReport) => void) | undefined;
}

/**
 * Tells the other operators that this dialog is open (on opening, then every 20 s while the page is
 * visible), that the operator is typing in it (at most every 3 s while the composer changes) and
 * that it was left (switched, closed, or the workspace went away).
 */
export function useReportActivity(leadId: number, { visible, connected, report }: Options): { typing(note: boolean): void; sent(): void } {
  const lastTyping = useRef<{ at: number; note: boolean } | null>(null);

  useEffect(() => {
    if (!visible || !connected || !report) return;
    const viewing = () => {
      // While typing, typing says it (and holds the dialog as open): a viewing now would cut the
      // others' "typing…" short.
      const t = lastTyping.current;
      if (t && Date.now() - t.at < ACTIVITY.typingTtlMs) return;
      report({ type: 'activity', leadId, activity: 'viewing' });
    };
    viewing();
    const timer = setInterval(viewing, ACTIVITY.viewingEveryMs);
    return () => clearInterval(timer);
  }, [leadId, visible, connected, report]);

  useEffect(() => () => report?.({ type: 'activity', leadId, activity: 'left' }), [leadId, report]);

  const typing = useCallback(
    (note: boolean) => {
      const now = Date.now();
      const t = lastTyping.current;
      if (t && t.note === note && now - t.at < ACTIVITY.typingEveryMs) return;
      lastTyping.current = { at: now, note };
      report?.({ type: 'activity', leadId, activity: 'typing', ...(note ? { note: true } : {}) });
    },
    [leadId, report],
  );
  // Sent: no longer typing. A viewing ends the others' "typing…" now instead of in 6 s.
  const sent = useCallback(() => {
    lastTyping.current = null;
    report?.({ type: 'activity', leadId, activity: 'viewing' });
  }, [leadId, report]);
  return { typing, sent };
}
