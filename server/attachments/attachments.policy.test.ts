import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor';
import type { Role } from '../../contracts/roles';
import { canRead, canUpload } from './attachments.policy';

const user = (...roles: Role[]): Actor => ({ kind: 'user', businessId: 1, userId: 1, roles, name: 'U' });
const token = (...roles: Role[]): Actor => ({ kind: 'token', businessId: 1, tokenId: 1, roles });

describe('attachments policy', () => {
  it('lets operators and administrators upload, signed in', () => {
    expect(canUpload(user('operator'))).toBe(true);
    expect(canUpload(user('admin'))).toBe(true);
    expect(canUpload(user('viewer'))).toBe(false);
    expect(canUpload(user('bot_editor', 'script_editor'))).toBe(false);
    expect(canUpload(token('admin'))).toBe(false);
  });

  it('lets whoever reads the history fetch files, tokens included', () => {
    expect(canRead(user('viewer'))).toBe(true);
    expect(canRead(token('admin'))).toBe(true);
    expect(canRead(user('bot_editor'))).toBe(false);
  });
});
