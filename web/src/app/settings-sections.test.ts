import { describe, expect, it } from 'vitest';
import { sectionOf, sectionsFor } from './settings-sections';

describe('which settings sections a user opens', () => {
  it('gives bot and script editors the bots section only, first for everyone who has it', () => {
    expect(sectionsFor(['bot_editor'])).toEqual(['bots']);
    expect(sectionsFor(['script_editor', 'operator'])).toEqual(['bots']);
    expect(sectionsFor(['admin'])[0]).toBe('bots');
    expect(sectionsFor(['operator'])).toEqual([]);
  });

  it('reads the section from the hash, also with a path inside it', () => {
    expect(sectionOf('/settings/bots/3/scripts/start', ['script_editor'])).toBe('bots');
    expect(sectionOf('/settings/users', ['admin'])).toBe('users');
    // Not theirs, or not a section: their first one; no section at all: none.
    expect(sectionOf('/settings/users', ['bot_editor'])).toBe('bots');
    expect(sectionOf('/settings/usersx', ['admin'])).toBe('bots');
    expect(sectionOf('/settings/bots', ['operator'])).toBeNull();
    expect(sectionOf('/inbox', ['admin'])).toBeNull();
  });
});
