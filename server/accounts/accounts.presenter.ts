import type { ApiTokenView, DepartmentView, Me, UserView } from '../../contracts/accounts';
import type { Department } from '../storage/schema';
import type { ApiTokenRecord } from './api-tokens.repo';
import type { MeRecord } from './me';
import type { UserRecord } from './users.repo';

// Rows become API shapes here and only here; hashes and other secrets are never copied over.

export function presentMe(m: MeRecord): Me {
  return {
    id: m.user.id,
    businessId: m.user.businessId,
    businessName: m.businessName,
    name: m.user.name,
    email: m.user.email,
    roles: m.user.roles,
    status: m.user.status,
    maxDialogs: m.user.maxDialogs,
    departments: m.departments.map((d) => ({ id: d.id, code: d.code, name: d.name })),
  };
}

export function presentUser(u: UserRecord, departmentIds: number[], openDialogs = 0): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    status: u.status,
    maxDialogs: u.maxDialogs,
    departmentIds,
    disabled: u.disabled,
    openDialogs,
    createdAt: u.createdAt,
  };
}

export function presentDepartment(d: Department): DepartmentView {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    autoAssign: d.auto_assign === null ? null : d.auto_assign === 1,
    offlineDialogs: d.offline_dialogs,
    reassignAfterSec: d.reassign_after_sec,
    firstResponseTargetSec: d.first_response_target_sec,
    nextResponseTargetSec: d.next_response_target_sec,
    createdAt: d.created_at,
  };
}

export function presentApiToken(t: ApiTokenRecord): ApiTokenView {
  return { id: t.id, name: t.name, roles: t.roles, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt };
}

/** Login, setup and GET /me answer with the user and the CSRF token to echo. */
export function presentSession(s: { me: MeRecord; csrfToken: string }): { user: Me; csrfToken: string } {
  return { user: presentMe(s.me), csrfToken: s.csrfToken };
}
