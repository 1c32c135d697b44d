import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { HolidaysEditor } from './HolidaysEditor';
import { REPLY_LANGUAGES, WEEKDAYS, useSaveBusinessHours, type HoursSettings, type WorkingHours } from './api';
import { WeekEditor } from './WeekEditor';
import { dayProblem, officeWeek } from './week-rules';

const zones = (): string[] => {
  const all = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return all.includes('UTC') ? all : ['UTC', ...all];
};

/** The business's time zone, week, holidays, and what happens outside the hours; saved together. */
export function BusinessHoursForm({ settings, hours }: { settings: HoursSettings; hours: WorkingHours | null }) {
  const { t } = useTranslation();
  const save = useSaveBusinessHours();
  const [form, setForm] = useState({ settings, hours });
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm({ settings, hours }), [settings, hours]);
  const timeZones = useMemo(zones, []);
  const server = fieldErrors(save.error);

  const edit = (next: Partial<typeof form>) => {
    setForm({ ...form, ...next });
    setSaved(false);
    save.reset();
  };
  const setSetting = (next: Partial<HoursSettings>) => edit({ settings: { ...form.settings, ...next } });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.hours && WEEKDAYS.some((d) => dayProblem(form.hours!.week[d]) !== null)) return;
    // An emptied reply is no reply in that language.
    const reply = Object.fromEntries(Object.entries(form.settings.outOfHoursReply).filter(([, v]) => v.trim() !== ''));
    save.mutate({ settings: { ...form.settings, outOfHoursReply: reply }, hours: form.hours }, { onSuccess: () => setSaved(true) });
  };

  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby="hours-business-title" noValidate>
      <h2 id="hours-business-title">{t('hours.business')}</h2>
      <div className="field">
        <label htmlFor="hours-tz">{t('hours.timeZone')}</label>
        <select id="hours-tz" value={form.settings.timeZone} onChange={(e) => setSetting({ timeZone: e.target.value })} aria-describedby="hours-tz-hint">
          {timeZones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        <p className="hint" id="hours-tz-hint">
          {server.timeZone ?? t('hours.timeZoneHint')}
        </p>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={form.hours !== null}
          onChange={(e) => edit({ hours: e.target.checked ? { week: officeWeek(), holidays: [] } : null })}
        />
        {t('hours.setHours')}
      </label>
      {form.hours === null ? (
        <p className="hint">{t('hours.alwaysOpen')}</p>
      ) : (
        <>
          <h3>{t('hours.week')}</h3>
          <WeekEditor id="hours-business" week={form.hours.week} serverErrors={server} onChange={(week) => edit({ hours: { ...form.hours!, week } })} />
          <HolidaysEditor id="hours-business" holidays={form.hours.holidays} onChange={(holidays) => edit({ hours: { ...form.hours!, holidays } })} />
        </>
      )}
      <h3>{t('hours.outside')}</h3>
      {REPLY_LANGUAGES.map((lang) => (
        <div className="field" key={lang}>
          <label htmlFor={`hours-reply-${lang}`}>{t('hours.reply', { lang: lang.toUpperCase() })}</label>
          <textarea
            id={`hours-reply-${lang}`}
            rows={2}
            maxLength={2000}
            value={form.settings.outOfHoursReply[lang] ?? ''}
            onChange={(e) => setSetting({ outOfHoursReply: { ...form.settings.outOfHoursReply, [lang]: e.target.value } })}
            aria-describedby="hours-reply-hint"
          />
        </div>
      ))}
      <p className="hint" id="hours-reply-hint">
        {t('hours.replyHint')}
      </p>
      <fieldset className="hours-choice">
        <legend>{t('hours.mode')}</legend>
        {(['wait', 'bot'] as const).map((m) => (
          <label className="check" key={m}>
            <input type="radio" name="hours-mode" value={m} checked={form.settings.outOfHours === m} onChange={() => setSetting({ outOfHours: m })} />
            {t(`hours.mode_${m}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <p role="status" className="saved">
          {saved ? t('hours.saved') : ''}
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
