import type { Role } from '@contracts/roles';

/**
 * Settings sections, each at #/settings/<section>, in the order the side menu shows them, with the
 * roles that open each (the server checks the same roles on every route the section calls).
 */
export const SECTION_ROLES = {
  distribution: ['admin'],
  users: ['admin'],
  departments: ['admin'],
  tokens: ['admin'],
  audit: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type SettingsSection = keyof typeof SECTION_ROLES;
export const SETTINGS_SECTIONS = Object.keys(SECTION_ROLES) as SettingsSection[];

/** The sections a user with these roles may open, in menu order. */
export function sectionsFor(roles: readonly Role[]): SettingsSection[] {
  return SETTINGS_SECTIONS.filter((s) => (SECTION_ROLES[s] as readonly Role[]).some((r) => roles.includes(r)));
}

/** The section a `#/settings…` hash names, when the user may open it; else their first one (null: none). */
export function sectionOf(hash: string, roles: readonly Role[]): SettingsSection | null {
  if (!hash.startsWith('/settings')) return null;
  const mine = sectionsFor(roles);
  return mine.find((s) => hash === `/settings/${s}`) ?? mine[0] ?? null;
}
