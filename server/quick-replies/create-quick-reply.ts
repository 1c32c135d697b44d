import type { Actor } from '../shared/actor';
import { conflict, forbidden } from '../errors';
import { type Outcome, event } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { QuickReply } from '../storage/schema';
import { canManageQuickReplies } from './quick-replies.policy';
import { insertQuickReplyUnlessShortcutTaken } from './quick-replies.repo';
import { recordAudit } from '../audit/index';

/** Adds a quick reply to the actor's business; admins only; shortcuts are unique per business. */
export async function createQuickReply(tx: Tx, input: { actor: Actor; shortcut: string; text: string; now: number }): Promise<Outcome<QuickReply>> {
  const { actor } = input;
  if (!canManageQuickReplies(actor)) throw forbidden('Only administrators manage quick replies');
  const q = await insertQuickReplyUnlessShortcutTaken(tx, { businessId: actor.businessId, shortcut: input.shortcut, text: input.text, now: input.now });
  if (!q) throw conflict(`A quick reply with shortcut "/${input.shortcut}" already exists`);
  await recordAudit(tx, actor, {
    action: 'quick_reply.create',
    target: { type: 'quick_reply', id: q.id },
    details: { shortcut: input.shortcut, text: input.text },
    now: input.now,
  });
  return { result: q, events: [event('quick_replies.changed', {})] };
}
