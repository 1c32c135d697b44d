/** Settings sections, each at #/settings/<section>. */
export const SETTINGS_SECTIONS = ['distribution', 'users', 'departments', 'tokens', 'audit'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];
