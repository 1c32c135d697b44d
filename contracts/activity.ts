// No zod here: the web app imports these values at run time and keeps its bundle small. The frames'
// schemas are ClientFrame (contracts/realtime.ts) and ServerFrame's `activity` (contracts/events.ts).

/**
 * Who else has a dialog open, and who is typing in it ("Irina is viewing", "Irina is typing…"). It is
 * presence, not a change of state: never in the event log, no seq, not replayed on resume.
 */
export const ACTIVITIES = ['viewing', 'typing', 'left'] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const ACTIVITY = {
  /** A `viewing` holds this long unless repeated (the browser repeats it every `viewingEveryMs`). */
  viewingTtlMs: 45_000,
  /** A `typing` holds this long unless repeated. */
  typingTtlMs: 6_000,
  /** How often an open dialog on a visible page says `viewing` again. */
  viewingEveryMs: 20_000,
  /** At most one `typing` this often while the composer changes. */
  typingEveryMs: 3_000,
  /** Activity frames one socket may send per second; the server drops the rest without answering. */
  framesPerSecond: 5,
  /** ...after a burst of this many (switching dialogs quickly sends a `left` and a `viewing` each time). */
  burstFrames: 10,
} as const;

/** What an operator's browser sends on its realtime socket. */
export interface ActivityReport {
  type: 'activity';
  leadId: number;
  activity: Activity;
  /** With `typing`: an internal note, not a reply to the lead. */
  note?: boolean;
}

/** What the other operators' sockets get (never the sender's own, never another business's). */
export interface ActivityNotice {
  type: 'activity';
  leadId: number;
  userId: number;
  name: string;
  activity: Activity;
  /** With `typing`: an internal note, not a reply to the lead. */
  note?: boolean;
  /** Which of the user's sockets (tabs) it came from: a `left` from one tab leaves the others shown. */
  connection: string;
  /** How long it holds from its arrival unless repeated (0 for `left`); relative, so clocks need not agree. */
  ttlMs: number;
}
