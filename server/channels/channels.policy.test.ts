import { describe, expect, it } from 'vitest';
import type { Role } from '../../contracts/roles';
import { canFeedChannel, canManageChannels, usesWebhook } from './channels.policy';

const user = (...roles: Role[]) => ({ kind: 'user' as const, businessId: 1, userId: 1, roles, name: 'U' });
const token = (...roles: Role[]) => ({ kind: 'token' as const, businessId: 1, tokenId: 1, roles });

describe('channels policy', () => {
  it('lets admins and bot editors manage channels, nobody else', () => {
    expect(canManageChannels(user('admin'))).toBe(true);
    expect(canManageChannels(user('bot_editor'))).toBe(true);
    expect(canManageChannels(user('operator', 'viewer', 'script_editor'))).toBe(false);
  });

  it('lets only API tokens with admin or bot_editor feed a channel (inbound messages)', () => {
    expect(canFeedChannel(token('admin'))).toBe(true);
    expect(canFeedChannel(token('bot_editor'))).toBe(true);
    expect(canFeedChannel(token('operator', 'viewer', 'script_editor'))).toBe(false);
    expect(canFeedChannel(user('admin'))).toBe(false);
    expect(canFeedChannel({ kind: 'system', businessId: 1, reason: 'bot' })).toBe(false);
  });

  it("lets only API channels use a webhook URL of the customer's choosing", () => {
    expect(usesWebhook('api')).toBe(true);
    expect(usesWebhook('telegram')).toBe(false);
  });
});
