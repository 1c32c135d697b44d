// The report's arithmetic, free of I/O: from each transferred dialog's summary (what its facts in the
// event log say) and the period's counted facts, the figures the contact center is judged by.
import type { DurationStats, Figures, OperatorFigures, Report } from '../../contracts/reports';
import { wallClock } from '../shared/time-zone';

/** One dialog transferred in the period, as its facts tell it (times in epoch ms; null: did not happen). */
export interface DialogSummary {
  dialogId: number;
  openedAt: number;
  departmentId: number | null;
  botId: number;
  channelId: number;
  /** Its first-response target when it was transferred, in seconds. */
  targetSec: number | null;
  assignedAt: number | null;
  respondedAt: number | null;
  responderId: number | null;
  closedAt: number | null;
  returnedAt: number | null;
  /** The lead's last message before the first answer. */
  lastLeadAt: number | null;
  rating: number | null;
}

/** Missed targets in the period, counted per where they happened. */
export interface BreachCount {
  departmentId: number | null;
  botId: number | null;
  channelId: number | null;
  operatorId: number | null;
  /** 1 first response, 2 next response. */
  value: number;
  count: number;
}

export interface OperatorCount {
  operatorId: number;
  kind: 'assigned' | 'stepped_in' | 'closed' | 'returned';
  count: number;
}

export interface StatusChange {
  operatorId: number;
  at: number;
  online: boolean;
}

export interface ReportInput {
  from: number;
  to: number;
  now: number;
  timeZone: string;
  abandonAfterSec: number;
  dialogs: DialogSummary[];
  breaches: BreachCount[];
  operatorCounts: OperatorCount[];
  /** Each operator's status when the period began (absent: no change recorded before it). */
  statusAtStart: Map<number, boolean>;
  /** Status changes within the period, oldest first. */
  statusChanges: StatusChange[];
  /** Operators Online now (for those whose status never changed: it has been so throughout). */
  onlineNow: Set<number>;
  names: { departments: Map<number, string>; bots: Map<number, string>; channels: Map<number, string>; operators: Map<number, string> };
  labels: { noDepartment: string };
}

/** Nearest-rank percentiles: the smallest value with at least q of the values at or below it. */
export function durationStats(values: number[] | Float64Array): DurationStats {
  const n = values.length;
  if (n === 0) return { count: 0, p50Ms: null, p90Ms: null, maxMs: null };
  // Selection, not a sort: a report takes a dozen of these over up to hundreds of thousands of values.
  // (A Float64Array given is reordered in place.)
  const a = values instanceof Float64Array ? values : Float64Array.from(values);
  const k90 = Math.max(0, Math.ceil(0.9 * n) - 1);
  const k50 = Math.max(0, Math.ceil(0.5 * n) - 1);
  select(a, k90, 0, n - 1);
  // Everything left of k90 is now at most a[k90]: the median is among them.
  select(a, k50, 0, k90);
  let max = a[k90]!;
  for (let i = k90 + 1; i < n; i++) if (a[i]! > max) max = a[i]!;
  return { count: n, p50Ms: a[k50]!, p90Ms: a[k90]!, maxMs: max };
}

/** Moves the k-th smallest of a[lo..hi] to a[k], smaller ones before it and larger after (quickselect, median-of-three pivots). */
export function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot, left at a[mid].
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

const endedAt = (d: DialogSummary): number | null => d.closedAt ?? d.returnedAt;

/** The lead stopped waiting before any operator answered: the dialog ended, or the lead fell silent longer than the limit. */
export function isAbandoned(d: DialogSummary, now: number, abandonMs: number): boolean {
  const ended = endedAt(d);
  if (d.respondedAt === null && ended !== null) return true;
  const silentSince = Math.max(d.openedAt, d.lastLeadAt ?? d.openedAt);
  return (d.respondedAt ?? now) - silentSince > abandonMs;
}

