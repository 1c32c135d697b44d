// The checks the server makes on a week's hours, in the screen's words, so a mistake shows beside
// its day before anything is sent.
import type { Span, WeekHours } from './api';

export type SpanProblem = 'badTime' | 'sameTime' | 'overlap';

const minutes = (t: string) => {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const isTime = (t: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t);

/** What is wrong with a day's spans, or null. */
export function dayProblem(spans: readonly Span[]): SpanProblem | null {
  const ranges: [number, number][] = [];
  for (const s of spans) {
    if (!isTime(s.from) || !(isTime(s.to) || s.to === '24:00')) return 'badTime';
    const from = minutes(s.from);
    const to = minutes(s.to);
    if (from === to) return 'sameTime';
    ranges.push([from, to > from ? to : 1440]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) if (ranges[i]![0] < ranges[i - 1]![1]) return 'overlap';
  return null;
}

/** Whether a span runs past midnight into the next day. */
export const isOvernight = (s: Span) => isTime(s.from) && isTime(s.to) && minutes(s.to) < minutes(s.from);

/** Office hours, the starting point when hours are first set. */
export function officeWeek(): WeekHours {
  const day = () => [{ from: '09:00', to: '18:00' }];
  return { monday: day(), tuesday: day(), wednesday: day(), thursday: day(), friday: day(), saturday: [], sunday: [] };
}
