import { useTranslation } from 'react-i18next';
import type { BusinessSettings } from '@contracts/business';
import { errorMessage } from '../../lib/error-message';
import { useDepartments } from './api';
import { DepartmentRow } from './DepartmentRow';

/** Each department's distribution options beside the business's: a row each. */
export function DepartmentsTable({ business }: { business: BusinessSettings }) {
  const { t } = useTranslation();
  const departments = useDepartments();
  return (
    <section className="settings-card" aria-labelledby="dist-departments-title">
      <h2 id="dist-departments-title">{t('distribution.departments')}</h2>
      <p className="hint">{t('distribution.departmentsHint')}</p>
      {departments.isError ? (
        <p role="alert">{errorMessage(t, departments.error)}</p>
      ) : !departments.data ? (
        <p>{t('common.loading')}</p>
      ) : departments.data.length === 0 ? (
        <p className="muted">{t('distribution.noDepartments')}</p>
      ) : (
        <div className="table-scroll">
          <table className="settings-table dept-table">
            <thead>
              <tr>
                <th scope="col">{t('distribution.department')}</th>
                <th scope="col">{t('distribution.deptAutoAssign')}</th>
                <th scope="col">{t('distribution.deptOffline')}</th>
                <th scope="col">{t('distribution.deptReassign')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('distribution.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {departments.data.map((d) => (
                <DepartmentRow key={d.id} department={d} business={business} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
