// System lines are stored with a structured payload; the operator reads them in their own language.
import type { TFunction } from 'i18next';
import type { Message } from '@contracts/inbox';
import type { SystemLine } from '@contracts/message-payloads';

export function systemText(t: TFunction, m: Message): string {
  const line = m.payload as SystemLine | null;
  switch (line?.kind) {
    case 'transferred':
      return line.departmentCode ? t('system.transferredTo', { department: line.departmentCode }) : t('system.transferred');
    case 'assigned':
      return line.byUserId === line.operatorId ? t('system.took', { name: line.operatorName }) : t('system.assigned', { name: line.operatorName });
    case 'invited':
      return t('system.invited', { name: line.operatorName });
    case 'transferred_to_department':
      return t('system.transferredTo', { department: line.departmentCode });
    case 'closed':
      return line.byName ? t('system.closedBy', { name: line.byName }) : t('system.closed');
    case 'returned_to_bot':
      return line.script ? t('system.returnedAt', { script: line.script }) : t('system.returned');
    case 'released':
      return t(line.reason === 'offline' ? 'system.released' : 'system.releasedNoAnswer', { name: line.operatorName });
    case undefined:
      return m.text;
  }
}
