import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { MonitorBreach, MonitorOperator, MonitorQueue } from '@contracts/monitor';
import { age } from './age';

type Departments = readonly { id: number; name: string }[];

const nameOf = (departments: Departments, id: number | null, none: string) => (id === null ? none : (departments.find((d) => d.id === id)?.name ?? '—'));

/** The waiting queue per department: how many wait, for how long the longest, how many past their first-response target. */
export function QueuePanel({ queues, now }: { queues: readonly MonitorQueue[]; now: number }) {
  const { t, i18n } = useTranslation();
  const total = queues.reduce((n, q) => n + q.waiting, 0);
  return (
    <section className="settings-card monitor-panel monitor-queue" aria-labelledby="monitor-queue">
      <h2 id="monitor-queue">
        {t('monitor.queue')} <span className={total > 0 ? 'count-chip waiting' : 'count-chip'}>{t('monitor.waitingTotal', { count: total })}</span>
      </h2>
      <table className="settings-table monitor-table" aria-labelledby="monitor-queue">
        <thead>
          <tr>
            <th scope="col">{t('monitor.department')}</th>
            <th scope="col" className="num">
              {t('monitor.waiting')}
            </th>
            <th scope="col">{t('monitor.longestWait')}</th>
            <th scope="col" className="num">
              {t('monitor.pastTarget')}
            </th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.departmentId ?? 'none'} className={q.waiting > 0 ? 'has-waiting' : undefined}>
              <th scope="row">{q.departmentId === null ? t('monitor.noDepartment') : q.name}</th>
              <td data-label={t('monitor.waiting')} className="num strong">
                {q.waiting}
              </td>
              <td data-label={t('monitor.longestWait')} className="nowrap">
                {q.oldestWaitingSince === null ? '—' : age(now - q.oldestWaitingSince, i18n.language)}
              </td>
              <td data-label={t('monitor.pastTarget')} className={q.pastTarget > 0 ? 'num overdue' : 'num'}>
                {q.pastTarget}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every operator: Online or not, workspace open, load against the limit, last reply, dialogs awaiting their answer. */
export function OperatorsPanel({ operators, departments, now }: { operators: readonly MonitorOperator[]; departments: Departments; now: number }) {
  const { t, i18n } = useTranslation();
  const online = operators.filter((o) => o.status === 'online').length;
  return (
    <section className="settings-card monitor-panel monitor-operators" aria-labelledby="monitor-operators">
      <h2 id="monitor-operators">
        {t('monitor.operators')} <span className="count-chip">{t('monitor.onlineOf', { online, total: operators.length })}</span>
      </h2>
      {operators.length === 0 ? (
        <p className="hint">{t('monitor.noOperators')}</p>
      ) : (
        <table className="settings-table monitor-table" aria-labelledby="monitor-operators">
          <thead>
            <tr>
              <th scope="col">{t('monitor.operator')}</th>
              <th scope="col">{t('monitor.status')}</th>
              <th scope="col">{t('monitor.load')}</th>
              <th scope="col">{t('monitor.workspace')}</th>
              <th scope="col">{t('monitor.departments')}</th>
              <th scope="col">{t('monitor.lastReply')}</th>
              <th scope="col" className="num">
                {t('monitor.awaiting')}
              </th>
            </tr>
          </thead>
          <tbody>
            {operators.map((o) => (
              <tr key={o.id} className={o.status === 'online' ? undefined : 'is-offline'}>
                <th scope="row">{o.name}</th>
                <td data-label={t('monitor.status')} className="nowrap">
                  <span className={`presence ${o.status}`}>{o.status === 'online' ? t('status.stateOnline') : t('status.stateOffline')}</span>
                </td>
                <td data-label={t('monitor.load')} className="nowrap">
                  <LoadBar load={o.load} max={o.maxDialogs} />
                </td>
                <td data-label={t('monitor.workspace')}>{o.workspaceOpen ? t('monitor.workspaceOpen') : t('monitor.workspaceClosed')}</td>
                <td data-label={t('monitor.departments')}>
                  {o.departmentIds.length ? o.departmentIds.map((id) => nameOf(departments, id, '')).join(', ') : '—'}
                </td>
                <td data-label={t('monitor.lastReply')} className="nowrap">
                  {o.lastReplyAt === null ? t('monitor.never') : t('monitor.ago', { age: age(now - o.lastReplyAt, i18n.language) })}
                </td>
                <td data-label={t('monitor.awaiting')} className={o.awaitingAnswer > 0 ? 'num strong awaiting' : 'num'}>
                  {o.awaitingAnswer}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "3 / 5" with a bar; full (at or over the limit) turns the bar to the waiting colour. */
function LoadBar({ load, max }: { load: number; max: number }) {
  const share = max > 0 ? Math.min(1, load / max) : load > 0 ? 1 : 0;
  return (
    <span className="load">
      <span className="load-text">{`${load} / ${max}`}</span>
      <span className={share >= 1 ? 'load-bar full' : 'load-bar'} aria-hidden="true">
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
    </span>
  );
}

/** Targets missed now, longest overdue first: who, where, whose, which target, overdue by how long. */
export function BreachedPanel({
  breached,
  total,
  departments,
  now,
}: {
  breached: readonly MonitorBreach[];
  total: number;
  departments: Departments;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="settings-card monitor-panel monitor-breached" aria-labelledby="monitor-breached">
      <h2 id="monitor-breached">
        {t('monitor.breached')} <span className={total > 0 ? 'count-chip overdue' : 'count-chip'}>{total}</span>
      </h2>
      {breached.length === 0 ? (
        <p className="hint">{t('monitor.noBreaches')}</p>
      ) : (
        <table className="settings-table monitor-table" aria-labelledby="monitor-breached">
          <thead>
            <tr>
              <th scope="col">{t('monitor.lead')}</th>
              <th scope="col">{t('monitor.department')}</th>
              <th scope="col">{t('monitor.operator')}</th>
              <th scope="col">{t('monitor.target')}</th>
              <th scope="col">{t('monitor.overdueBy')}</th>
            </tr>
          </thead>
          <tbody>
            {breached.map((b) => (
              <tr key={`${b.dialogId}-${b.target}`}>
                <th scope="row">
                  <Link href={`/inbox/all/${b.leadId}`} className="link" aria-label={t('monitor.openDialog', { name: b.leadName })}>
                    {b.leadName}
                  </Link>
                </th>
                <td data-label={t('monitor.department')}>{nameOf(departments, b.departmentId, t('monitor.noDepartment'))}</td>
                <td data-label={t('monitor.operator')}>{b.operatorName ?? t('monitor.inQueue')}</td>
                <td data-label={t('monitor.target')}>{t(`monitor.targetName.${b.target}`)}</td>
                <td data-label={t('monitor.overdueBy')} className="nowrap overdue">
                  {age(now - b.dueAt, i18n.language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > breached.length && <p className="hint">{t('monitor.moreBreaches', { count: total - breached.length })}</p>}
    </section>
  );
}
