import * as Menu from '@radix-ui/react-dropdown-menu';
import { useTranslation } from 'react-i18next';
import { MoreIcon } from '../../ui/icons';
import type { UserRow } from './api';

export type UserAction = 'edit' | 'link' | 'signOut' | 'deactivate' | 'reactivate';

/** One user: who, what they may do, where, whether Online and how loaded; their actions in a menu. */
export function UserRowView({
  user: u,
  departmentName,
  isMe,
  onAction,
}: {
  user: UserRow;
  departmentName: (id: number) => string;
  isMe: boolean;
  onAction: (a: UserAction) => void;
}) {
  const { t } = useTranslation();
  // Signing oneself out or locking oneself out is done elsewhere (the account menu), not here.
  const actions: UserAction[] = isMe ? ['edit', 'link'] : ['edit', 'link', 'signOut', u.disabled ? 'reactivate' : 'deactivate'];
  return (
    <tr className={u.disabled ? 'user-disabled' : undefined}>
      <th scope="row">
        {u.name}
        {u.disabled && <span className="badge">{t('users.deactivated')}</span>}
      </th>
      <td data-label={t('users.email')} className="break">
        {u.email}
      </td>
      <td data-label={t('users.roles')}>{u.roles.map((r) => t(`users.role.${r}`)).join(', ')}</td>
      <td data-label={t('users.departments')}>{u.departmentIds.length ? u.departmentIds.map(departmentName).join(', ') : '—'}</td>
      <td data-label={t('users.status')}>
        <span className={`presence ${u.status}`}>{u.status === 'online' ? t('status.stateOnline') : t('status.stateOffline')}</span>
      </td>
      <td data-label={t('users.load')} className="nowrap">
        {`${u.openDialogs ?? '—'} / ${u.maxDialogs}`}
      </td>
      <td className="row-actions">
        <Menu.Root modal={false}>
          <Menu.Trigger className="icon-btn" aria-label={t('users.actionsFor', { name: u.name })}>
            <MoreIcon />
          </Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu" align="end" sideOffset={4}>
              {actions.map((a) => (
                <Menu.Item key={a} className="menu-item" onSelect={() => onAction(a)}>
                  {t(`users.action.${a}`)}
                </Menu.Item>
              ))}
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
      </td>
    </tr>
  );
}
