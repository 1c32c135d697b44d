import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { useBusiness } from './api';
import { BusinessDistribution } from './BusinessDistribution';
import { DepartmentsTable } from './DepartmentsTable';
import { RoutingScript } from './RoutingScript';
import { Simulator } from './Simulator';

/** The Distribution screen of the settings: how waiting dialogs find their operators, and "what if". */
export function DistributionSettings() {
  const { t } = useTranslation();
  const business = useBusiness();
  return (
    <div className="settings-body">
      <h1>{t('distribution.title')}</h1>
      <p className="hint">{t('distribution.intro')}</p>
      {business.isError ? (
        <p role="alert">{errorMessage(t, business.error)}</p>
      ) : !business.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <div className="settings-grid">
          <BusinessDistribution settings={business.data.settings} />
          <DepartmentsTable business={business.data.settings} />
          <RoutingScript />
          <Simulator />
        </div>
      )}
    </div>
  );
}
