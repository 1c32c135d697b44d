import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentView } from '@contracts/accounts';
import type { BusinessSettings } from '@contracts/business';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { useUpdateDepartment, type DepartmentPatch } from './api';
import { REASSIGN, secondsError } from './seconds';

type Choice = 'inherit' | 'on' | 'off';
type Reassign = 'inherit' | 'never' | 'seconds';
interface Form {
  autoAssign: Choice;
  offlineDialogs: 'inherit' | 'keep' | 'requeue';
  reassign: Reassign;
  seconds: string;
}

const formOf = (d: DepartmentView): Form => ({
  autoAssign: d.autoAssign === null ? 'inherit' : d.autoAssign ? 'on' : 'off',
  offlineDialogs: d.offlineDialogs ?? 'inherit',
  reassign: d.reassignAfterSec === null ? 'inherit' : d.reassignAfterSec === 0 ? 'never' : 'seconds',
  seconds: d.reassignAfterSec ? String(d.reassignAfterSec) : '',
});

const patchOf = (f: Form): DepartmentPatch => ({
  autoAssign: f.autoAssign === 'inherit' ? null : f.autoAssign === 'on',
  offlineDialogs: f.offlineDialogs === 'inherit' ? null : f.offlineDialogs,
  reassignAfterSec: f.reassign === 'inherit' ? null : f.reassign === 'never' ? 0 : Number(f.seconds.trim()),
});

/** One department's own distribution options, each "as the business" or its own; saved per row. */
export function DepartmentRow({ department: d, business }: { department: DepartmentView; business: BusinessSettings }) {
  const { t } = useTranslation();
  const update = useUpdateDepartment(d.id);
  const [form, setForm] = useState(() => formOf(d));
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(formOf(d)), [d]);
  const edit = (next: Partial<Form>) => {
    setForm({ ...form, ...next });
    setSaved(false);
    setLocalError(null);
  };
  const initial = formOf(d);
  const reassignChanged = form.reassign !== initial.reassign || (form.reassign === 'seconds' && form.seconds.trim() !== initial.seconds);
  const dirty = form.autoAssign !== initial.autoAssign || form.offlineDialogs !== initial.offlineDialogs || reassignChanged;
  const error = localError ?? (fieldErrors(update.error).reassignAfterSec ? t('distribution.reassignRange', REASSIGN) : null);
  const id = `dept-${d.id}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.reassign === 'seconds' && secondsError(form.seconds, REASSIGN.min, REASSIGN.max)) return setLocalError(t('distribution.reassignRange', REASSIGN));
    const all = patchOf(form);
    const patch: DepartmentPatch = {};
    if (form.autoAssign !== initial.autoAssign) patch.autoAssign = all.autoAssign;
    if (form.offlineDialogs !== initial.offlineDialogs) patch.offlineDialogs = all.offlineDialogs;
    if (reassignChanged) patch.reassignAfterSec = all.reassignAfterSec;
    update.mutate(patch, { onSuccess: () => setSaved(true) });
  };
  const inherited = {
    autoAssign: t(business.autoAssign ? 'distribution.on' : 'distribution.off'),
    offlineDialogs: t(`distribution.${business.offlineDialogs}Short`),
    reassign: business.reassignAfterSec === null ? t('distribution.neverShort') : t('distribution.seconds', { count: business.reassignAfterSec }),
  };

  return (
    <tr>
      <th scope="row">
        {d.name} <span className="muted">{d.code}</span>
      </th>
      <td data-label={t('distribution.deptAutoAssign')}>
        <select
          form={id}
          aria-label={t('distribution.autoAssignFor', { name: d.name })}
          value={form.autoAssign}
          onChange={(e) => edit({ autoAssign: e.target.value as Choice })}
        >
          <option value="inherit">{t('distribution.asBusiness', { value: inherited.autoAssign })}</option>
          <option value="on">{t('distribution.on')}</option>
          <option value="off">{t('distribution.off')}</option>
        </select>
      </td>
      <td data-label={t('distribution.deptOffline')}>
        <select
          form={id}
          aria-label={t('distribution.offlineFor', { name: d.name })}
          value={form.offlineDialogs}
          onChange={(e) => edit({ offlineDialogs: e.target.value as Form['offlineDialogs'] })}
        >
          <option value="inherit">{t('distribution.asBusiness', { value: inherited.offlineDialogs })}</option>
          <option value="keep">{t('distribution.keepShort')}</option>
          <option value="requeue">{t('distribution.requeueShort')}</option>
        </select>
      </td>
      <td data-label={t('distribution.deptReassign')}>
        <div className="dept-reassign">
          <select
            form={id}
            aria-label={t('distribution.reassignFor', { name: d.name })}
            value={form.reassign}
            onChange={(e) => edit({ reassign: e.target.value as Reassign })}
          >
            <option value="inherit">{t('distribution.asBusiness', { value: inherited.reassign })}</option>
            <option value="never">{t('distribution.neverShort')}</option>
            <option value="seconds">{t('distribution.afterSeconds')}</option>
          </select>
          {form.reassign === 'seconds' && (
            <input
              form={id}
              className="seconds"
              type="number"
              inputMode="numeric"
              min={REASSIGN.min}
              max={REASSIGN.max}
              aria-label={t('distribution.secondsFor', { name: d.name })}
              value={form.seconds}
              onChange={(e) => edit({ seconds: e.target.value })}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-err` : undefined}
            />
          )}
        </div>
        {error && (
          <p className="field-error" id={`${id}-err`}>
            {error}
          </p>
        )}
      </td>
      <td>
        <form id={id} onSubmit={submit} noValidate className="dept-save">
          <button type="submit" className="btn" disabled={!dirty || update.isPending} aria-label={t('distribution.saveDept', { name: d.name })}>
            {t('common.save')}
          </button>
          <span role="status" className="saved">
            {saved && !dirty ? t('distribution.savedShort') : ''}
          </span>
          {update.error && !error ? (
            <span className="form-error" role="alert">
              {errorMessage(t, update.error)}
            </span>
          ) : null}
        </form>
      </td>
    </tr>
  );
}
