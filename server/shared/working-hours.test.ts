import { describe, expect, it } from 'vitest';
import { WorkingHours, type WeekHours } from '../../contracts/working-hours';
import { instantAt } from './time-zone';
import { isOpen, nextChange } from './working-hours';

const closed: WeekHours = { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] };
const nineToSix = [{ from: '09:00', to: '18:00' }];
const office: WeekHours = { ...closed, monday: nineToSix, tuesday: nineToSix, wednesday: nineToSix, thursday: nineToSix, friday: nineToSix };
const at = (date: string, hhmm: string, tz = 'UTC') => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return instantAt(date, h * 60 + m, tz);
};
// 2026-12-07 is a Monday.

describe('isOpen', () => {
  it('is always open without hours, never with a closed week', () => {
    expect(isOpen(null, [], 'UTC', Date.UTC(2026, 11, 6, 3))).toBe(true);
    expect(nextChange(null, [], 'UTC', Date.UTC(2026, 11, 6, 3))).toBeNull();
    expect(isOpen(closed, [], 'UTC', Date.UTC(2026, 11, 7, 12))).toBe(false);
    expect(nextChange(closed, [], 'UTC', Date.UTC(2026, 11, 7, 12))).toBeNull();
  });

  it('opens at the start of a span and closes at its end, in the business time zone', () => {
    const tz = 'Europe/Moscow';
    expect(isOpen(office, [], tz, at('2026-12-07', '08:59', tz))).toBe(false);
    expect(isOpen(office, [], tz, at('2026-12-07', '09:00', tz))).toBe(true);
    expect(isOpen(office, [], tz, at('2026-12-07', '17:59', tz))).toBe(true);
    expect(isOpen(office, [], tz, at('2026-12-07', '18:00', tz))).toBe(false);
    // 09:00 in Moscow is 06:00 UTC.
    expect(isOpen(office, [], tz, Date.UTC(2026, 11, 7, 6))).toBe(true);
    expect(isOpen(office, [], tz, Date.UTC(2026, 11, 7, 5, 59))).toBe(false);
    expect(isOpen(office, [], tz, at('2026-12-12', '12:00', tz))).toBe(false); // Saturday
  });

  it('keeps several spans of a day apart (a lunch break)', () => {
    const week = {
      ...closed,
      monday: [
        { from: '09:00', to: '13:00' },
        { from: '14:00', to: '18:00' },
      ],
    };
    expect(isOpen(week, [], 'UTC', at('2026-12-07', '13:30'))).toBe(false);
    expect(isOpen(week, [], 'UTC', at('2026-12-07', '14:00'))).toBe(true);
    expect(nextChange(week, [], 'UTC', at('2026-12-07', '13:30'))).toBe(at('2026-12-07', '14:00'));
  });

  it('runs an overnight span 22:00–06:00 into the next day', () => {
    const nights = { ...closed, friday: [{ from: '22:00', to: '06:00' }] };
    expect(isOpen(nights, [], 'UTC', at('2026-12-11', '21:59'))).toBe(false);
    expect(isOpen(nights, [], 'UTC', at('2026-12-11', '23:00'))).toBe(true);
    expect(isOpen(nights, [], 'UTC', at('2026-12-12', '05:59'))).toBe(true); // Saturday morning, Friday's night
    expect(isOpen(nights, [], 'UTC', at('2026-12-12', '06:00'))).toBe(false);
    expect(nextChange(nights, [], 'UTC', at('2026-12-11', '23:00'))).toBe(at('2026-12-12', '06:00'));
    expect(nextChange(nights, [], 'UTC', at('2026-12-12', '06:00'))).toBe(at('2026-12-18', '22:00'));
  });

  it('closes on a holiday and opens on its special hours', () => {
    const holidays = [
      { date: '2026-12-07', spans: [] },
      { date: '2026-12-08', spans: [{ from: '10:00', to: '12:00' }] },
    ];
    expect(isOpen(office, holidays, 'UTC', at('2026-12-07', '10:00'))).toBe(false);
    expect(isOpen(office, holidays, 'UTC', at('2026-12-08', '09:30'))).toBe(false);
    expect(isOpen(office, holidays, 'UTC', at('2026-12-08', '11:00'))).toBe(true);
    expect(nextChange(office, holidays, 'UTC', at('2026-12-07', '10:00'))).toBe(at('2026-12-08', '10:00'));
    expect(nextChange(office, holidays, 'UTC', at('2026-12-08', '11:00'))).toBe(at('2026-12-08', '12:00'));
    // An overnight span stops at the midnight of the holiday after it.
    const nights = { ...closed, sunday: [{ from: '22:00', to: '06:00' }] };
    expect(isOpen(nights, [{ date: '2026-12-07', spans: [] }], 'UTC', at('2026-12-07', '01:00'))).toBe(false);
    expect(isOpen(nights, [{ date: '2026-12-07', spans: [] }], 'UTC', at('2026-12-06', '23:00'))).toBe(true);
  });

  it('open round the clock merges the days and never changes', () => {
    const day = [{ from: '00:00', to: '24:00' }];
    const always = { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day };
    expect(isOpen(always, [], 'UTC', at('2026-12-09', '03:00'))).toBe(true);
    expect(nextChange(always, [], 'UTC', at('2026-12-09', '03:00'))).toBeNull();
    // …until a holiday a month later.
    expect(nextChange(always, [{ date: '2027-01-01', spans: [] }], 'UTC', at('2026-12-09', '03:00'))).toBe(Date.UTC(2027, 0, 1));
  });

  it('finds the next opening over a weekend', () => {
    expect(nextChange(office, [], 'UTC', at('2026-12-11', '18:00'))).toBe(at('2026-12-14', '09:00'));
    expect(nextChange(office, [], 'UTC', at('2026-12-11', '17:00'))).toBe(at('2026-12-11', '18:00'));
  });
});

