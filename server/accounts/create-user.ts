import type { Role } from '../../contracts/roles';
import { conflict, forbidden, notFound } from '../errors';
import type { Db, Executor } from '../storage/db';
import { canManageUsers } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { countDepartmentsInBusiness } from './departments.repo';
import { normalizeEmail } from './emails';
import { hashPassword } from './passwords';
import { insertUserUnlessEmailTaken, replaceUserDepartments, type UserRecord } from './users.repo';
import { recordAudit } from '../audit/index';
import { issuePasswordLink } from './password-links';
import { newSecret } from './secrets';

export interface CreateUserInput {
  email: string;
  name: string;
  /** None: the user is invited (a link to choose one). */
  password?: string | undefined;
  roles: Role[];
  maxDialogs?: number | undefined;
  departmentIds?: number[] | undefined;
}

const DEFAULT_MAX_DIALOGS = 5;

/** Adds a user (Offline) to the actor's business; admins only; e-mails are unique installation-wide. */
export async function createUser(
  deps: { db: Db; clock: () => number; publicUrl: string },
  input: { actor: Actor; user: CreateUserInput },
): Promise<{ user: UserRecord; departmentIds: number[]; inviteUrl?: string }> {
  const { actor, user: u } = input;
  if (!canManageUsers(actor)) throw forbidden('Only admins can manage users');
  // Invited: a password nobody knows until they choose theirs through the link.
  const passwordHash = await hashPassword(u.password ?? newSecret());
  const departmentIds = u.departmentIds ?? [];
  return deps.db.transaction().execute(async (tx) => {
    await assertDepartmentsOfBusiness(tx, actor.businessId, departmentIds);
    const user = await insertUserUnlessEmailTaken(tx, {
      businessId: actor.businessId,
      email: normalizeEmail(u.email),
      name: u.name.trim(),
      passwordHash,
      roles: u.roles,
      maxDialogs: u.maxDialogs ?? DEFAULT_MAX_DIALOGS,
      createdAt: deps.clock(),
    });
    if (!user) throw conflict('A user with this e-mail already exists');
    await replaceUserDepartments(tx, user.id, departmentIds);
    await recordAudit(tx, actor, {
      action: 'user.create',
      target: { type: 'user', id: user.id },
      details: { email: user.email, name: user.name, roles: user.roles, maxDialogs: user.maxDialogs, departmentIds, invited: u.password === undefined },
      now: deps.clock(),
    });
    if (u.password === undefined) {
      const link = await issuePasswordLink(tx, { userId: user.id, businessId: actor.businessId, kind: 'invite', now: deps.clock(), publicUrl: deps.publicUrl });
      return { user, departmentIds: [...departmentIds].sort((a, b) => a - b), inviteUrl: link.url };
    }
    return { user, departmentIds: [...departmentIds].sort((a, b) => a - b) };
  });
}

/** 404 unless every id is a department of the business (other businesses' ids look unknown). */
export async function assertDepartmentsOfBusiness(db: Executor, businessId: number, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  if ((await countDepartmentsInBusiness(db, businessId, ids)) !== ids.length) throw notFound('Department');
}
