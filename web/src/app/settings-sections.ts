/** Settings sections, each at #/settings/<section>. */
export const SETTINGS_SECTIONS = ['distribution', 'users', 'audit'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];
