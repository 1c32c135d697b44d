import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { LOG_LINES, useRoutingLogs } from './api';

/** The routing script's last log lines, newest first: what it printed, and why the rule decided instead. */
export function RoutingLog() {
  const { t, i18n } = useTranslation();
  const logs = useRoutingLogs();
  return (
    <div className="routing-log">
      <div className="section-bar">
        <h3 id="routing-log-title">{t('script.log', { count: LOG_LINES })}</h3>
        <button type="button" className="btn ghost" onClick={() => void logs.refetch()} disabled={logs.isFetching}>
          {t('script.refresh')}
        </button>
      </div>
      {logs.isError ? (
        <p role="alert">{errorMessage(t, logs.error)}</p>
      ) : !logs.data ? (
        <p>{t('common.loading')}</p>
      ) : logs.data.length === 0 ? (
        <p className="muted">{t('script.noLog')}</p>
      ) : (
        <table className="settings-table log-table" aria-labelledby="routing-log-title">
          <thead>
            <tr>
              <th scope="col">{t('script.level')}</th>
              <th scope="col">{t('script.time')}</th>
              <th scope="col">{t('script.dialog')}</th>
              <th scope="col">{t('script.message')}</th>
            </tr>
          </thead>
          <tbody>
            {logs.data.map((l) => (
              <tr key={l.id} className={`log-${l.level}`}>
                <td>
                  <span className="log-level">{l.level}</span>
                </td>
                <td className="nowrap">{fullTime(l.createdAt, i18n.language)}</td>
                <td>{l.dialogId ?? '—'}</td>
                <td className="code">{l.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
