import { ReportCsvQuery, ReportQuery, ReportResponse } from '../../contracts/reports';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { getReport } from './build-report';
import { reportCsv } from './report-csv';

const tags = ['reports'];

/** The contact center's reports for a period (administrators and viewers), as JSON and as CSV. */
export function reportsRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/reports',
    {
      schema: {
        tags,
        summary:
          'Figures for a period: transfers, waits, first responses, service level, abandoned, missed targets, ratings; by department, bot, channel, operator; load by hour and weekday',
        querystring: ReportQuery,
        response: { 200: ReportResponse },
      },
    },
    async (req) => ({ report: await getReport(ctx.db, requireActor(req), req.query, ctx.clock()) }),
  );

  app.get(
    '/api/v1/reports/csv',
    {
      schema: {
        tags,
        summary: 'The same figures as a CSV file: the summary by department, bot and channel; the operators; or the load',
        querystring: ReportCsvQuery,
      },
    },
    async (req, reply) => {
      const { table, lang, ...query } = req.query;
      const report = await getReport(ctx.db, requireActor(req), query, ctx.clock());
      const name = `report-${table}-${new Date(report.period.from).toISOString().slice(0, 10)}.csv`;
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}"`,
          'cache-control': 'private, no-store',
        })
        .send(`\uFEFF${reportCsv(report, table, lang)}`);
    },
  );
}
