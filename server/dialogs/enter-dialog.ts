import type { Actor } from '../shared/actor';
import { AppError } from '../errors';
import type { PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import { applyTransition } from './apply-transition';
import { whoIs, type Conversation } from './conversation';
import { decide, isNoChange, type Transition, type Who } from './dialog.machine';

/** Where an operator who writes will stand: decided before anything is written, so a refusal comes first. */
export interface Entry {
  who: Who;
  transition: Transition;
}

/**
 * The machine's answer for an operator who writes (or opens the dialog to write): a new dialog with
 * them when the lead is with the bot or closed (interrupting the bot's scenario), the waiting one
 * taken, or the one they are in as it is. Throws the refusal.
 */
export async function planEntry(tx: Tx, c: Conversation, actor: Actor & { kind: 'user' }): Promise<Entry> {
  const who = await whoIs(tx, actor);
  const transition = decide(c.snapshot, who, { type: 'operator_writes' });
  if (transition instanceof AppError) throw transition;
  return { who, transition };
}

/** Puts the operator in the lead's dialog as planned; returns the dialog and its events. */
export async function enterDialog(tx: Tx, c: Conversation, entry: Entry, now: number): Promise<{ dialogId: number; events: PendingEvent[] }> {
  if (isNoChange(entry.transition) && c.dialog) return { dialogId: c.dialog.id, events: [] };
  const done = await applyTransition(tx, c, entry.transition, { byUserId: entry.who.userId, now });
  return { dialogId: done.dialogId, events: done.events };
}
