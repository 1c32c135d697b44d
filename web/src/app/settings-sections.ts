import type { Role } from '@contracts/roles';

/**
 * Settings sections, each at #/settings/<section>, in the order the side menu shows them, with the
 * roles that open each (the server checks the same roles on every route the section calls).
 */
export const SECTION_ROLES = {
  bots: ['admin', 'bot_editor', 'script_editor'],
  reports: ['admin', 'viewer'],
  monitor: ['admin', 'viewer'],
  distribution: ['admin'],
  csat: ['admin'],
  service: ['admin'],
  workspace: ['admin'],
  users: ['admin'],
  departments: ['admin'],
  hours: ['admin'],
  channels: ['admin'],
  tokens: ['admin'],
  email: ['admin'],
  audit: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type SettingsSection = keyof typeof SECTION_ROLES;
export const SETTINGS_SECTIONS = Object.keys(SECTION_ROLES) as SettingsSection[];

/** The sections a user with these roles may open, in menu order. */
export function sectionsFor(roles: readonly Role[]): SettingsSection[] {
  return SETTINGS_SECTIONS.filter((s) => (SECTION_ROLES[s] as readonly Role[]).some((r) => roles.includes(r)));
}

/**
 * The section a `#/settings…` hash names (also with a path inside it: `#/settings/bots/3/triggers`), when
 * the user may open it; else their first one (null: none).
 */
export function sectionOf(hash: string, roles: readonly Role[]): SettingsSection | null {
  if (!hash.startsWith('/settings')) return null;
  const mine = sectionsFor(roles);
  return mine.find((s) => hash === `/settings/${s}` || hash.startsWith(`/settings/${s}/`)) ?? mine[0] ?? null;
}
