import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@contracts/audit';
import { en } from '../../i18n/en';
import { ru } from '../../i18n/ru';
import { ACTIONS } from './api';

describe('the audit log screen', () => {
  it('offers every action the server records, each with an English and a Russian label', () => {
    expect([...ACTIONS].sort()).toEqual([...AUDIT_ACTIONS].sort());
    for (const a of AUDIT_ACTIONS) {
      const [group, verb] = a.split('.') as [string, string];
      for (const texts of [en, ru]) expect((texts.audit.action as Record<string, Record<string, string> | undefined>)[group]?.[verb], a).toBeTruthy();
    }
  });
});
