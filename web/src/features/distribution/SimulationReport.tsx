import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DurationSpread, SimulationResult } from '@contracts/simulation';
import { humanDuration } from '../../lib/time';
import { BarChart } from '../../ui/BarChart';
import { simulationCharts } from './sim-charts';

/** What the simulated day came to: waits, first answers, where the dialogs went, and each operator's load. */
export function SimulationReportView({ result }: { result: SimulationResult }) {
  const { t, i18n } = useTranslation();
  const r = result.report;
  const lang = i18n.language;
  const num = new Intl.NumberFormat(lang);
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const charts = useMemo(() => simulationCharts(r), [r]);
  const spreadLabels = useMemo(() => [t('sim.p50'), t('sim.p90'), t('sim.max')], [t]);
  const spread = (label: string, s: DurationSpread) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{humanDuration(s.p50, lang)}</td>
      <td>{humanDuration(s.p90, lang)}</td>
      <td>{humanDuration(s.max, lang)}</td>
    </tr>
  );
  return (
    <div className="sim-report">
      <h3 id="sim-report-title">{t('sim.result', { dialogs: num.format(r.dialogs) })}</h3>
      <dl className="sim-counts">
        {(['assigned', 'unassigned', 'abandoned'] as const).map((k) => (
          <div key={k}>
            <dt>{t(`sim.${k}`)}</dt>
            <dd>{num.format(r[k])}</dd>
          </div>
        ))}
      </dl>
      <table className="settings-table">
        <caption>{t('sim.times')}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t('sim.p50')}</th>
            <th scope="col">{t('sim.p90')}</th>
            <th scope="col">{t('sim.max')}</th>
          </tr>
        </thead>
        <tbody>
          {spread(t('sim.waiting'), r.waitingMs)}
          {spread(t('sim.firstResponse'), r.firstResponseMs)}
        </tbody>
      </table>
      <table className="settings-table">
        <caption>{t('sim.perOperator')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sim.operator')}</th>
            <th scope="col">{t('sim.dialogs')}</th>
            <th scope="col">{t('sim.mostAtOnce')}</th>
            <th scope="col">{t('sim.busy')}</th>
          </tr>
        </thead>
        <tbody>
          {r.perOperator.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.name}</th>
              <td>{num.format(o.dialogs)}</td>
              <td>{num.format(o.maxConcurrent)}</td>
              <td>{pct.format(o.busyShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="report-charts sim-charts" aria-labelledby="sim-charts-title">
        <h4 id="sim-charts-title" className="visually-hidden">
          {t('sim.charts')}
        </h4>
        <BarChart title={t('sim.chartWaiting')} labels={spreadLabels} values={charts.waitingSec} valueLabel={t('sim.seconds')} />
        <BarChart title={t('sim.chartFirstResponse')} labels={spreadLabels} values={charts.firstResponseSec} valueLabel={t('sim.seconds')} />
        <BarChart title={t('sim.chartDialogs')} labels={charts.operators} values={charts.dialogs} valueLabel={t('sim.dialogs')} />
        <BarChart title={t('sim.chartBusy')} labels={charts.operators} values={charts.busyPercent} valueLabel={t('sim.percent')} />
      </section>
      {result.scriptFailures.count > 0 && (
        <p className="form-error">{t('sim.scriptFailures', { count: result.scriptFailures.count, first: result.scriptFailures.first[0] ?? '' })}</p>
      )}
      <p className="hint">{t('sim.wall', { time: humanDuration(r.wallMs ?? 0, lang) })}</p>
    </div>
  );
}
