import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@contracts/audit-actions';
import { en } from '../../i18n/en';
import { ru } from '../../i18n/ru';

describe('the audit log screen', () => {
  it('has an English and a Russian label for every action the server records', () => {
    for (const a of AUDIT_ACTIONS) {
      const [group, verb] = a.split('.') as [string, string];
      for (const texts of [en, ru]) expect((texts.audit.action as Record<string, Record<string, string> | undefined>)[group]?.[verb], a).toBeTruthy();
    }
  });
});
