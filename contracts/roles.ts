import { z } from 'zod';

/** Business-user roles; a user may hold several. */
export const ROLES = ['admin', 'operator', 'bot_editor', 'script_editor', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const OperatorStatus = z.enum(['online', 'offline']);
export type OperatorStatus = z.infer<typeof OperatorStatus>;
