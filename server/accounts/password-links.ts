// Choosing a password through a link: an invitation (a user created without a password) or a reset
// an administrator makes. The link carries a random token (only its hash is stored), works once, and
// expires; using it sets the password, ends the user's other sessions and signs them in.
import { recordAudit } from '../audit/index';
import { badInput, forbidden, notFound } from '../errors';
import { commit, event, type CommitDeps } from '../realtime/index';
import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { canManageUsers } from './accounts.policy';
import { hashPassword } from './passwords';
import { businessOfLink, expireLinksOf, insertPasswordLink, useLink } from './password-links.repo';
import { hashSecret, newSecret } from './secrets';
import { deleteSessionsOfUser } from './sessions.repo';
import { signIn, type SignedIn, type SignInDeps } from './sign-in';
import { findUserInBusiness, updateUserFields } from './users.repo';

/** How long a link works. */
export const LINK_TTL_MS = 7 * 24 * 3600_000;

/** Makes a link for the user (their earlier unused links stop working), inside the caller's transaction. */
export async function issuePasswordLink(
  tx: Executor,
  o: { userId: number; businessId: number; kind: 'invite' | 'reset'; now: number; publicUrl: string },
): Promise<{ url: string; expiresAt: number }> {
  const token = newSecret();
  const expiresAt = o.now + LINK_TTL_MS;
  await expireLinksOf(tx, o.userId, o.now);
  await insertPasswordLink(tx, { tokenHash: hashSecret(token), userId: o.userId, businessId: o.businessId, kind: o.kind, now: o.now, expiresAt });
  // The token rides in the fragment: browsers never send it to a server, a proxy or a log.
  return { url: `${o.publicUrl}/set-password#token=${token}`, expiresAt };
}

/** An administrator makes a password link for a user of the business (to send them). */
export async function createPasswordLink(
  deps: CommitDeps & { publicUrl: string },
  input: { actor: Actor; userId: number },
): Promise<{ url: string; expiresAt: number }> {
  const { actor, userId } = input;
  if (!canManageUsers(actor)) throw forbidden('Only admins can manage users');
  const { result } = await commit(deps, actor.businessId, async (tx) => {
    const user = await findUserInBusiness(tx, actor.businessId, userId);
    if (!user) throw notFound('User');
    const link = await issuePasswordLink(tx, { userId, businessId: actor.businessId, kind: 'reset', now: deps.clock(), publicUrl: deps.publicUrl });
    await recordAudit(tx, actor, { action: 'user.password_link', target: { type: 'user', id: userId }, now: deps.clock() });
    return { result: link, events: [] };
  });
  return result;
}

/** An administrator signs a user out everywhere: their sessions end and their open sockets close (4001). */
export async function signOutEverywhere(deps: CommitDeps, input: { actor: Actor; userId: number }): Promise<void> {
  const { actor, userId } = input;
  if (!canManageUsers(actor)) throw forbidden('Only admins can manage users');
  await commit(deps, actor.businessId, async (tx) => {
    if (!(await findUserInBusiness(tx, actor.businessId, userId))) throw notFound('User');
    await deleteSessionsOfUser(tx, userId);
    await recordAudit(tx, actor, { action: 'user.sign_out_everywhere', target: { type: 'user', id: userId }, now: deps.clock() });
    return { result: null, events: [event('user.signed_out', { userId })] };
  });
}

const SPENT = 'This link has expired or was already used; ask your administrator for a new one';

/** The user behind a link chooses their password: set, their other sessions ended, and signed in. */
export async function setPasswordWithLink(deps: SignInDeps, input: { token: string; password: string }): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashSecret(input.token);
  const businessId = await businessOfLink(deps.db, tokenHash);
  if (businessId === undefined) throw badInput('token', SPENT);
  const { result: user } = await commit(deps, businessId, async (tx) => {
    const link = await useLink(tx, tokenHash, deps.clock());
    if (!link) throw badInput('token', SPENT);
    const u = await findUserInBusiness(tx, link.businessId, link.userId);
    if (!u || u.disabled) throw badInput('token', SPENT);
    await updateUserFields(tx, link.businessId, link.userId, { passwordHash });
    // Signed out everywhere else (a reset is often "someone else may know my password").
    await deleteSessionsOfUser(tx, link.userId);
    return { result: u, events: [event('user.signed_out', { userId: link.userId })] };
  });
  return (await signIn(deps, user)).result;
}
