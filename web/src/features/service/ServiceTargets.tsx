import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentView } from '@contracts/accounts';
import type { BusinessSettings } from '@contracts/business';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { useBusinessSettings, useDepartments, useSaveDepartmentTargets, useSaveServiceSettings } from './api';
import { ABANDON, parseSeconds, shown, TARGET } from './seconds-field';

type Field = 'firstResponseTargetSec' | 'nextResponseTargetSec';
const FIELDS: Field[] = ['firstResponseTargetSec', 'nextResponseTargetSec'];

/** Settings → Service targets: the business's targets and abandon time, each department's own targets. */
export function ServiceTargets() {
  const { t } = useTranslation();
  const business = useBusinessSettings();
  const departments = useDepartments();
  return (
    <div className="settings-body">
      <h1>{t('service.title')}</h1>
      <p className="hint">{t('service.intro')}</p>
      {business.isError ? (
        <p role="alert">{errorMessage(t, business.error)}</p>
      ) : !business.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <div className="settings-grid">
          <BusinessTargets settings={business.data.settings} />
          <section className="settings-card" aria-labelledby="service-departments">
            <h2 id="service-departments">{t('service.departments')}</h2>
            <p className="hint">{t('service.departmentsHint')}</p>
            {departments.data?.length === 0 && <p className="muted">{t('service.noDepartments')}</p>}
            {departments.data?.map((d) => (
              <DepartmentTargetsForm key={d.id} department={d} settings={business.data.settings} />
            ))}
          </section>
        </div>
      )}
    </div>
  );
}

const formOf = (s: BusinessSettings) => ({
  first: shown(s.firstResponseTargetSec),
  next: shown(s.nextResponseTargetSec),
  abandon: String(s.abandonAfterSec),
});

function BusinessTargets({ settings }: { settings: BusinessSettings }) {
  const { t } = useTranslation();
  const save = useSaveServiceSettings();
  const [form, setForm] = useState(() => formOf(settings));
  const [bad, setBad] = useState<Record<string, boolean>>({});
  const [saved, setSaved] = useState(false);
  // A save (here or in another tab, on refetch) shows the settings as they are now.
  useEffect(() => setForm(formOf(settings)), [settings]);
  const server = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const first = parseSeconds(form.first, TARGET);
    const next = parseSeconds(form.next, TARGET);
    const abandon = parseSeconds(form.abandon, ABANDON);
    // Checked here first: nothing is sent, and nothing half-saved, while a field is wrong.
    const wrong = { first: first === 'bad', next: next === 'bad', abandon: abandon === 'bad' || abandon === null };
    setBad(wrong);
    if (Object.values(wrong).some(Boolean) || first === 'bad' || next === 'bad' || abandon === 'bad' || abandon === null) return;
    save.mutate({ firstResponseTargetSec: first, nextResponseTargetSec: next, abandonAfterSec: abandon }, { onSuccess: () => setSaved(true) });
  };
  const field = (key: 'first' | 'next' | 'abandon', label: string, hint: string, bounds: { min: number; max: number }, serverKey: string) => {
    const error = bad[key] || server[serverKey] ? t('service.range', bounds) : null;
    return (
      <div className="field">
        <label htmlFor={`service-${key}`}>{label}</label>
        <input
          id={`service-${key}`}
          className="seconds"
          type="number"
          inputMode="numeric"
          placeholder={key === 'abandon' ? undefined : t('service.none')}
          value={form[key]}
          onChange={(e) => {
            setForm({ ...form, [key]: e.target.value });
            setSaved(false);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `service-${key}-err service-${key}-hint` : `service-${key}-hint`}
        />
        <p className="hint" id={`service-${key}-hint`}>
          {hint}
        </p>
        {error && (
          <p className="field-error" id={`service-${key}-err`}>
            {error}
          </p>
        )}
      </div>
    );
  };
  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby="service-business" noValidate>
      <h2 id="service-business">{t('service.business')}</h2>
      <div className="field-row">
        {field('first', t('service.firstResponse'), t('service.firstResponseHint'), TARGET, 'firstResponseTargetSec')}
        {field('next', t('service.nextResponse'), t('service.nextResponseHint'), TARGET, 'nextResponseTargetSec')}
      </div>
      {field('abandon', t('service.abandonAfter'), t('service.abandonAfterHint'), ABANDON, 'abandonAfterSec')}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <p role="status" className="saved">
          {saved ? t('service.saved') : ''}
        </p>
      </div>
      {save.error && !Object.keys(server).length ? (
        <p className="form-error" role="alert">
          {errorMessage(t, save.error)}
        </p>
      ) : null}
    </form>
  );
}

function DepartmentTargetsForm({ department: d, settings }: { department: DepartmentView; settings: BusinessSettings }) {
  const { t } = useTranslation();
  const save = useSaveDepartmentTargets(d.id);
  const [form, setForm] = useState({ firstResponseTargetSec: shown(d.firstResponseTargetSec), nextResponseTargetSec: shown(d.nextResponseTargetSec) });
  const [bad, setBad] = useState<Partial<Record<Field, boolean>>>({});
  const [saved, setSaved] = useState(false);
  const server = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const values = Object.fromEntries(FIELDS.map((f) => [f, parseSeconds(form[f], TARGET)])) as Record<Field, number | null | 'bad'>;
    const wrong = Object.fromEntries(FIELDS.map((f) => [f, values[f] === 'bad'])) as Record<Field, boolean>;
    setBad(wrong);
    if (FIELDS.some((f) => wrong[f])) return;
    save.mutate(values as Record<Field, number | null>, { onSuccess: () => setSaved(true) });
  };
  const asBusiness = (f: Field) => (settings[f] === null ? t('service.asBusinessNone') : t('service.asBusiness', { sec: settings[f] }));
  return (
    <form className="service-department form" onSubmit={submit} aria-label={d.name} noValidate>
      <h3>{d.name}</h3>
      <div className="field-row">
        {FIELDS.map((f) => {
          const id = `service-${d.id}-${f}`;
          const error = bad[f] || server[f] ? t('service.range', TARGET) : null;
          return (
            <div className="field" key={f}>
              <label htmlFor={id}>{t(f === 'firstResponseTargetSec' ? 'service.firstResponse' : 'service.nextResponse')}</label>
              <input
                id={id}
                className="seconds"
                type="number"
                inputMode="numeric"
                placeholder={asBusiness(f)}
                value={form[f]}
                onChange={(e) => {
                  setForm({ ...form, [f]: e.target.value });
                  setSaved(false);
                }}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-err` : undefined}
              />
              {error && (
                <p className="field-error" id={`${id}-err`}>
                  {error}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn" disabled={save.isPending}>
          {t('service.saveDepartment', { name: d.name })}
        </button>
        <p role="status" className="saved">
          {saved ? t('service.saved') : ''}
        </p>
      </div>
    </form>
  );
}
