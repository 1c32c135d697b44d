import { z } from 'zod';

/** Business-user roles; a user may hold several. */
export const ROLES = ['admin', 'operator', 'bot_editor', 'script_editor', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
/** Roles as stored (users.roles, api_tokens.roles); the API's own rules (non-empty, no repeats) apply on input. */
export const RoleList = z.array(Role);

export const OperatorStatus = z.enum(['online', 'offline']);
export type OperatorStatus = z.infer<typeof OperatorStatus>;
