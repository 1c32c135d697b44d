import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import { type Outcome, event } from '../realtime/index';
import type { Tx } from '../storage/db';
import { canManageQuickReplies } from './quick-replies.policy';
import { deleteQuickReplyOfBusiness } from './quick-replies.repo';
import { recordAudit } from '../audit/index';

/** Deletes a quick reply of the actor's business; admins only. */
export async function deleteQuickReply(tx: Tx, input: { actor: Actor; quickReplyId: number; now: number }): Promise<Outcome<null>> {
  const { actor } = input;
  if (!canManageQuickReplies(actor)) throw forbidden('Only administrators manage quick replies');
  if (!(await deleteQuickReplyOfBusiness(tx, actor.businessId, input.quickReplyId))) throw notFound('Quick reply');
  await recordAudit(tx, actor, { action: 'quick_reply.delete', target: { type: 'quick_reply', id: input.quickReplyId }, now: input.now });
  return { result: null, events: [event('quick_replies.changed', {})] };
}
