import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { useMonitor } from './api';
import { BreachedPanel, OperatorsPanel, QueuePanel } from './MonitorPanels';
import { useServerNow } from './use-server-now';

/** Settings → Live monitor: the queue per department, the operators and the targets missed now, kept current by the socket. */
export function MonitorScreen() {
  const { t } = useTranslation();
  const monitor = useMonitor();
  const now = useServerNow(monitor.data?.now, monitor.dataUpdatedAt);
  const m = monitor.data;
  return (
    <div className="settings-body monitor">
      <h1>{t('monitor.title')}</h1>
      <p className="hint">{t('monitor.intro')}</p>
      {monitor.isError && !m ? (
        <p role="alert">{errorMessage(t, monitor.error)}</p>
      ) : !m || now === undefined ? (
        <p>{t('common.loading')}</p>
      ) : (
        <div className="monitor-grid">
          <QueuePanel queues={m.queues} now={now} />
          <BreachedPanel breached={m.breached} total={m.breachedTotal} departments={m.departments} now={now} />
          <OperatorsPanel operators={m.operators} departments={m.departments} now={now} />
        </div>
      )}
    </div>
  );
}
