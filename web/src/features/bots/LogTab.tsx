import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { useScriptLogs, type ScriptLogLevel } from './api';

const LEVELS: readonly ScriptLogLevel[] = ['log', 'info', 'warn', 'error'];

/** What the bot's scripts printed (console.log …) and the errors they raised, newest first, by level. */
export function LogTab({ botId }: { botId: number }) {
  const { t, i18n } = useTranslation();
  const [level, setLevel] = useState<ScriptLogLevel | null>(null);
  const logs = useScriptLogs(botId, level);
  const rows = logs.data?.pages.flatMap((p) => p.logs) ?? [];
  return (
    <section className="settings-card" aria-labelledby="log-title">
      <div className="section-bar">
        <h2 id="log-title">{t('bots.log.title')}</h2>
        <div className="bar-actions">
          <label className="visually-hidden" htmlFor="log-level">
            {t('bots.log.level')}
          </label>
          <select id="log-level" value={level ?? ''} onChange={(e) => setLevel((e.target.value || null) as ScriptLogLevel | null)}>
            <option value="">{t('bots.log.allLevels')}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          <button type="button" className="btn" disabled={logs.isFetching} onClick={() => void logs.refetch()}>
            {t('bots.log.refresh')}
          </button>
        </div>
      </div>
      <p className="hint">{t('bots.log.hint')}</p>
      {logs.isError ? (
        <p role="alert">{errorMessage(t, logs.error)}</p>
      ) : !logs.data ? (
        <p>{t('common.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="hint">{t('bots.log.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="settings-table users-table log-table">
            <thead>
              <tr>
                <th scope="col">{t('bots.log.when')}</th>
                <th scope="col">{t('bots.log.level')}</th>
                <th scope="col">{t('bots.log.script')}</th>
                <th scope="col">{t('bots.log.lead')}</th>
                <th scope="col">{t('bots.log.message')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={`log-${r.level}`}>
                  <th scope="row" className="nowrap">
                    {fullTime(r.createdAt, i18n.language)}
                  </th>
                  <td data-label={t('bots.log.level')}>
                    <span className="log-level">{r.level}</span>
                  </td>
                  <td data-label={t('bots.log.script')} className="code break">
                    {r.script ?? '—'}
                  </td>
                  <td data-label={t('bots.log.lead')}>{r.leadId === null ? '—' : `#${r.leadId}`}</td>
                  <td data-label={t('bots.log.message')} className="code break">
                    {r.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {logs.hasNextPage && (
        <div className="form-actions">
          <button type="button" className="btn" disabled={logs.isFetchingNextPage} onClick={() => void logs.fetchNextPage()}>
            {t('bots.log.older')}
          </button>
        </div>
      )}
    </section>
  );
}
