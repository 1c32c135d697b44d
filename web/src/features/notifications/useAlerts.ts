import { useEffect, useRef } from 'react';
import { attentionCount, titleFor } from './alert-rules';
import { chime } from './chime';

interface Options {
  /** Waiting and my unread dialogs (the tab counts). */
  counts: { waiting: number; mineUnread: number } | undefined;
  hidden: boolean;
  muted: boolean;
  reminderSec: number;
  base: string;
}

/**
 * The browser tab's title and favicon dot follow the count of dialogs that need an answer; while
 * the page is hidden and any do, a reminder chimes every `reminderSec` seconds (unless muted).
 */
export function useAlerts({ counts, hidden, muted, reminderSec, base }: Options): void {
  const n = attentionCount(counts);
  useEffect(() => {
    document.title = titleFor(n, base);
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (icon) icon.href = n > 0 ? '/favicon-dot.svg' : '/favicon.svg';
  }, [n, base]);

  const due = hidden && !muted && n > 0;
  const timer = useRef<ReturnType<typeof setInterval>>(undefined);
  useEffect(() => {
    if (!due) return;
    timer.current = setInterval(chime, reminderSec * 1000);
    return () => clearInterval(timer.current);
  }, [due, reminderSec]);
}

/** Desktop notifications, once the operator allowed them: a line for what made the chime. */
export function notifyDesktop(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, icon: '/icon-192.png', tag: 'metadesk' });
  } catch {
    // Some browsers only allow notifications from a service worker; the sound and title still tell.
  }
}
