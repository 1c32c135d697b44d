import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditAction, AuditEntry } from '@contracts/audit';
import { errorMessage } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { ACTIONS, useAuditDepartments, useAuditLog, useAuditPeople, type AuditFilters } from './api';
import { AuditFiltersForm } from './AuditFiltersForm';

/** A value of an entry's details as a person reads it: lists joined, long text cut. */
function shown(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(shown).join(', ') || '—';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** Settings → Audit log: who changed what and when, newest first; filters by action, person and period; more on request. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters);
  const people = useAuditPeople();
  const departments = useAuditDepartments();
  const names = {
    user: new Map(people.data?.map((u) => [u.id, u.name])),
    department: new Map(departments.data?.map((d) => [d.id, d.name])),
  };
  const label = (a: AuditAction) => t(`audit.action.${a}`);
  const target = (e: AuditEntry) => {
    const kind = t(`audit.target.${e.target.type}`, { defaultValue: e.target.type });
    if (e.target.id === null) return kind;
    const name = e.target.type === 'user' || e.target.type === 'department' ? names[e.target.type].get(e.target.id) : undefined;
    return `${kind} ${name ?? `#${e.target.id}`}`;
  };
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <div className="settings-body">
      <h1>{t('audit.title')}</h1>
      <p className="hint">{t('audit.intro')}</p>
      <AuditFiltersForm
        actions={ACTIONS.map((a) => ({ value: a, label: label(a) })).sort((x, y) => x.label.localeCompare(y.label, i18n.language))}
        people={people.data ?? []}
        onChange={setFilters}
      />
      <section className="settings-card" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title" className="visually-hidden">
          {t('audit.entries')}
        </h2>
        {log.isError ? (
          <p role="alert">{errorMessage(t, log.error)}</p>
        ) : !log.data ? (
          <p>{t('common.loading')}</p>
        ) : entries.length === 0 ? (
          <p className="muted">{t('audit.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="settings-table audit-table" aria-labelledby="audit-entries-title">
              <thead>
                <tr>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.what')}</th>
                  <th scope="col">{t('audit.targetColumn')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap" data-label={t('audit.time')}>
                      {fullTime(e.at, i18n.language)}
                    </td>
                    <td data-label={t('audit.who')}>{e.actor.kind === 'system' ? t('audit.system', { reason: e.actor.name }) : e.actor.name}</td>
                    <td data-label={t('audit.what')}>{label(e.action)}</td>
                    <td data-label={t('audit.targetColumn')}>{target(e)}</td>
                    <td data-label={t('audit.details')}>
                      <dl className="audit-details">
                        {Object.entries(e.details).map(([k, v]) => (
                          <div key={k}>
                            <dt>{k}</dt>
                            <dd>{k === 'departmentIds' && Array.isArray(v) ? shown(v.map((id) => names.department.get(id as number) ?? id)) : shown(v)}</dd>
                          </div>
                        ))}
                      </dl>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {log.hasNextPage && (
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              {log.isFetchingNextPage ? t('common.loading') : t('audit.more')}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
