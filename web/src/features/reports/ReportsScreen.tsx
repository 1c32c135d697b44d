import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report } from '@contracts/reports';
import { errorMessage } from '../../lib/error-message';
import { BarChart } from '../../ui/BarChart';
import { csvUrl, useReport, useReportDirectory, type ReportFilters } from './api';
import { PRESETS, periodProblem, presetPeriod, type Preset } from './period';
import { GroupTable, OperatorTable, useFormat } from './ReportTables';

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** Settings → Reports: a period's figures (tiles, load charts, tables by department, bot, channel and operator) and their CSV. */
export function ReportsScreen() {
  const { t, i18n } = useTranslation();
  const directory = useReportDirectory();
  const [form, setForm] = useState(() => ({ ...presetPeriod('week', new Date()), botId: '', departmentId: '' }));
  const [preset, setPreset] = useState<Preset | null>('week');
  const problem = periodProblem(form.from, form.to);
  const filters: ReportFilters | null = problem
    ? null
    : {
        from: form.from,
        to: form.to,
        botId: form.botId ? Number(form.botId) : undefined,
        departmentId: form.departmentId ? Number(form.departmentId) : undefined,
      };
  const report = useReport(filters);
  const edit = (next: Partial<typeof form>, p: Preset | null = null) => {
    setForm((f) => ({ ...f, ...next }));
    setPreset(p);
  };

  return (
    <div className="settings-body">
      <h1>{t('reports.title')}</h1>
      <p className="hint">{t('reports.intro')}</p>
      <form className="settings-card report-filters" aria-label={t('reports.filters')} onSubmit={(e) => e.preventDefault()} noValidate>
        <div className="preset-buttons" role="group" aria-label={t('reports.presets')}>
          {PRESETS.map((p) => (
            <button key={p} type="button" className="btn small" aria-pressed={preset === p} onClick={() => edit(presetPeriod(p, new Date()), p)}>
              {t(`reports.preset.${p}`)}
            </button>
          ))}
        </div>
        <div className="field">
          <label htmlFor="report-from">{t('reports.from')}</label>
          <input id="report-from" type="date" value={form.from} onChange={(e) => edit({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t('reports.to')}</label>
          <input
            id="report-to"
            type="date"
            value={form.to}
            onChange={(e) => edit({ to: e.target.value })}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'report-to-err' : undefined}
          />
          {problem && (
            <p className="field-error" id="report-to-err">
              {t(problem)}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="report-bot">{t('reports.bot')}</label>
          <select id="report-bot" value={form.botId} onChange={(e) => setForm((f) => ({ ...f, botId: e.target.value }))}>
            <option value="">{t('reports.allBots')}</option>
            {directory.data?.bots.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-department">{t('reports.department')}</label>
          <select id="report-department" value={form.departmentId} onChange={(e) => setForm((f) => ({ ...f, departmentId: e.target.value }))}>
            <option value="">{t('reports.allDepartments')}</option>
            {directory.data?.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {report.isError ? (
        <p role="alert">{errorMessage(t, report.error)}</p>
      ) : !filters ? null : !report.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <ReportBody report={report.data} filters={filters} lang={i18n.language} />
      )}
    </div>
  );
}

function ReportBody({ report, filters, lang }: { report: Report; filters: ReportFilters; lang: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const x = report.totals;
  const weekdays = useMemo(() => {
    const monday = new Date(Date.UTC(2026, 10, 2));
    const fmt = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
    return Array.from({ length: 7 }, (_, i) => fmt.format(new Date(monday.getTime() + i * 86_400_000)));
  }, [lang]);
  const tiles: [string, string | number, string?][] = [
    ['reports.transferred', x.transferred],
    ['reports.taken', x.taken],
    ['reports.abandoned', x.abandoned, t('reports.abandonedHint', { count: Math.round(report.abandonAfterSec / 60) })],
    ['reports.waitingNow', x.waitingNow],
    [
      'reports.serviceLevel',
      f.share(x.serviceLevel.share),
      t('reports.serviceLevelHint', { within: x.serviceLevel.withinTarget, measured: x.serviceLevel.measured }),
    ],
    ['reports.wait', f.stats(x.wait), t('reports.medianP90')],
    ['reports.firstResponse', f.stats(x.firstResponse), t('reports.medianP90')],
    ['reports.resolution', f.stats(x.resolution), t('reports.medianP90')],
    ['reports.closed', x.closed],
    ['reports.returned', x.returnedToBot],
    ['reports.breaches', `${x.breaches.firstResponse} / ${x.breaches.nextResponse}`, t('reports.breachesHint')],
    ['reports.rating', f.rating(x.csat.average), t('reports.ratingHint', { count: x.csat.count })],
  ];
  const noDepartment = t('reports.noDepartment');
  return (
    <>
      <section className="settings-card" aria-labelledby="report-totals">
        <h2 id="report-totals">{t('reports.totals')}</h2>
        <dl className="kpis">
          {tiles.map(([k, v, hint]) => (
            <div key={k} className="kpi">
              <dt>{t(k)}</dt>
              <dd>
                <span className="kpi-value">{v}</span>
                {hint && <span className="hint">{hint}</span>}
              </dd>
            </div>
          ))}
        </dl>
        <p className="report-downloads">
          <span>{t('reports.download')}</span>
          <a className="btn small" href={csvUrl(filters, 'summary', lang)} download>
            {t('reports.csvSummary')}
          </a>
          <a className="btn small" href={csvUrl(filters, 'operators', lang)} download>
            {t('reports.csvOperators')}
          </a>
          <a className="btn small" href={csvUrl(filters, 'load', lang)} download>
            {t('reports.csvLoad')}
          </a>
        </p>
      </section>
      <section className="settings-card report-charts" aria-labelledby="report-load">
        <h2 id="report-load">{t('reports.load')}</h2>
        <BarChart
          title={t('reports.byHour', { zone: report.period.timeZone })}
          labels={HOURS}
          values={report.load.byHour}
          valueLabel={t('reports.transferred')}
        />
        <BarChart title={t('reports.byWeekday')} labels={weekdays} values={report.load.byWeekday} valueLabel={t('reports.transferred')} />
      </section>
      <GroupTable
        id="report-departments"
        title={t('reports.byDepartment')}
        rows={report.byDepartment.map((g) => ({ key: String(g.key), name: g.key === null ? noDepartment : g.name, figures: g.figures }))}
      />
      <OperatorTable rows={report.byOperator} />
      <GroupTable id="report-bots" title={t('reports.byBot')} rows={report.byBot.map((g) => ({ key: String(g.key), name: g.name, figures: g.figures }))} />
      <GroupTable
        id="report-channels"
        title={t('reports.byChannel')}
        rows={report.byChannel.map((g) => ({ key: String(g.key), name: g.name, figures: g.figures }))}
      />
    </>
  );
}
