// System lines are stored with a structured payload; the operator reads them in their own language.
import type { TFunction } from 'i18next';
import type { Message } from '@contracts/inbox';

export function systemText(t: TFunction, m: Message): string {
  const p = (m.payload ?? {}) as Record<string, unknown>;
  const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  switch (p.kind) {
    case 'transferred': return s('departmentCode') ? t('system.transferredTo', { department: s('departmentCode') }) : t('system.transferred');
    case 'assigned': return t('system.assigned', { name: s('operatorName') });
    case 'invited': return t('system.invited', { name: s('operatorName') });
    case 'transferred_to_department': return t('system.transferredTo', { department: s('departmentCode') });
    case 'closed': return s('byName') ? t('system.closedBy', { name: s('byName') }) : t('system.closed');
    case 'returned_to_bot':
      return s('script') ? t('system.returnedAt', { script: s('script') }) : t('system.returned');
    default: return m.text;
  }
}
