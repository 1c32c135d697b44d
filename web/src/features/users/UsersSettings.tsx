import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { Modal } from '../../ui/Modal';
import { useDepartmentList, usePasswordLink, useSignOutEverywhere, useUpdateUser, useUsers, type PasswordLink, type UserRow } from './api';
import { PasswordLinkView } from './PasswordLinkView';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { AddUserDialog, EditUserDialog } from './UserDialogs';
import { UserRowView, type UserAction } from './UserRowView';

type Open = { kind: 'add' } | { kind: Exclude<UserAction, 'link'>; user: UserRow } | { kind: 'link'; user: UserRow; link: PasswordLink } | null;

/** Settings → Users: the business's users with their live status and load; add, edit, deactivate, links, sign-out. */
export function UsersSettings({ meId }: { meId: number }) {
  const { t } = useTranslation();
  const users = useUsers();
  const departments = useDepartmentList();
  const update = useUpdateUser();
  const link = usePasswordLink();
  const signOut = useSignOutEverywhere();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState('');
  const close = () => {
    setOpen(null);
    update.reset();
    signOut.reset();
  };
  const names = new Map(departments.data?.map((d) => [d.id, d.name]));
  const departmentName = (id: number) => names.get(id) ?? `#${id}`;

  const act = (user: UserRow, a: UserAction) => {
    setDone('');
    if (a !== 'link') return setOpen({ kind: a, user });
    link.mutate(user.id, { onSuccess: (l) => setOpen({ kind: 'link', user, link: l }) });
  };
  const confirm = (user: UserRow, kind: 'deactivate' | 'reactivate' | 'signOut') => {
    const finish = () => {
      setDone(t(`users.done_${kind}`, { name: user.name }));
      close();
    };
    if (kind === 'signOut') signOut.mutate(user.id, { onSuccess: finish });
    else update.mutate({ id: user.id, patch: { disabled: kind === 'deactivate' } }, { onSuccess: finish });
  };

  return (
    <div className="settings-body">
      <div className="section-bar">
        <h1>{t('users.title')}</h1>
        <button type="button" className="btn primary" onClick={() => (setDone(''), setOpen({ kind: 'add' }))} disabled={!departments.data}>
          {t('users.addButton')}
        </button>
      </div>
      <p className="hint">{t('users.intro')}</p>
      <p role="status" className="saved status-line">
        {done}
      </p>
      {link.error ? (
        <p className="form-error" role="alert">
          {errorMessage(t, link.error)}
        </p>
      ) : null}
      <section className="settings-card" aria-label={t('users.title')}>
        {users.isError ? (
          <p role="alert">{errorMessage(t, users.error)}</p>
        ) : !users.data ? (
          <p>{t('common.loading')}</p>
        ) : (
          <div className="table-scroll">
            <table className="settings-table users-table">
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.departments')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.load')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <UserRowView key={u.id} user={u} departmentName={departmentName} isMe={u.id === meId} onAction={(a) => act(u, a)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open?.kind === 'add' && departments.data && (
        <AddUserDialog departments={departments.data} onClose={close} onAdded={(name) => setDone(t('users.done_add', { name }))} />
      )}
      {open?.kind === 'edit' && departments.data && (
        <EditUserDialog user={open.user} departments={departments.data} onClose={close} onSaved={(name) => setDone(t('users.done_edit', { name }))} />
      )}
      {open?.kind === 'link' && (
        <Modal open onOpenChange={(o) => !o && close()} title={t('users.resetTitle', { name: open.user.name })}>
          <PasswordLinkView link={open.link} intro={t('users.resetIntro', { name: open.user.name })} onDone={close} />
        </Modal>
      )}
      {(open?.kind === 'deactivate' || open?.kind === 'reactivate' || open?.kind === 'signOut') && (
        <ConfirmDialog
          title={t(`users.confirm_${open.kind}`, { name: open.user.name })}
          text={t(`users.confirmText_${open.kind}`, { name: open.user.name })}
          action={t(`users.action.${open.kind}`)}
          pending={update.isPending || signOut.isPending}
          error={open.kind === 'signOut' ? signOut.error : update.error}
          onConfirm={() => confirm(open.user, open.kind as 'deactivate' | 'reactivate' | 'signOut')}
          onClose={close}
        />
      )}
    </div>
  );
}
