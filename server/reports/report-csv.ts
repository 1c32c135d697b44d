// A report as CSV for spreadsheets: one table per request (the groups' figures, the operators', or the
// load by hour and weekday), headers in the reader's language, durations in seconds.
import type { DurationStats, Figures, Report } from '../../contracts/reports';

export type CsvTable = 'summary' | 'operators' | 'load';
export type CsvLang = 'en' | 'ru';

const HEADERS = {
  en: {
    scope: 'scope',
    name: 'name',
    total: 'total',
    department: 'department',
    bot: 'bot',
    channel: 'channel',
    noDepartment: 'No department',
    transferred: 'transferred',
    taken: 'taken',
    closed: 'closed',
    returnedToBot: 'returned to bot',
    waitingNow: 'waiting now',
    abandoned: 'abandoned',
    wait: 'wait',
    firstResponse: 'first response',
    resolution: 'resolution',
    slMeasured: 'service level: counted',
    slWithin: 'service level: within target',
    slShare: 'service level, %',
    breachesFirst: 'missed first-response targets',
    breachesNext: 'missed next-response targets',
    csatCount: 'ratings',
    csatAverage: 'average rating',
    operator: 'operator',
    assigned: 'assigned',
    breaches: 'missed targets',
    online: 'online, h',
    offline: 'offline, h',
    hour: 'hour',
    weekday: 'weekday',
    transfers: 'transfers',
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    stat: { p50: 'median, s', p90: 'p90, s', max: 'max, s' },
  },
  ru: {
    scope: 'разрез',
    name: 'название',
    total: 'итого',
    department: 'отдел',
    bot: 'бот',
    channel: 'канал',
    noDepartment: 'Без отдела',
    transferred: 'переведено',
    taken: 'принято',
    closed: 'закрыто',
    returnedToBot: 'возвращено боту',
    waitingNow: 'ждут сейчас',
    abandoned: 'потеряно',
    wait: 'ожидание',
    firstResponse: 'первый ответ',
    resolution: 'решение',
    slMeasured: 'уровень сервиса: учтено',
    slWithin: 'уровень сервиса: в срок',
    slShare: 'уровень сервиса, %',
    breachesFirst: 'нарушено сроков первого ответа',
    breachesNext: 'нарушено сроков следующего ответа',
    csatCount: 'оценок',
    csatAverage: 'средняя оценка',
    operator: 'оператор',
    assigned: 'назначено',
    breaches: 'нарушено сроков',
    online: 'онлайн, ч',
    offline: 'офлайн, ч',
    hour: 'час',
    weekday: 'день недели',
    transfers: 'переводов',
    weekdays: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'],
    stat: { p50: 'медиана, с', p90: 'p90, с', max: 'макс., с' },
  },
} as const;

/** A cell as CSV: quoted when needed; text that a spreadsheet would run as a formula is made inert. */
function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
const hours = (ms: number) => Math.round(ms / 36_000) / 100;
const statCells = (s: DurationStats) => [seconds(s.p50Ms), seconds(s.p90Ms), seconds(s.maxMs)];

function lines(rows: (string | number | null)[][]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function reportCsv(report: Report, table: CsvTable, lang: CsvLang): string {
  const h = HEADERS[lang];
  const stat = (name: string) => [`${name}: ${h.stat.p50}`, `${name}: ${h.stat.p90}`, `${name}: ${h.stat.max}`];
  if (table === 'operators') {
    return lines([
      [h.operator, h.assigned, h.closed, h.returnedToBot, ...stat(h.firstResponse), h.breaches, h.csatCount, h.csatAverage, h.online, h.offline],
      ...report.byOperator.map((o) => [
        o.name,
        o.assigned,
        o.closed,
        o.returnedToBot,
        ...statCells(o.firstResponse),
        o.breaches,
        o.csat.count,
        o.csat.average === null ? null : Math.round(o.csat.average * 100) / 100,
        hours(o.onlineMs),
        hours(o.offlineMs),
      ]),
    ]);
  }
  if (table === 'load') {
    return lines([
      [h.hour, h.transfers],
      ...report.load.byHour.map((n, hour) => [hour, n]),
      [],
      [h.weekday, h.transfers],
      ...report.load.byWeekday.map((n, d) => [h.weekdays[d] ?? '', n]),
    ]);
  }
  const figures = (f: Figures) => [
    f.transferred,
    f.taken,
    f.closed,
    f.returnedToBot,
    f.waitingNow,
    f.abandoned,
    ...statCells(f.wait),
    ...statCells(f.firstResponse),
    ...statCells(f.resolution),
    f.serviceLevel.measured,
    f.serviceLevel.withinTarget,
    f.serviceLevel.share === null ? null : Math.round(f.serviceLevel.share * 1000) / 10,
    f.breaches.firstResponse,
    f.breaches.nextResponse,
    f.csat.count,
    f.csat.average === null ? null : Math.round(f.csat.average * 100) / 100,
  ];
  return lines([
    [
      h.scope,
      h.name,
      h.transferred,
      h.taken,
      h.closed,
      h.returnedToBot,
      h.waitingNow,
      h.abandoned,
      ...stat(h.wait),
      ...stat(h.firstResponse),
      ...stat(h.resolution),
      h.slMeasured,
      h.slWithin,
      h.slShare,
      h.breachesFirst,
      h.breachesNext,
      h.csatCount,
      h.csatAverage,
    ],
    [h.total, '', ...figures(report.totals)],
    ...report.byDepartment.map((g) => [h.department, g.key === null ? h.noDepartment : g.name, ...figures(g.figures)]),
    ...report.byBot.map((g) => [h.bot, g.name, ...figures(g.figures)]),
    ...report.byChannel.map((g) => [h.channel, g.name, ...figures(g.figures)]),
  ]);
}
