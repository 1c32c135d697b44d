import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { HolidaysEditor } from './HolidaysEditor';
import { WEEKDAYS, useSaveDepartmentHours, type WorkingHours, type WorkingHoursView } from './api';
import { WeekEditor } from './WeekEditor';
import { dayProblem, officeWeek } from './week-rules';

type Department = WorkingHoursView['departments'][number];

/** One department: as the business, or hours of its own. */
export function DepartmentHours({ department, business }: { department: Department; business: WorkingHours | null }) {
  const { t } = useTranslation();
  const save = useSaveDepartmentHours();
  const [hours, setHours] = useState(department.hours);
  const [saved, setSaved] = useState(false);
  useEffect(() => setHours(department.hours), [department.hours]);
  const server = fieldErrors(save.error);
  const id = `hours-dep-${department.id}`;
  const edit = (next: WorkingHours | null) => {
    setHours(next);
    setSaved(false);
    save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (hours && WEEKDAYS.some((d) => dayProblem(hours.week[d]) !== null)) return;
    save.mutate({ id: department.id, hours }, { onSuccess: () => setSaved(true) });
  };
  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('hours.hoursOf', { name: department.name })}</h3>
      <fieldset className="hours-choice">
        <legend className="visually-hidden">{t('hours.hoursOf', { name: department.name })}</legend>
        <label className="check">
          <input type="radio" name={`${id}-mode`} checked={hours === null} onChange={() => edit(null)} />
          {t('hours.asBusiness')}
        </label>
        <label className="check">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={hours !== null}
            onChange={() => edit(hours ?? { week: business?.week ?? officeWeek(), holidays: business?.holidays ?? [] })}
          />
          {t('hours.ownHours')}
        </label>
      </fieldset>
      {hours ? (
        <>
          <WeekEditor id={id} week={hours.week} serverErrors={server} onChange={(week) => edit({ ...hours, week })} />
          <HolidaysEditor id={id} holidays={hours.holidays} onChange={(holidays) => edit({ ...hours, holidays })} />
        </>
      ) : null}
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
