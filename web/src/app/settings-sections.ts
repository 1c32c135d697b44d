/** Settings sections, each at #/settings/<section> (only Distribution so far). */
export const SETTINGS_SECTIONS = ['distribution'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];
