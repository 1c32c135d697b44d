import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentView } from '@contracts/accounts';
import { LIMITS } from '@contracts/limits';
import type { Role } from '@contracts/roles';
import { ApiError } from '../../lib/api';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { ROLE_ORDER, USER_LIMITS, type UserRow } from './api';

type Field = 'name' | 'email' | 'roles' | 'maxDialogs' | 'departmentIds' | 'password';
export interface UserFormValues {
  name: string;
  email: string;
  roles: Role[];
  maxDialogs: string;
  departmentIds: number[];
  access: 'invite' | 'password';
  password: string;
}

export const valuesOf = (u: UserRow | null): UserFormValues => ({
  name: u?.name ?? '',
  email: u?.email ?? '',
  roles: u?.roles ?? ['operator'],
  maxDialogs: String(u?.maxDialogs ?? 5),
  departmentIds: u?.departmentIds ?? [],
  access: 'invite',
  password: '',
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A user's fields, for adding (with the choice of an invitation link or a password now) and editing.
 * Checked here first, so nothing is sent while a field is wrong; the server's reasons go beside the
 * same fields.
 */
export function UserForm({
  initial,
  departments,
  adding,
  pending,
  error,
  submitLabel,
  onSubmit,
  onEdit,
  onCancel,
}: {
  initial: UserFormValues;
  departments: DepartmentView[];
  adding: boolean;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (v: UserFormValues) => void;
  onEdit: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const edit = (next: Partial<UserFormValues>) => {
    setForm({ ...form, ...next });
    setLocal({});
    // The server's answer counts until the next edit.
    onEdit();
  };
  const serverError = error;
  const server = fieldErrors(serverError);
  const taken = serverError instanceof ApiError && serverError.code === 'conflict';
  const errors: Partial<Record<Field, string>> = {
    name: local.name ?? (server.name ? t('users.badName') : undefined),
    email: local.email ?? (taken ? t('users.emailTaken') : server.email ? t('users.badEmail') : undefined),
    roles: local.roles ?? (server.roles ? t('users.noRoles') : undefined),
    maxDialogs: local.maxDialogs ?? (server.maxDialogs ? t('users.badLimit', { max: USER_LIMITS.maxDialogs }) : undefined),
    departmentIds: server.departmentIds,
    password: local.password ?? (server.password ? t('users.badPassword', LIMITS.password) : undefined),
  };
  const fieldsWrong = Object.values(errors).some(Boolean);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Partial<Record<Field, string>> = {};
    if (!form.name.trim()) bad.name = t('users.badName');
    if (!EMAIL.test(form.email.trim())) bad.email = t('users.badEmail');
    if (form.roles.length === 0) bad.roles = t('users.noRoles');
    const limit = form.maxDialogs.trim();
    if (!/^\d+$/.test(limit) || Number(limit) > USER_LIMITS.maxDialogs) bad.maxDialogs = t('users.badLimit', { max: USER_LIMITS.maxDialogs });
    if (adding && form.access === 'password' && (form.password.length < LIMITS.password.min || form.password.length > LIMITS.password.max))
      bad.password = t('users.badPassword', LIMITS.password);
    setLocal(bad);
    if (Object.keys(bad).length) return;
    onSubmit(form);
  };
  const describe = (f: Field, hint?: string) => [errors[f] ? `user-${f}-err` : '', hint ?? ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (f: Field) =>
    errors[f] ? (
      <p className="field-error" id={`user-${f}-err`}>
        {errors[f]}
      </p>
    ) : null;
  // The e-mail is who signs in: set when the user is added, not changed afterwards.
  const text = (f: 'name' | 'email', type: string, autoComplete: string, readOnly = false): ReactNode => (
    <div className="field">
      <label htmlFor={`user-${f}`}>{t(`users.${f}`)}</label>
      <input
        id={`user-${f}`}
        type={type}
        autoComplete={autoComplete}
        readOnly={readOnly}
        maxLength={USER_LIMITS[f]}
        value={form[f]}
        onChange={(e) => edit({ [f]: e.target.value })}
        aria-invalid={errors[f] ? true : undefined}
        aria-describedby={describe(f)}
      />
      {fieldError(f)}
    </div>
  );
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <form className="form user-form" onSubmit={submit} noValidate>
      <div className="field-row">
        {text('name', 'text', 'off')}
        {text('email', 'email', 'off', !adding)}
      </div>
      <fieldset className="checks" aria-invalid={errors.roles ? true : undefined} aria-describedby={describe('roles')}>
        <legend>{t('users.roles')}</legend>
        {ROLE_ORDER.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={form.roles.includes(r)} onChange={(e) => edit({ roles: toggle(form.roles, r, e.target.checked) })} />
            {t(`users.role.${r}`)}
          </label>
        ))}
        {fieldError('roles')}
      </fieldset>
      <div className="field">
        <label htmlFor="user-maxDialogs">{t('users.maxDialogs')}</label>
        <input
          id="user-maxDialogs"
          className="seconds"
          type="number"
          inputMode="numeric"
          min={0}
          max={USER_LIMITS.maxDialogs}
          value={form.maxDialogs}
          onChange={(e) => edit({ maxDialogs: e.target.value })}
          aria-invalid={errors.maxDialogs ? true : undefined}
          aria-describedby={describe('maxDialogs', 'user-maxDialogs-hint')}
        />
        <p className="hint" id="user-maxDialogs-hint">
          {t('users.maxDialogsHint')}
        </p>
        {fieldError('maxDialogs')}
      </div>
      <fieldset className="checks" aria-describedby={describe('departmentIds')}>
        <legend>{t('users.departments')}</legend>
        {departments.length === 0 && <p className="hint">{t('users.noDepartments')}</p>}
        {departments.map((d) => (
          <label key={d.id} className="check">
            <input
              type="checkbox"
              checked={form.departmentIds.includes(d.id)}
              onChange={(e) => edit({ departmentIds: toggle(form.departmentIds, d.id, e.target.checked) })}
            />
            {d.name}
          </label>
        ))}
        {fieldError('departmentIds')}
      </fieldset>
      {adding && (
        <fieldset className="checks">
          <legend>{t('users.access')}</legend>
          {(['invite', 'password'] as const).map((a) => (
            <label key={a} className="check">
              <input type="radio" name="user-access" value={a} checked={form.access === a} onChange={() => edit({ access: a })} />
              {t(`users.access_${a}`)}
            </label>
          ))}
          {form.access === 'password' && (
            <div className="field">
              <label htmlFor="user-password">{t('users.password')}</label>
              <input
                id="user-password"
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={(e) => edit({ password: e.target.value })}
                aria-invalid={errors.password ? true : undefined}
                aria-describedby={describe('password')}
              />
              {fieldError('password')}
            </div>
          )}
        </fieldset>
      )}
      {serverError && !fieldsWrong ? (
        <p className="form-error" role="alert">
          {errorMessage(t, serverError)}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="btn ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn primary" disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