function figuresOf(dialogs: DialogSummary[], breaches: BreachCount[], now: number, abandonMs: number): Figures {
  // Typed arrays sized for every dialog: no growth, no copy before the selection.
  const waits = new Float64Array(dialogs.length);
  const responses = new Float64Array(dialogs.length);
  const resolutions = new Float64Array(dialogs.length);
  let nWaits = 0;
  let nResponses = 0;
  let nResolutions = 0;
  const ratings = [0, 0, 0, 0, 0];
  let taken = 0;
  let closed = 0;
  let returned = 0;
  let waiting = 0;
  let abandoned = 0;
  let measured = 0;
  let within = 0;
  let ratingSum = 0;
  for (const d of dialogs) {
    if (d.assignedAt !== null) {
      taken++;
      waits[nWaits++] = d.assignedAt - d.openedAt;
    } else if (endedAt(d) === null) waiting++;
    if (d.respondedAt !== null) responses[nResponses++] = d.respondedAt - d.openedAt;
    if (d.closedAt !== null) {
      closed++;
      resolutions[nResolutions++] = d.closedAt - d.openedAt;
    }
    if (d.returnedAt !== null) returned++;
    if (isAbandoned(d, now, abandonMs)) abandoned++;
    if (d.targetSec !== null) {
      // Counted once its outcome is known: answered, or the target's time passed unanswered (a lead who
      // left before the target passed is not counted against it).
      const deadline = d.openedAt + d.targetSec * 1000;
      if (d.respondedAt !== null || Math.min(endedAt(d) ?? now, now) > deadline) {
        measured++;
        if (d.respondedAt !== null && d.respondedAt <= deadline) within++;
      }
    }
    if (d.rating !== null && d.rating >= 1 && d.rating <= 5) {
      ratings[d.rating - 1]!++;
      ratingSum += d.rating;
    }
  }
  const rated = ratings.reduce((a, b) => a + b, 0);
  return {
    transferred: dialogs.length,
    taken,
    closed,
    returnedToBot: returned,
    waitingNow: waiting,
    abandoned,
    wait: durationStats(waits.subarray(0, nWaits)),
    firstResponse: durationStats(responses.subarray(0, nResponses)),
    resolution: durationStats(resolutions.subarray(0, nResolutions)),
    serviceLevel: { measured, withinTarget: within, share: measured === 0 ? null : within / measured },
    breaches: {
      firstResponse: breaches.filter((b) => b.value === 1).reduce((a, b) => a + b.count, 0),
      nextResponse: breaches.filter((b) => b.value === 2).reduce((a, b) => a + b.count, 0),
    },
    csat: { count: rated, average: rated === 0 ? null : ratingSum / rated, counts: ratings },
  };
}

function groupBy<K>(dialogs: DialogSummary[], key: (d: DialogSummary) => K): Map<K, DialogSummary[]> {
  const out = new Map<K, DialogSummary[]>();
  for (const d of dialogs) {
    const k = key(d);
    const list = out.get(k);
    if (list) list.push(d);
    else out.set(k, [d]);
  }
  return out;
}

/** Time Online and Offline of each operator between `from` and `end`, from their status changes. */
export function statusTime(
  operatorIds: Iterable<number>,
  status: { atStart: Map<number, boolean>; changes: StatusChange[]; onlineNow: Set<number> },
  from: number,
  end: number,
): Map<number, { onlineMs: number; offlineMs: number }> {
  const { atStart, changes, onlineNow } = status;
  const out = new Map<number, { onlineMs: number; offlineMs: number }>();
  const byOperator = new Map<number, StatusChange[]>();
  for (const c of changes) (byOperator.get(c.operatorId) ?? byOperator.set(c.operatorId, []).get(c.operatorId)!).push(c);
  for (const id of operatorIds) {
    const mine = byOperator.get(id) ?? [];
    // Unknown at the start: the opposite of their first change (changes are recorded as they happen);
    // without any change, the status they have now.
    let online = atStart.get(id) ?? (mine[0] ? !mine[0].online : onlineNow.has(id));
    let since = from;
    const t = { onlineMs: 0, offlineMs: 0 };
    for (const c of [...mine, { operatorId: id, at: end, online }]) {
      const at = Math.min(Math.max(c.at, from), end);
      if (online) t.onlineMs += at - since;
      else t.offlineMs += at - since;
      since = at;
      online = c.online;
    }
    out.set(id, t);
  }
  return out;
}

