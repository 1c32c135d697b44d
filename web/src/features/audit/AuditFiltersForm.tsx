import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditAction } from '@contracts/audit';
import type { AuditFilters } from './api';

/** Local midnight of a yyyy-mm-dd date, `days` later; undefined for an empty field. */
function dayStart(value: string, days = 0): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).getTime() : undefined;
}

/** The audit log's filters: what, who, and a period of whole days (both ends included); applied as they change. */
export function AuditFiltersForm({
  actions,
  people,
  onChange,
}: {
  actions: { value: AuditAction; label: string }[];
  people: { id: number; name: string }[];
  onChange: (f: AuditFilters) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ action: '', userId: '', from: '', to: '' });
  const [error, setError] = useState<string | null>(null);
  const edit = (next: Partial<typeof form>) => {
    const f = { ...form, ...next };
    setForm(f);
    const from = dayStart(f.from);
    const to = dayStart(f.to, 1);
    // A period that ends before it starts is said beside its end, and the list stays as it was.
    if (from !== undefined && to !== undefined && to <= from) return setError(t('audit.badPeriod'));
    setError(null);
    onChange({ action: (f.action || undefined) as AuditAction | undefined, userId: f.userId ? Number(f.userId) : undefined, from, to });
  };
  return (
    <form className="settings-card audit-filters" aria-label={t('audit.filters')} onSubmit={(e) => e.preventDefault()} noValidate>
      <div className="field">
        <label htmlFor="audit-action">{t('audit.filterAction')}</label>
        <select id="audit-action" value={form.action} onChange={(e) => edit({ action: e.target.value })}>
          <option value="">{t('audit.anyAction')}</option>
          {actions.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-user">{t('audit.filterUser')}</label>
        <select id="audit-user" value={form.userId} onChange={(e) => edit({ userId: e.target.value })}>
          <option value="">{t('audit.anyone')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">{t('audit.from')}</label>
        <input id="audit-from" type="date" value={form.from} onChange={(e) => edit({ from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="audit-to">{t('audit.to')}</label>
        <input
          id="audit-to"
          type="date"
          value={form.to}
          onChange={(e) => edit({ to: e.target.value })}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'audit-to-err' : undefined}
        />
        {error && (
          <p className="field-error" id="audit-to-err">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
