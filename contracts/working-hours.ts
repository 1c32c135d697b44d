import { z } from 'zod';
import { Id } from './common';

/** The days of a week, Monday first (the order of `WeekHours` and of the screen). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A wall-clock time HH:MM (24-hour); a span may end at 24:00. */
const Time = z.string().regex(HHMM, 'a time is HH:MM, e.g. 09:00');
const EndTime = z.string().refine((s) => s === '24:00' || HHMM.test(s), 'a time is HH:MM, e.g. 18:00 (or 24:00)');

/** Minutes since midnight of an HH:MM time (24:00 is 1440). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * One open span of a day in the business's time zone. `to` earlier than `from` runs overnight into
 * the next day (22:00–06:00); `to` 24:00 closes at midnight.
 */
export const Span = z.strictObject({ from: Time, to: EndTime });
export type Span = z.infer<typeof Span>;

/** Checks a day's spans: none empty, none overlapping (overnight ones counted up to midnight). */
function spansProblem(spans: readonly Span[]): string | null {
  const ranges: [number, number][] = [];
  for (const s of spans) {
    const from = minutesOf(s.from);
    const to = minutesOf(s.to);
    if (from === to) return `${s.from}–${s.to} opens and closes at the same time`;
    ranges.push([from, to > from ? to : 1440]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1]!;
    const cur = ranges[i]!;
    if (cur[0] < prev[1]) return 'two spans overlap';
  }
  return null;
}

/** A day's spans (empty: closed all day); at most 6. */
const DaySpans = z.array(Span).max(6);

function checkedDay(name: string) {
  return DaySpans.superRefine((spans, ctx) => {
    const problem = spansProblem(spans);
    if (problem) ctx.addIssue({ code: 'custom', message: `${name}: ${problem}` });
  });
}

/** The week's opening hours, per weekday (an empty list: closed that day). */
export const WeekHours = z.strictObject({
  monday: checkedDay('monday'),
  tuesday: checkedDay('tuesday'),
  wednesday: checkedDay('wednesday'),
  thursday: checkedDay('thursday'),
  friday: checkedDay('friday'),
  saturday: checkedDay('saturday'),
  sunday: checkedDay('sunday'),
});
export type WeekHours = z.infer<typeof WeekHours>;

/** A date (YYYY-MM-DD) with hours of its own: no spans, closed all day; otherwise open only in these spans. */
export const Holiday = z
  .strictObject({
    date: z.iso.date('a date is YYYY-MM-DD'),
    spans: DaySpans.default([]),
  })
  .superRefine((h, ctx) => {
    const problem = spansProblem(h.spans);
    if (problem) ctx.addIssue({ code: 'custom', message: `${h.date}: ${problem}`, path: ['spans'] });
  });
export type Holiday = z.infer<typeof Holiday>;

/** A business's or a department's working hours: the week and the dates that differ from it. */
export const WorkingHours = z
  .strictObject({
    week: WeekHours,
    /** Holidays and days with special hours; each date once; at most 366. */
    holidays: z.array(Holiday).max(366).default([]),
  })
  .superRefine((h, ctx) => {
    const seen = new Set<string>();
    h.holidays.forEach((d, i) => {
      if (seen.has(d.date)) ctx.addIssue({ code: 'custom', message: `holidays: ${d.date} is listed twice`, path: ['holidays', i, 'date'] });
      seen.add(d.date);
    });
  });
export type WorkingHours = z.infer<typeof WorkingHours>;

/** PUT body: the hours, or null — for the business: always open; for a department: as the business. */
export const PutWorkingHoursBody = z.strictObject({ hours: WorkingHours.nullable() });
export type PutWorkingHoursBody = z.infer<typeof PutWorkingHoursBody>;

/** The business's hours and each department's. */
export const WorkingHoursView = z.object({
  /** null: no hours set, always open. */
  business: WorkingHours.nullable(),
  departments: z.array(
    z.object({
      id: Id,
      code: z.string(),
      name: z.string(),
      /** null: as the business. */
      hours: WorkingHours.nullable(),
    }),
  ),
});
export type WorkingHoursView = z.infer<typeof WorkingHoursView>;
