import type { Actor } from '../shared/actor';
import { conflict, forbidden, notFound } from '../errors';
import { type Outcome, event } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { QuickReply } from '../storage/schema';
import { canManageQuickReplies } from './quick-replies.policy';
import { updateQuickReplyUnlessShortcutTaken } from './quick-replies.repo';
import { recordAudit } from '../audit/index';

/** Changes the shortcut or text of a quick reply of the actor's business; admins only; shortcuts stay unique. */
export async function updateQuickReply(
  tx: Tx,
  input: { actor: Actor; quickReplyId: number; shortcut?: string | undefined; text?: string | undefined; now: number },
): Promise<Outcome<QuickReply>> {
  const { actor } = input;
  if (!canManageQuickReplies(actor)) throw forbidden('Only administrators manage quick replies');
  const q = await updateQuickReplyUnlessShortcutTaken(tx, actor.businessId, input.quickReplyId, { shortcut: input.shortcut, text: input.text, now: input.now });
  if (q === 'missing') throw notFound('Quick reply');
  if (q === 'taken') throw conflict(`A quick reply with shortcut "/${input.shortcut ?? ''}" already exists`);
  await recordAudit(tx, actor, {
    action: 'quick_reply.update',
    target: { type: 'quick_reply', id: q.id },
    details: { shortcut: input.shortcut, text: input.text },
    now: input.now,
  });
  return { result: q, events: [event('quick_replies.changed', {})] };
}
