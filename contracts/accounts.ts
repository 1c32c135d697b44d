import { z } from 'zod';
import { Id, Millis } from './common';
import { LIMITS } from './limits';
import { OperatorStatus, ROLES, Role } from './roles';

/** Field limits of the accounts API, shared by the server and the admin UI. */
export const ACCOUNT_LIMITS = {
  businessName: 200,
  userName: 200,
  email: 254,
  maxDialogs: 1000,
  departmentName: 200,
  departmentsPerUser: 100,
  tokenName: 100,
} as const;

/** Department codes are what bots and JS address departments by (`assignDialogToNextOperator('sales')`). */
export const DEPARTMENT_CODE = /^[a-z0-9_-]{1,32}$/;

const Email = z.email().max(ACCOUNT_LIMITS.email);
const Password = z.string().min(LIMITS.password.min).max(LIMITS.password.max);
const PersonName = z.string().trim().min(1).max(ACCOUNT_LIMITS.userName);
/** A non-empty set of roles, each at most once. */
const Roles = z
  .array(Role)
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'roles must not repeat');
const MaxDialogs = z.number().int().min(0).max(ACCOUNT_LIMITS.maxDialogs);
const DepartmentIds = z
  .array(Id)
  .max(ACCOUNT_LIMITS.departmentsPerUser)
  .refine((d) => new Set(d).size === d.length, 'department ids must not repeat');
export const DepartmentCode = z.string().regex(DEPARTMENT_CODE, 'use 1-32 characters of a-z, 0-9, _ and -');
const DepartmentName = z.string().trim().min(1).max(ACCOUNT_LIMITS.departmentName);

// ---- first-run setup ----

export const SetupState = z.object({
  /** True while the installation has no users: the web app shows the create-owner form. */
  needsOwner: z.boolean(),
});
export type SetupState = z.infer<typeof SetupState>;

export const SetupOwnerBody = z.strictObject({
  /** Name of the business (tenant) to create. */
  businessName: z.string().trim().min(1).max(ACCOUNT_LIMITS.businessName),
  /** The owner's display name. */
  name: PersonName,
  /** The owner's sign-in e-mail (stored lower-cased). */
  email: Email,
  /** The owner's password. */
  password: Password,
});
export type SetupOwnerBody = z.infer<typeof SetupOwnerBody>;

// ---- sign-in and the current user ----

export const LoginBody = z.strictObject({
  /** Sign-in e-mail, case-insensitive. */
  email: z.string().trim().min(1).max(ACCOUNT_LIMITS.email),
  /** Password. */
  password: z.string().min(1).max(LIMITS.password.max),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const DepartmentRef = z.object({
  id: Id,
  /** Code used by bots and routing. */
  code: z.string(),
  name: z.string(),
});
export type DepartmentRef = z.infer<typeof DepartmentRef>;

/** The signed-in user as the web app sees them. */
export const Me = z.object({
  id: Id,
  businessId: Id,
  businessName: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(Role),
  /** Online: automatic distribution may give this operator dialogs. */
  status: OperatorStatus,
  /** Concurrent dialogs automatic distribution may give this operator. */
  maxDialogs: z.number().int(),
  /** Departments this operator works in. */
  departments: z.array(DepartmentRef),
});
export type Me = z.infer<typeof Me>;

export const SessionView = z.object({
  user: Me,
  /** Echo in the `x-csrf-token` header on every non-GET request made with the session cookie. */
  csrfToken: z.string(),
});
export type SessionView = z.infer<typeof SessionView>;

export const LogoutBody = z.strictObject({
  /** The operator's choice in the logout dialog: set Offline (recommended) or stay Online. */
  status: OperatorStatus,
});
export type LogoutBody = z.infer<typeof LogoutBody>;

export const StatusBody = z.strictObject({
  /** The new Online/Offline status. */
  status: OperatorStatus,
});
export type StatusBody = z.infer<typeof StatusBody>;

export const OperatorStatusView = z.object({
  userId: Id,
  status: OperatorStatus,
  /** False when the operator already had this status (no event was sent). */
  changed: z.boolean(),
});
export type OperatorStatusView = z.infer<typeof OperatorStatusView>;

// ---- users (admin) ----

export const UserView = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string(),
    roles: z.array(Role),
    status: OperatorStatus,
    maxDialogs: z.number().int(),
    departmentIds: z.array(Id),
    /** A disabled user cannot sign in and has no sessions. */
    disabled: z.boolean(),
    /** Active dialogs they are in now (beside `maxDialogs`: their load). */
    openDialogs: z.number().int().min(0),
    createdAt: Millis,
  })
  .meta({ id: 'UserView' });
export type UserView = z.infer<typeof UserView>;

export const UserList = z.object({ users: z.array(UserView) });
export const UserResponse = z.object({ user: UserView });
/** A new user; `inviteUrl` when no password was given: the link (valid 7 days) to send them to choose one. */
export const CreatedUser = z.object({ user: UserView, inviteUrl: z.string().optional() });
export type CreatedUser = z.infer<typeof CreatedUser>;
/** A link that lets the user choose a (new) password, once, until it expires. */
export const PasswordLinkView = z.object({ url: z.string(), expiresAt: Millis });
export type PasswordLinkView = z.infer<typeof PasswordLinkView>;
export const SetPasswordBody = z.strictObject({
  /** The token from the link (`/set-password#token=…`). */
  token: z.string().min(10).max(200),
  password: z.string().min(LIMITS.password.min).max(LIMITS.password.max),
});

