import { z } from 'zod';
import { Id, Millis } from './common';

/** A day (YYYY-MM-DD, in the business's time zone) or an instant (epoch milliseconds). */
const PeriodBound = z
  .string()
  .regex(/^(\d{4}-\d{2}-\d{2}|\d{1,15})$/, 'Use a date (YYYY-MM-DD) or epoch milliseconds')
  .refine((s) => (s.includes('-') ? !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) : true), 'Not a calendar date');

export const ReportQuery = z.strictObject({
  /** First day (or instant) of the period, inclusive. */
  from: PeriodBound,
  /** Last day of the period, inclusive (or an instant, exclusive). */
  to: PeriodBound,
  /** Only dialogs of this bot / channel / department (the department they were transferred to). */
  botId: z.coerce.number().int().positive().optional(),
  channelId: z.coerce.number().int().positive().optional(),
  departmentId: z.coerce.number().int().positive().optional(),
  /** Seconds of the lead's silence before any answer after which a dialog counts as abandoned (default: the business's `abandonAfterSec`). */
  abandonAfterSec: z.coerce.number().int().min(30).max(86_400).optional(),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

/** A duration's distribution in milliseconds (nearest-rank percentiles); nulls when nothing was measured. */
export const DurationStats = z.object({
  count: z.number().int(),
  p50Ms: z.number().int().nullable(),
  p90Ms: z.number().int().nullable(),
  maxMs: z.number().int().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

export const Figures = z.object({
  /** Dialogs transferred to operators in the period: every other figure is about these dialogs, with all that happened to them since. */
  transferred: z.number().int(),
  /** Of those: got an operator; ended closed; returned to the bot; still waiting now; abandoned. */
  taken: z.number().int(),
  closed: z.number().int(),
  returnedToBot: z.number().int(),
  waitingNow: z.number().int(),
  abandoned: z.number().int(),
  /** Transfer → first operator; transfer → operators' first answer; transfer → closed. */
  wait: DurationStats,
  firstResponse: DurationStats,
  resolution: DurationStats,
  /** Dialogs with a first-response target, and how many were answered within it. */
  serviceLevel: z.object({ measured: z.number().int(), withinTarget: z.number().int(), share: z.number().nullable() }),
  /** Targets missed in the period (by when they were missed). */
  breaches: z.object({ firstResponse: z.number().int(), nextResponse: z.number().int() }),
  /** The leads' ratings (1–5) of these dialogs. */
  csat: z.object({ count: z.number().int(), average: z.number().nullable(), counts: z.array(z.number().int()).length(5) }),
});
export type Figures = z.infer<typeof Figures>;

const Group = <T extends z.ZodType>(key: T) => z.object({ key, name: z.string(), figures: Figures });

export const OperatorFigures = z.object({
  operatorId: Id,
  name: z.string(),
  /** Dialogs given to them (taken, assigned, transferred to them) and opened by them, in the period. */
  assigned: z.number().int(),
  /** Dialogs they closed / returned to the bot in the period. */
  closed: z.number().int(),
  returnedToBot: z.number().int(),
  /** First answers they gave to the period's dialogs, and how long those took from the transfer. */
  firstResponse: DurationStats,
  breaches: z.number().int(),
  csat: z.object({ count: z.number().int(), average: z.number().nullable() }),
  /** Time Online and Offline within the period (up to now). */
  onlineMs: z.number().int(),
  offlineMs: z.number().int(),
});
export type OperatorFigures = z.infer<typeof OperatorFigures>;

export const Report = z.object({
  period: z.object({ from: Millis, to: Millis, timeZone: z.string() }),
  abandonAfterSec: z.number().int(),
  totals: Figures,
  byDepartment: z.array(Group(Id.nullable())),
  byBot: z.array(Group(Id)),
  byChannel: z.array(Group(Id)),
  byOperator: z.array(OperatorFigures),
  /** Transfers by hour of day (0–23) and day of week (0 Monday – 6 Sunday), in the business's time zone. */
  load: z.object({ byHour: z.array(z.number().int()).length(24), byWeekday: z.array(z.number().int()).length(7) }),
});
export type Report = z.infer<typeof Report>;
export const ReportResponse = z.object({ report: Report });

export const ReportCsvQuery = ReportQuery.extend({
  /** Which table: the figures by department, bot and channel; the operators'; the load by hour and weekday. */
  table: z.enum(['summary', 'operators', 'load']).default('summary'),
  /** Language of the headers. */
  lang: z.enum(['en', 'ru']).default('en'),
});
export type ReportCsvQuery = z.infer<typeof ReportCsvQuery>;
