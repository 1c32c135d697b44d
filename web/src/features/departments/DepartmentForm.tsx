import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { DEPARTMENT_CODE, DEPARTMENT_LIMITS, type DepartmentFields } from './api';

type Field = keyof DepartmentFields;

/**
 * A department's code and name, for adding and renaming. Checked here first; the server's reasons (a
 * code already taken, a wrong value) go beside the same fields.
 */
export function DepartmentForm({
  initial,
  pending,
  error,
  submitLabel,
  onSubmit,
  onEdit,
  onCancel,
}: {
  initial: DepartmentFields;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (v: DepartmentFields) => void;
  onEdit: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const edit = (next: Partial<DepartmentFields>) => {
    setForm({ ...form, ...next });
    setLocal({});
    // The server's answer counts until the next edit.
    onEdit();
  };
  const server = fieldErrors(error);
  const taken = error instanceof ApiError && error.code === 'conflict';
  const errors: Partial<Record<Field, string>> = {
    code: local.code ?? (taken ? t('departments.codeTaken') : server.code ? t('departments.badCode') : undefined),
    name: local.name ?? (server.name ? t('departments.badName') : undefined),
  };
  const fieldsWrong = Object.values(errors).some(Boolean);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Partial<Record<Field, string>> = {};
    if (!DEPARTMENT_CODE.test(form.code.trim())) bad.code = t('departments.badCode');
    if (!form.name.trim()) bad.name = t('departments.badName');
    setLocal(bad);
    if (Object.keys(bad).length) return;
    onSubmit({ code: form.code.trim(), name: form.name.trim() });
  };
  const describe = (f: Field, hint?: string) => [errors[f] ? `department-${f}-err` : '', hint ?? ''].filter(Boolean).join(' ') || undefined;
  const field = (f: Field, hint?: string) => (
    <div className="field">
      <label htmlFor={`department-${f}`}>{t(`departments.${f}`)}</label>
      <input
        id={`department-${f}`}
        type="text"
        autoComplete="off"
        spellCheck={f === 'code' ? false : undefined}
        className={f === 'code' ? 'code' : undefined}
        maxLength={DEPARTMENT_LIMITS[f]}
        value={form[f]}
        onChange={(e) => edit({ [f]: e.target.value })}
        aria-invalid={errors[f] ? true : undefined}
        aria-describedby={describe(f, hint)}
      />
      {hint && (
        <p className="hint" id={hint}>
          {t(`departments.${f}Hint`)}
        </p>
      )}
      {errors[f] ? (
        <p className="field-error" id={`department-${f}-err`}>
          {errors[f]}
        </p>
      ) : null}
    </div>
  );

  return (
    <form className="form" onSubmit={submit} noValidate>
      {field('name')}
      {field('code', 'department-code-hint')}
      {error && !fieldsWrong ? (
        <p className="form-error" role="alert">
          {errorMessage(t, error)}
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