export const CreateUserBody = z.strictObject({
  /** Sign-in e-mail, unique across the installation (stored lower-cased). */
  email: Email,
  /** Display name, shown to leads as the operator's name. */
  name: PersonName,
  /** Initial password; left out, the user is invited: the answer carries a link to choose one. */
  password: Password.optional(),
  /** At least one role. */
  roles: Roles,
  /** Concurrent dialogs limit for automatic distribution (default 5). */
  maxDialogs: MaxDialogs.optional(),
  /** Departments of this business the user works in. */
  departmentIds: DepartmentIds.optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.strictObject({
  /** New display name. */
  name: PersonName.optional(),
  /** Replaces the roles; an admin cannot drop their own admin role. */
  roles: Roles.optional(),
  /** New concurrent dialogs limit. */
  maxDialogs: MaxDialogs.optional(),
  /** Replaces the department memberships. */
  departmentIds: DepartmentIds.optional(),
  /** Disable (signs the user out everywhere) or re-enable; an admin cannot disable themselves. */
  disabled: z.boolean().optional(),
  /** Sets a new password (signs the user out everywhere unless it is the admin's own). */
  password: Password.optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

// ---- departments (admin) ----

export const DepartmentView = z
  .object({
    id: Id,
    code: z.string(),
    name: z.string(),
    /** Automatic distribution for this department's dialogs: on, off, or null (as the business's `autoAssign`). */
    autoAssign: z.boolean().nullable(),
    /** What its dialogs do when their operator goes Offline, or null (as the business's `offlineDialogs`). */
    offlineDialogs: z.enum(['keep', 'requeue']).nullable(),
    /** Seconds before its unanswered dialogs go to someone else (0: never), or null (as the business's `reassignAfterSec`). */
    reassignAfterSec: z.number().int().nullable(),
    /** Service targets in seconds, or null (as the business's `firstResponseTargetSec` / `nextResponseTargetSec`). */
    firstResponseTargetSec: z.number().int().nullable(),
    nextResponseTargetSec: z.number().int().nullable(),
    createdAt: Millis,
  })
  .meta({ id: 'DepartmentView' });
export type DepartmentView = z.infer<typeof DepartmentView>;

export const DepartmentList = z.object({ departments: z.array(DepartmentView) });
export const DepartmentResponse = z.object({ department: DepartmentView });

export const CreateDepartmentBody = z.strictObject({
  /** Unique per business; 1-32 of a-z, 0-9, _ and -. */
  code: DepartmentCode,
  /** Display name. */
  name: DepartmentName,
});
export type CreateDepartmentBody = z.infer<typeof CreateDepartmentBody>;

export const UpdateDepartmentBody = z.strictObject({
  /** New code (bots addressing the old code stop matching). */
  code: DepartmentCode.optional(),
  /** New display name. */
  name: DepartmentName.optional(),
  /** Automatic distribution for this department: true / false, or null to follow the business's setting. */
  autoAssign: z.boolean().nullable().optional(),
  /** `keep` or `requeue` for this department's dialogs when their operator goes Offline, or null to follow the business's setting. */
  offlineDialogs: z.enum(['keep', 'requeue']).nullable().optional(),
  /** Reassign this department's unanswered dialogs after this many seconds (30–86400; 0: never), or null to follow the business's setting. */
  reassignAfterSec: z
    .number()
    .int()
    .refine((n) => n === 0 || (n >= 30 && n <= 86_400), '0 (never) or 30 to 86400 seconds')
    .nullable()
    .optional(),
  /** This department's first-response target (5–604800 s), or null to follow the business's. */
  firstResponseTargetSec: z.number().int().min(5).max(604_800).nullable().optional(),
  /** This department's next-response target (5–604800 s), or null to follow the business's. */
  nextResponseTargetSec: z.number().int().min(5).max(604_800).nullable().optional(),
});
export type UpdateDepartmentBody = z.infer<typeof UpdateDepartmentBody>;

// ---- API tokens (admin) ----

export const ApiTokenView = z.object({
  id: Id,
  name: z.string(),
  roles: z.array(Role),
  createdAt: Millis,
  lastUsedAt: Millis.nullable(),
  /** Set once revoked; a revoked token authenticates nothing. */
  revokedAt: Millis.nullable(),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;

export const ApiTokenList = z.object({ tokens: z.array(ApiTokenView) });

export const CreateApiTokenBody = z.strictObject({
  /** What the token is for, e.g. "CRM sync". */
  name: z.string().trim().min(1).max(ACCOUNT_LIMITS.tokenName),
  /** What the token may do. */
  roles: Roles,
});
export type CreateApiTokenBody = z.infer<typeof CreateApiTokenBody>;

export const CreatedApiToken = z.object({
  token: ApiTokenView,
  /** Send as `Authorization: Bearer <secret>`. Shown only in this response; only its hash is stored. */
  secret: z.string(),
});
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
