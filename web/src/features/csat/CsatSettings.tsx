import * as Switch from '@radix-ui/react-switch';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CSAT_TEXT_MAX, type CsatSettings as Csat } from '@contracts/business';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { useBusinessSettings, useSaveCsat } from './api';
import { LANGS, problemsOf, serverProblems, TEXT_KEYS, type FieldName, type TextKey } from './csat-form';

/** Settings → Satisfaction: whether closed dialogs are rated, and what the lead reads, in each language. */
export function CsatSettings() {
  const { t } = useTranslation();
  const business = useBusinessSettings();
  return (
    <div className="settings-body">
      <h1>{t('csat.title')}</h1>
      <p className="hint">{t('csat.intro')}</p>
      {business.isError ? (
        <p role="alert">{errorMessage(t, business.error)}</p>
      ) : !business.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <div className="settings-grid">
          <SurveyForm csat={business.data.settings.csat} />
        </div>
      )}
    </div>
  );
}

function SurveyForm({ csat }: { csat: Csat }) {
  const { t } = useTranslation();
  const save = useSaveCsat();
  const [form, setForm] = useState(csat);
  const [shown, setShown] = useState<Partial<Record<FieldName, string>>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(csat), [csat]); // a refetch shows the settings as they are
  const server = save.error instanceof ApiError ? serverProblems(save.error.details) : {};
  const edit = (patch: Partial<Csat>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Checked here first: nothing is sent, and nothing half-saved, while a text is wrong.
    const problems = problemsOf(form);
    setShown(
      Object.fromEntries(Object.entries(problems).map(([f, p]) => [f, p === 'required' ? t('csat.required') : t('csat.tooLong', { max: CSAT_TEXT_MAX })])),
    );
    if (Object.keys(problems).length) return;
    save.mutate(form, { onSuccess: () => setSaved(true) });
  };
  const texts = (key: TextKey) => (
    <fieldset className="csat-texts" key={key}>
      <legend>{t(`csat.${key}`)}</legend>
      <div className="field-row">
        {LANGS.map((lang) => {
          const id = `csat-${key}-${lang}`;
          const error = shown[`${key}.${lang}`] ?? server[`${key}.${lang}`];
          return (
            <div className="field" key={lang}>
              <label htmlFor={id}>{`${t(`csat.${key}`)} (${t(`csat.${lang}`)})`}</label>
              <textarea
                id={id}
                rows={2}
                value={form[key][lang]}
                onChange={(e) => edit({ [key]: { ...form[key], [lang]: e.target.value } })}
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
    </fieldset>
  );
  const toggle = (key: 'enabled' | 'askComment') => (
    <div className="switch-field">
      <Switch.Root
        id={`csat-${key}`}
        className="switch"
        checked={form[key]}
        onCheckedChange={(on) => edit({ [key]: on })}
        aria-describedby={`csat-${key}-hint`}
      >
        <Switch.Thumb className="switch-thumb" />
      </Switch.Root>
      <div>
        <label htmlFor={`csat-${key}`}>{t(`csat.${key}`)}</label>
        <p className="hint" id={`csat-${key}-hint`}>
          {t(`csat.${key}Hint`)}
        </p>
      </div>
    </div>
  );
  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby="csat-survey" noValidate>
      <h2 id="csat-survey">{t('csat.card')}</h2>
      {toggle('enabled')}
      <p className="hint">{t('csat.languagesHint')}</p>
      {texts('question')}
      {toggle('askComment')}
      {TEXT_KEYS.filter((k) => k !== 'question' && (k !== 'commentQuestion' || form.askComment)).map(texts)}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <p role="status" className="saved">
          {saved ? t('csat.saved') : ''}
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