export function buildReport(input: ReportInput): Report {
  const { dialogs, breaches, now, names } = input;
  const abandonMs = input.abandonAfterSec * 1000;
  const end = Math.min(input.to, now);
  const byDept = groupBy(dialogs, (d) => d.departmentId);
  const byBot = groupBy(dialogs, (d) => d.botId);
  const byChannel = groupBy(dialogs, (d) => d.channelId);
  const byResponder = groupBy(
    dialogs.filter((d) => d.responderId !== null),
    (d) => d.responderId!,
  );

  const departmentIds = new Set<number | null>([...byDept.keys(), ...breaches.map((b) => b.departmentId)]);
  const botIds = new Set<number>([...byBot.keys(), ...breaches.flatMap((b) => (b.botId === null ? [] : [b.botId]))]);
  const channelIds = new Set<number>([...byChannel.keys(), ...breaches.flatMap((b) => (b.channelId === null ? [] : [b.channelId]))]);
  const operatorIds = new Set<number>([
    ...byResponder.keys(),
    ...input.operatorCounts.map((c) => c.operatorId),
    ...breaches.flatMap((b) => (b.operatorId === null ? [] : [b.operatorId])),
    ...input.statusChanges.map((c) => c.operatorId),
    ...[...input.statusAtStart.entries()].filter(([, online]) => online).map(([id]) => id),
  ]);
  const time = statusTime(operatorIds, { atStart: input.statusAtStart, changes: input.statusChanges, onlineNow: input.onlineNow }, input.from, end);
  const count = (id: number, kind: OperatorCount['kind']) =>
    input.operatorCounts.filter((c) => c.operatorId === id && c.kind === kind).reduce((a, c) => a + c.count, 0);
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

  const operators: OperatorFigures[] = [...operatorIds].map((id) => {
    const answered = byResponder.get(id) ?? [];
    const rated = answered.filter((d) => d.rating !== null);
    return {
      operatorId: id,
      name: names.operators.get(id) ?? `#${id}`,
      assigned: count(id, 'assigned') + count(id, 'stepped_in'),
      closed: count(id, 'closed'),
      returnedToBot: count(id, 'returned'),
      firstResponse: durationStats(answered.map((d) => d.respondedAt! - d.openedAt)),
      breaches: breaches.filter((b) => b.operatorId === id).reduce((a, b) => a + b.count, 0),
      csat: { count: rated.length, average: rated.length === 0 ? null : rated.reduce((a, d) => a + d.rating!, 0) / rated.length },
      onlineMs: time.get(id)?.onlineMs ?? 0,
      offlineMs: time.get(id)?.offlineMs ?? 0,
    };
  });

  const byHour = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  // Zone offsets are whole quarter hours: every instant of a UTC quarter hour has one wall-clock hour, so one Intl call per quarter.
  const hourCache = new Map<number, { hour: number; weekday: number }>();
  for (const d of dialogs) {
    const bucket = Math.floor(d.openedAt / 900_000);
    let w = hourCache.get(bucket);
    if (!w) {
      const c = wallClock(bucket * 900_000, input.timeZone);
      w = { hour: c.hour, weekday: c.weekday };
      hourCache.set(bucket, w);
    }
    byHour[w.hour]!++;
    byWeekday[w.weekday]!++;
  }

  return {
    period: { from: input.from, to: input.to, timeZone: input.timeZone },
    abandonAfterSec: input.abandonAfterSec,
    totals: figuresOf(dialogs, breaches, now, abandonMs),
    byDepartment: [...departmentIds]
      .map((id) => ({
        key: id,
        name: id === null ? input.labels.noDepartment : (names.departments.get(id) ?? `#${id}`),
        figures: figuresOf(
          byDept.get(id) ?? [],
          breaches.filter((b) => b.departmentId === id),
          now,
          abandonMs,
        ),
      }))
      .sort(byName),
    byBot: [...botIds]
      .map((id) => ({
        key: id,
        name: names.bots.get(id) ?? `#${id}`,
        figures: figuresOf(
          byBot.get(id) ?? [],
          breaches.filter((b) => b.botId === id),
          now,
          abandonMs,
        ),
      }))
      .sort(byName),
    byChannel: [...channelIds]
      .map((id) => ({
        key: id,
        name: names.channels.get(id) ?? `#${id}`,
        figures: figuresOf(
          byChannel.get(id) ?? [],
          breaches.filter((b) => b.channelId === id),
          now,
          abandonMs,
        ),
      }))
      .sort(byName),
    byOperator: operators.sort(byName),
    load: { byHour, byWeekday },
  };
}
