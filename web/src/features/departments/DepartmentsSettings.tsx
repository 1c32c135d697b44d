import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentView } from '@contracts/accounts';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { MoreIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { useDepartments as useDepartmentList, useUsers } from '../../lib/directory';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useCreateDepartment, useDeleteDepartment, useUpdateDepartmentFields, type DepartmentFields } from './api';
import { DepartmentForm } from './DepartmentForm';

type Open = { kind: 'add' } | { kind: 'edit' | 'delete'; department: DepartmentView } | null;

/** Settings → Departments: code, name and who works in each; add, rename (or recode) and delete. */
export function DepartmentsSettings() {
  const { t } = useTranslation();
  const departments = useDepartmentList();
  const users = useUsers();
  const create = useCreateDepartment();
  const update = useUpdateDepartmentFields();
  const remove = useDeleteDepartment();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState('');
  const close = () => {
    setOpen(null);
    create.reset();
    update.reset();
    remove.reset();
  };
  const members = (id: number) =>
    users.data
      ?.filter((u) => u.departmentIds.includes(id))
      .map((u) => u.name)
      .join(', ');

  const add = (v: DepartmentFields) =>
    create.mutate(v, {
      onSuccess: (d) => {
        setDone(t('departments.done_add', { name: d.name }));
        close();
      },
    });
  const save = (d: DepartmentView, v: DepartmentFields) => {
    const patch: Partial<DepartmentFields> = {};
    if (v.name !== d.name) patch.name = v.name;
    if (v.code !== d.code) patch.code = v.code;
    if (!Object.keys(patch).length) return close();
    update.mutate(
      { id: d.id, patch },
      {
        onSuccess: (saved) => {
          setDone(t('departments.done_edit', { name: saved.name }));
          close();
        },
      },
    );
  };
  const drop = (d: DepartmentView) =>
    remove.mutate(d.id, {
      onSuccess: () => {
        setDone(t('departments.done_delete', { name: d.name }));
        close();
      },
    });

  return (
    <div className="settings-body">
      <div className="section-bar">
        <h1>{t('departments.title')}</h1>
        <button type="button" className="btn primary" onClick={() => (setDone(''), setOpen({ kind: 'add' }))}>
          {t('departments.addButton')}
        </button>
      </div>
      <p className="hint">{t('departments.intro')}</p>
      <p role="status" className="saved status-line">
        {done}
      </p>
      <section className="settings-card" aria-label={t('departments.title')}>
        {departments.isError ? (
          <p role="alert">{errorMessage(t, departments.error)}</p>
        ) : !departments.data ? (
          <p>{t('common.loading')}</p>
        ) : departments.data.length === 0 ? (
          <p className="hint">{t('users.noDepartments')}</p>
        ) : (
          <div className="table-scroll">
            <table className="settings-table users-table">
              <thead>
                <tr>
                  <th scope="col">{t('departments.name')}</th>
                  <th scope="col">{t('departments.code')}</th>
                  <th scope="col">{t('departments.members')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {departments.data.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.name}</th>
                    <td data-label={t('departments.code')} className="code break">
                      {d.code}
                    </td>
                    <td data-label={t('departments.members')} className="break">
                      {users.isError ? '?' : users.data ? members(d.id) || '—' : '…'}
                    </td>
                    <td className="row-actions">
                      <Menu.Root modal={false}>
                        <Menu.Trigger className="icon-btn" aria-label={t('users.actionsFor', { name: d.name })}>
                          <MoreIcon />
                        </Menu.Trigger>
                        <Menu.Portal>
                          <Menu.Content className="menu" align="end" sideOffset={4}>
                            {(['edit', 'delete'] as const).map((a) => (
                              <Menu.Item key={a} className="menu-item" onSelect={() => (setDone(''), setOpen({ kind: a, department: d }))}>
                                {t(`departments.action.${a}`)}
                              </Menu.Item>
                            ))}
                          </Menu.Content>
                        </Menu.Portal>
                      </Menu.Root>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open?.kind === 'add' && (
        <Modal open onOpenChange={(o) => !o && close()} title={t('departments.addTitle')}>
          <DepartmentForm
            initial={{ code: '', name: '' }}
            pending={create.isPending}
            error={create.error}
            submitLabel={t('users.add')}
            onSubmit={add}
            onEdit={() => create.reset()}
            onCancel={close}
          />
        </Modal>
      )}
      {open?.kind === 'edit' && (
        <Modal open onOpenChange={(o) => !o && close()} title={t('departments.editTitle', { name: open.department.name })}>
          <DepartmentForm
            initial={{ code: open.department.code, name: open.department.name }}
            pending={update.isPending}
            error={update.error}
            submitLabel={t('common.save')}
            onSubmit={(v) => save(open.department, v)}
            onEdit={() => update.reset()}
            onCancel={close}
          />
        </Modal>
      )}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={t('departments.confirm_delete', { name: open.department.name })}
          text={t('departments.confirmText_delete', { name: open.department.name })}
          action={t('departments.action.delete')}
          pending={remove.isPending}
          error={remove.error}
          describeError={(e) =>
            e instanceof ApiError && e.code === 'invalid_state' ? t('departments.hasOpenDialogs', { name: open.department.name }) : undefined
          }
          onConfirm={() => drop(open.department)}
          onClose={close}
        />
      )}
    </div>
  );
}
