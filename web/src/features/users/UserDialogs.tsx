import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentView } from '@contracts/accounts';
import { Modal } from '../../ui/Modal';
import { useCreateUser, useUpdateUser, type UserPatch, type UserRow } from './api';
import { PasswordLinkView } from './PasswordLinkView';
import { UserForm, valuesOf, type UserFormValues } from './UserForm';

const sameSet = <T,>(a: T[], b: T[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Adding a user: the form, then (when invited) the link to send them. */
export function AddUserDialog({ departments, onClose, onAdded }: { departments: DepartmentView[]; onClose: () => void; onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [invite, setInvite] = useState<{ name: string; url: string } | null>(null);
  const submit = (v: UserFormValues) =>
    create.mutate(
      {
        name: v.name.trim(),
        email: v.email.trim(),
        roles: v.roles,
        maxDialogs: Number(v.maxDialogs),
        departmentIds: v.departmentIds,
        ...(v.access === 'password' ? { password: v.password } : {}),
      },
      {
        onSuccess: (r) => {
          onAdded(r.user.name);
          if (r.inviteUrl) setInvite({ name: r.user.name, url: r.inviteUrl });
          else onClose();
        },
      },
    );
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={invite ? t('users.inviteTitle', { name: invite.name }) : t('users.addTitle')}>
      {invite ? (
        <PasswordLinkView link={{ url: invite.url }} intro={t('users.inviteIntro', { name: invite.name })} onDone={onClose} />
      ) : (
        <UserForm
          initial={valuesOf(null)}
          departments={departments}
          adding
          pending={create.isPending}
          error={create.error}
          submitLabel={t('users.add')}
          onSubmit={submit}
          onEdit={() => create.reset()}
          onCancel={onClose}
        />
      )}
    </Modal>
  );
}

/** Editing a user: the same fields; only what changed is sent. */
export function EditUserDialog({
  user,
  departments,
  onClose,
  onSaved,
}: {
  user: UserRow;
  departments: DepartmentView[];
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const submit = (v: UserFormValues) => {
    const patch: UserPatch = {};
    if (v.name.trim() !== user.name) patch.name = v.name.trim();
    if (!sameSet(v.roles, user.roles)) patch.roles = v.roles;
    if (Number(v.maxDialogs) !== user.maxDialogs) patch.maxDialogs = Number(v.maxDialogs);
    if (!sameSet(v.departmentIds, user.departmentIds)) patch.departmentIds = v.departmentIds;
    if (!Object.keys(patch).length) return onClose();
    update.mutate(
      { id: user.id, patch },
      {
        onSuccess: (u) => {
          onSaved(u.name);
          onClose();
        },
      },
    );
  };
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={t('users.editTitle', { name: user.name })}>
      <UserForm
        initial={valuesOf(user)}
        departments={departments}
        adding={false}
        pending={update.isPending}
        error={update.error}
        submitLabel={t('common.save')}
        onSubmit={submit}
        onEdit={() => update.reset()}
        onCancel={onClose}
      />
    </Modal>
  );
}
