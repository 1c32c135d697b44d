import type { Report, ReportQuery } from '../../contracts/reports';
import { readBusinessSettings } from '../accounts/index';
import { badInput, forbidden } from '../errors';
import { hasRole, type Actor } from '../shared/actor';
import { nextDay, startOfDay } from '../shared/time-zone';
import type { Executor } from '../storage/db';
import { buildReport } from './report';
import { breachCounts, dialogTableOf, operatorCounts, reportNames, statusFacts } from './reports.repo';

const MAX_PERIOD_MS = 367 * 86_400_000;

/** Who reads reports: administrators and viewers (people or API tokens). */
export const canReadReports = (actor: Actor) => hasRole(actor, 'admin', 'viewer');

/** The period a query names: days are the business's (`to` inclusive), instants are taken as they are (`to` exclusive). */
export function periodOf(q: Pick<ReportQuery, 'from' | 'to'>, timeZone: string): { from: number; to: number } {
  const from = q.from.includes('-') ? startOfDay(q.from, timeZone) : Number(q.from);
  const to = q.to.includes('-') ? startOfDay(nextDay(q.to), timeZone) : Number(q.to);
  if (to <= from) throw badInput('to', 'The period ends before it begins: `to` must be after `from`');
  if (to - from > MAX_PERIOD_MS) throw badInput('from', 'A report covers at most a year (367 days)');
  return { from, to };
}

/** The contact center's figures for a period, computed from the event log's reporting facts. */
export async function getReport(db: Executor, actor: Actor, q: ReportQuery, now: number): Promise<Report> {
  if (!canReadReports(actor)) throw forbidden('Only administrators and viewers read reports');
  const settings = await readBusinessSettings(db, actor.businessId);
  const { from, to } = periodOf(q, settings.timeZone);
  const filter = { businessId: actor.businessId, from, to, botId: q.botId, channelId: q.channelId, departmentId: q.departmentId };
  const [dialogs, breaches, counts, status, directory] = await Promise.all([
    dialogTableOf(db, filter),
    breachCounts(db, filter),
    operatorCounts(db, filter),
    statusFacts(db, actor.businessId, from, to),
    reportNames(db, actor.businessId),
  ]);
  return buildReport({
    from,
    to,
    now,
    timeZone: settings.timeZone,
    abandonAfterSec: q.abandonAfterSec ?? settings.abandonAfterSec,
    dialogs,
    breaches,
    operatorCounts: counts,
    statusAtStart: status.atStart,
    statusChanges: status.changes,
    onlineNow: directory.onlineNow,
    names: directory.names,
    labels: { noDepartment: 'No department' },
  });
}
