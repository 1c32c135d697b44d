import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkingHours } from './api';

type Holidays = WorkingHours['holidays'];

/** Dates closed all day: add one with the date picker, remove any. (Special hours on a date: through the API.) */
export function HolidaysEditor({ id, holidays, onChange }: { id: string; holidays: Holidays; onChange: (h: Holidays) => void }) {
  const { t, i18n } = useTranslation();
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return setError(t('hours.badDate'));
    if (holidays.some((h) => h.date === date)) return setError(t('hours.twice'));
    setError(null);
    setDate('');
    onChange([...holidays, { date, spans: [] }].sort((a, b) => a.date.localeCompare(b.date)));
  };
  const show = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString(i18n.language, { dateStyle: 'long', timeZone: 'UTC' });
  return (
    <fieldset className="hours-holidays">
      <legend>{t('hours.holidays')}</legend>
      <p className="hint">{t('hours.holidaysHint')}</p>
      {holidays.length === 0 ? <p className="hint">{t('hours.noHolidays')}</p> : null}
      <ul className="hours-holiday-list">
        {holidays.map((h) => (
          <li key={h.date}>
            <span>{show(h.date)}</span>
            <button type="button" className="btn ghost" onClick={() => onChange(holidays.filter((o) => o.date !== h.date))}>
              {t('hours.removeHoliday', { date: show(h.date) })}
            </button>
          </li>
        ))}
      </ul>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-holiday`}>{t('hours.holidayDate')}</label>
          <input
            id={`${id}-holiday`}
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-holiday-err` : undefined}
          />
          {error ? (
            <p className="field-error" id={`${id}-holiday-err`}>
              {error}
            </p>
          ) : null}
        </div>
        <button type="button" className="btn" onClick={add}>
          {t('hours.addHoliday')}
        </button>
      </div>
    </fieldset>
  );
}
