import { useTranslation } from 'react-i18next';
import { WEEKDAYS, type Span, type WeekHours } from './api';
import { dayProblem, isOvernight } from './week-rules';

/** The week's hours, day by day: closed, or one or more spans from–to (to before from runs overnight). */
export function WeekEditor({
  id,
  week,
  onChange,
  serverErrors,
}: {
  /** Prefix of the element ids (one editor per business or department on the page). */
  id: string;
  week: WeekHours;
  onChange: (week: WeekHours) => void;
  /** The server's refusals by day name. */
  serverErrors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const setDay = (day: keyof WeekHours, spans: Span[]) => onChange({ ...week, [day]: spans });
  return (
    <div className="hours-week">
      {WEEKDAYS.map((day) => {
        const spans = week[day];
        const problem = dayProblem(spans);
        const error = problem ? t(`hours.${problem}`) : serverErrors[day];
        const errId = `${id}-${day}-err`;
        const name = t(`hours.day.${day}`);
        return (
          <fieldset key={day} className="hours-day" aria-describedby={error ? errId : undefined}>
            <legend>{name}</legend>
            <label className="check">
              <input type="checkbox" checked={spans.length > 0} onChange={(e) => setDay(day, e.target.checked ? [{ from: '09:00', to: '18:00' }] : [])} />
              {t('hours.open')}
            </label>
            {spans.length === 0 ? <span className="hint">{t('hours.closed')}</span> : null}
            {spans.map((s, i) => {
              const label = t('hours.spanLabel', { day: name, n: i + 1 });
              const edit = (next: Partial<Span>) =>
                setDay(
                  day,
                  spans.map((o, j) => (j === i ? { ...o, ...next } : o)),
                );
              return (
                <div key={i} className="hours-span" role="group" aria-label={label}>
                  <label>
                    {t('hours.from')}{' '}
                    <input type="time" value={s.from} aria-invalid={error ? true : undefined} onChange={(e) => edit({ from: e.target.value })} />
                  </label>
                  <label>
                    {t('hours.to')}{' '}
                    <input
                      type="time"
                      value={s.to === '24:00' ? '00:00' : s.to}
                      aria-invalid={error ? true : undefined}
                      onChange={(e) => edit({ to: e.target.value })}
                    />
                  </label>
                  {isOvernight(s) ? <span className="hint">{t('hours.overnight')}</span> : null}
                  <button
                    type="button"
                    className="btn ghost"
                    aria-label={`${t('hours.removeSpan')}: ${label}`}
                    onClick={() =>
                      setDay(
                        day,
                        spans.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ×
                  </button>
                </div>
              );
            })}
            {spans.length > 0 && spans.length < 6 ? (
              <button
                type="button"
                className="btn ghost"
                aria-label={`${t('hours.addSpan')}: ${name}`}
                onClick={() => setDay(day, [...spans, { from: '19:00', to: '21:00' }])}
              >
                {t('hours.addSpan')}
              </button>
            ) : null}
            {error ? (
              <p className="field-error" id={errId}>
                {error}
              </p>
            ) : null}
          </fieldset>
        );
      })}
    </div>
  );
}
