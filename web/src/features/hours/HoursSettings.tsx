import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { BusinessHoursForm } from './BusinessHoursForm';
import { DepartmentHours } from './DepartmentHours';
import { useBusinessHoursSettings, useWorkingHours } from './api';

/** Settings → Working hours: the business's hours and what happens outside them, then each department's. */
export function HoursSettings() {
  const { t } = useTranslation();
  const hours = useWorkingHours();
  const business = useBusinessHoursSettings();
  const s = business.data?.settings;
  const settings = useMemo(() => (s ? { timeZone: s.timeZone, outOfHours: s.outOfHours, outOfHoursReply: s.outOfHoursReply } : undefined), [s]);
  const error = hours.error ?? business.error;
  return (
    <div className="settings-body">
      <h1>{t('hours.title')}</h1>
      <p className="hint">{t('hours.intro')}</p>
      {error ? (
        <p role="alert">{errorMessage(t, error)}</p>
      ) : !hours.data || !settings ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <BusinessHoursForm settings={settings} hours={hours.data.business} />
          <section aria-labelledby="hours-departments">
            <h2 id="hours-departments">{t('hours.departments')}</h2>
            <p className="hint">{t('hours.departmentsHint')}</p>
            {hours.data.departments.length === 0 ? <p className="hint">{t('hours.noDepartments')}</p> : null}
            {hours.data.departments.map((d) => (
              <DepartmentHours key={d.id} department={d} business={hours.data.business} />
            ))}
          </section>
        </>
      )}
    </div>
  );
}
