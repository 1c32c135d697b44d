import type { Actor } from '../shared/actor';
import { forbidden } from '../errors';
import type { Executor } from '../storage/db';
import type { QuickReply } from '../storage/schema';
import { canReadQuickReplies } from './quick-replies.policy';
import { listQuickRepliesOfBusiness } from './quick-replies.repo';

/** The actor's business quick replies by shortcut; for everyone in the contact center. */
export async function listQuickReplies(deps: { db: Executor }, input: { actor: Actor }): Promise<QuickReply[]> {
  if (!canReadQuickReplies(input.actor)) throw forbidden('Quick replies are for operators, administrators and viewers');
  return listQuickRepliesOfBusiness(deps.db, input.actor.businessId);
}