describe('working hours across summer time', () => {
  const tz = 'Europe/Berlin';
  it('opens at 09:00 local time on both sides of the change', () => {
    // Summer time ends on Sunday 25 October 2026: 09:00 is 07:00 UTC on the Friday before and 08:00 UTC on the Monday after.
    expect(nextChange(office, [], tz, Date.UTC(2026, 9, 22, 20))).toBe(Date.UTC(2026, 9, 23, 7));
    expect(nextChange(office, [], tz, Date.UTC(2026, 9, 23, 20))).toBe(Date.UTC(2026, 9, 26, 8));
  });

  it('an overnight span lasts an hour longer on the night clocks go back, an hour shorter when they go forward', () => {
    const nights = { ...closed, saturday: [{ from: '22:00', to: '06:00' }] };
    const autumnStart = at('2026-10-24', '22:00', tz);
    expect(nextChange(nights, [], tz, autumnStart)! - autumnStart).toBe(9 * 3_600_000);
    const springStart = at('2026-03-28', '22:00', tz);
    expect(nextChange(nights, [], tz, springStart)! - springStart).toBe(7 * 3_600_000);
  });

  it('a span starting in the skipped hour opens when the clocks jump', () => {
    const ny = 'America/New_York';
    const week = { ...closed, sunday: [{ from: '02:30', to: '05:00' }] };
    // 8 March 2026: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    expect(isOpen(week, [], ny, Date.UTC(2026, 2, 8, 6, 59))).toBe(false);
    expect(isOpen(week, [], ny, Date.UTC(2026, 2, 8, 7, 0))).toBe(true);
  });
});

describe('validating working hours', () => {
  const message = (input: unknown) => WorkingHours.safeParse(input).error?.issues.map((i) => i.message);
  it('names the day and the problem', () => {
    expect(message({ week: { ...closed, monday: [{ from: '09:00', to: '09:00' }] } })).toEqual(['monday: 09:00–09:00 opens and closes at the same time']);
    expect(
      message({
        week: {
          ...closed,
          tuesday: [
            { from: '09:00', to: '13:00' },
            { from: '12:00', to: '18:00' },
          ],
        },
      }),
    ).toEqual(['tuesday: two spans overlap']);
    expect(message({ week: { ...closed, friday: [{ from: '9', to: '18:00' }] } })?.[0]).toMatch(/HH:MM/);
    expect(message({ week: closed, holidays: [{ date: '2026-12-31' }, { date: '2026-12-31' }] })).toEqual(['holidays: 2026-12-31 is listed twice']);
    expect(WorkingHours.parse({ week: { ...closed, saturday: [{ from: '22:00', to: '06:00' }] } }).holidays).toEqual([]);
  });
});
