import type { ChannelKind } from '../../contracts/inbox';
import { hasRole, type Actor } from '../accounts/actor';

// Who may do what with channels, and which kinds exist yet. Pure predicates, called by the use cases.

/** Creating and configuring channels, rotating their secrets, seeing and retrying their deliveries. */
export function canManageChannels(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'bot_editor');
}

/** Kinds that can be created today; Telegram and the web widget land in later issues. */
export function isCreatableKind(kind: ChannelKind): boolean {
  return kind === 'api';
}

/** Only API channels deliver to a webhook URL of the customer's choosing. */
export function usesWebhook(kind: ChannelKind): boolean {
  return kind === 'api';
}
