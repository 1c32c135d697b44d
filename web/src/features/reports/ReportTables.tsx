import { useTranslation } from 'react-i18next';
import type { DurationStats, Figures, OperatorFigures } from '@contracts/reports';
import { humanDuration } from '../../lib/time';

/** A duration's median and p90 ("42 sec / 3 min"), or a dash when nothing was measured. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const dur = (ms: number | null) => (ms === null ? '—' : humanDuration(ms, lang));
  return {
    dur,
    stats: (s: DurationStats) => (s.count === 0 ? '—' : `${dur(s.p50Ms)} / ${dur(s.p90Ms)}`),
    share: (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(x)),
    rating: (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(x)),
    hours: (ms: number) => new Intl.NumberFormat(lang, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1 }).format(ms / 3_600_000),
  };
}

export interface GroupRow {
  key: string;
  name: string;
  figures: Figures;
}

/** The figures of each department, bot or channel side by side. */
export function GroupTable({ id, title, rows }: { id: string; title: string; rows: GroupRow[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (rows.length === 0) return null;
  const cols: [string, (x: Figures) => string | number][] = [
    ['reports.transferred', (x) => x.transferred],
    ['reports.taken', (x) => x.taken],
    ['reports.abandoned', (x) => x.abandoned],
    ['reports.waitCol', (x) => f.stats(x.wait)],
    ['reports.firstResponseCol', (x) => f.stats(x.firstResponse)],
    ['reports.serviceLevel', (x) => f.share(x.serviceLevel.share)],
    ['reports.breachesCol', (x) => x.breaches.firstResponse + x.breaches.nextResponse],
    ['reports.rating', (x) => f.rating(x.csat.average)],
  ];
  return (
    <section className="settings-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {/* A region of its own: on a phone the table scrolls sideways, by keyboard too. */}
      <div className="table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
        <table className="settings-table report-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{t('reports.name')}</th>
              {cols.map(([k]) => (
                <th key={k} scope="col">
                  {t(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.name}</th>
                {cols.map(([k, value]) => (
                  <td key={k} data-label={t(k)}>
                    {value(r.figures)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Each operator's dialogs, first answers, missed targets, ratings and time Online. */
export function OperatorTable({ rows }: { rows: OperatorFigures[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (rows.length === 0) return null;
  const cols: [string, (o: OperatorFigures) => string | number][] = [
    ['reports.assigned', (o) => o.assigned],
    ['reports.closed', (o) => o.closed],
    ['reports.returned', (o) => o.returnedToBot],
    ['reports.firstResponseCol', (o) => f.stats(o.firstResponse)],
    ['reports.breachesCol', (o) => o.breaches],
    ['reports.rating', (o) => f.rating(o.csat.average)],
    ['reports.online', (o) => f.hours(o.onlineMs)],
    ['reports.offline', (o) => f.hours(o.offlineMs)],
  ];
  return (
    <section className="settings-card" aria-labelledby="report-operators">
      <h2 id="report-operators">{t('reports.byOperator')}</h2>
      <div className="table-scroll" role="region" aria-labelledby="report-operators" tabIndex={0}>
        <table className="settings-table report-table" aria-labelledby="report-operators">
          <thead>
            <tr>
              <th scope="col">{t('reports.operator')}</th>
              {cols.map(([k]) => (
                <th key={k} scope="col">
                  {t(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.operatorId}>
                <th scope="row">{o.name}</th>
                {cols.map(([k, value]) => (
                  <td key={k} data-label={t(k)}>
                    {value(o)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
