import type { ChannelKind } from '../../contracts/inbox';
import { hasRole, type Actor } from '../shared/actor';

// Who may do what with channels, and which kinds exist yet. Pure predicates, called by the use cases.

/** Creating and configuring channels, rotating their secrets, seeing and retrying their deliveries. */
export function canManageChannels(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'bot_editor');
}

/** Sending again an operator's or bot's message that failed to reach the lead: the people who work the dialogs. */
export function canRetryMessages(actor: Actor): boolean {
  return hasRole(actor, 'operator', 'admin');
}

/**
 * Posting a lead's message into a channel (the API channel's inbound route): a machine (API token)
 * whose roles manage channels, admin or bot_editor. Whoever may set the channel's webhook and secret
 * already speaks for the channel; a bridge needs no admin role, and a viewer or operator token none of this.
 */
export function canFeedChannel(actor: Actor): boolean {
  return actor.kind === 'token' && canManageChannels(actor);
}

/** Only API channels deliver to a webhook URL of the customer's choosing. */
export function usesWebhook(kind: ChannelKind): boolean {
  return kind === 'api';
}
