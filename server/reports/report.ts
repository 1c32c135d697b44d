// The report's arithmetic, free of I/O: from each transferred dialog's summary (what its facts in the
// event log say) and the period's counted facts, the figures the contact center is judged by.
import type { DurationStats, Figures, OperatorFigures, Report } from '../../contracts/reports';
import { wallClock } from '../shared/time-zone';

/** One dialog transferred in the period, as its facts tell it (times in epoch ms; null: did not happen). */
export interface DialogSummary {
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

/**
 * The period's transferred dialogs as columns, one entry per dialog: a month is 100,000+ dialogs, and
 * typed arrays cost neither an object per dialog nor a copy before the percentiles. Times after the
 * transfer are offsets from it in ms; NaN: did not happen, or none.
 */
export interface DialogTable {
  length: number;
  openedAt: Float64Array;
  departmentId: Float64Array;
  botId: Float64Array;
  channelId: Float64Array;
  targetSec: Float64Array;
  assigned: Float64Array;
  responded: Float64Array;
  responderId: Float64Array;
  closed: Float64Array;
  returned: Float64Array;
  lastLead: Float64Array;
  rating: Float64Array;
}

/** The table of the given dialogs (tests, small sets). */
export function dialogTable(dialogs: DialogSummary[]): DialogTable {
  const col = (f: (d: DialogSummary) => number | null) => Float64Array.from(dialogs, (d) => f(d) ?? NaN);
  const after = (f: (d: DialogSummary) => number | null) => col((d) => (f(d) === null ? null : f(d)! - d.openedAt));
  return {
    length: dialogs.length,
    openedAt: col((d) => d.openedAt),
    departmentId: col((d) => d.departmentId),
    botId: col((d) => d.botId),
    channelId: col((d) => d.channelId),
    targetSec: col((d) => d.targetSec),
    assigned: after((d) => d.assignedAt),
    responded: after((d) => d.respondedAt),
    responderId: col((d) => d.responderId),
    closed: after((d) => d.closedAt),
    returned: after((d) => d.returnedAt),
    lastLead: after((d) => d.lastLeadAt),
    rating: col((d) => d.rating),
  };
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
  dialogs: DialogTable;
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

const has = (x: number): boolean => !Number.isNaN(x);

/**
 * The lead stopped waiting before any operator answered: the dialog ended unanswered, or the lead fell
 * silent longer than the limit (offsets from the transfer; `age`: from the transfer to now).
 */
function abandoned(responded: number, ended: number, lastLead: number, age: number, abandonMs: number): boolean {
  if (!has(responded) && has(ended)) return true;
  const silentSince = has(lastLead) ? Math.max(0, lastLead) : 0;
  return (has(responded) ? responded : age) - silentSince > abandonMs;
}

export function isAbandoned(d: DialogSummary, now: number, abandonMs: number): boolean {
  const t = dialogTable([d]);
  return abandoned(t.responded[0]!, endedAt(t, 0), t.lastLead[0]!, now - d.openedAt, abandonMs);
}

/** When the dialog ended (closed, else returned to the bot), after its transfer; NaN: not yet. */
const endedAt = (t: DialogTable, i: number): number => (has(t.closed[i]!) ? t.closed[i]! : t.returned[i]!);

/** Every row of the table, for the totals. */
function allRows(t: DialogTable): Int32Array {
  const rows = new Int32Array(t.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return rows;
}

function figuresOf(t: DialogTable, rows: Int32Array, breaches: BreachCount[], now: number, abandonMs: number): Figures {
  // Typed arrays sized for every dialog: no growth, no copy before the selection.
  const waits = new Float64Array(rows.length);
  const responses = new Float64Array(rows.length);
  const resolutions = new Float64Array(rows.length);
  let nWaits = 0;
  let nResponses = 0;
  let nResolutions = 0;
  const ratings = [0, 0, 0, 0, 0];
  let closed = 0;
  let returned = 0;
  let waiting = 0;
  let nAbandoned = 0;
  let measured = 0;
  let within = 0;
  let ratingSum = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const assigned = t.assigned[i]!;
    const responded = t.responded[i]!;
    const ended = endedAt(t, i);
    const age = now - t.openedAt[i]!;
    if (has(assigned)) waits[nWaits++] = assigned;
    else if (!has(ended)) waiting++;
    if (has(responded)) responses[nResponses++] = responded;
    if (has(t.closed[i]!)) {
      closed++;
      resolutions[nResolutions++] = t.closed[i]!;
    }
    if (has(t.returned[i]!)) returned++;
    if (abandoned(responded, ended, t.lastLead[i]!, age, abandonMs)) nAbandoned++;
    const targetSec = t.targetSec[i]!;
    if (has(targetSec)) {
      // Counted once its outcome is known: answered, or the target's time passed unanswered (a lead who
      // left before the target passed is not counted against it).
      const deadline = targetSec * 1000;
      if (has(responded) || Math.min(has(ended) ? ended : age, age) > deadline) {
        measured++;
        if (has(responded) && responded <= deadline) within++;
      }
    }
    const rating = t.rating[i]!;
    if (rating >= 1 && rating <= 5) {
      ratings[rating - 1]!++;
      ratingSum += rating;
    }
  }
  const rated = ratings.reduce((a, b) => a + b, 0);
  return {
    transferred: rows.length,
    taken: nWaits,
    closed,
    returnedToBot: returned,
    waitingNow: waiting,
    abandoned: nAbandoned,
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

/** The rows of each value of a column (NaN, for "none", is a key of its own): one lookup per row, then a fill. */
function rowsBy(key: Float64Array, rows: Int32Array): Map<number, Int32Array> {
  const slotOf = new Map<number, number>();
  const slots = new Int32Array(rows.length);
  const sizes: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const k = key[rows[r]!]!;
    let slot = slotOf.get(k);
    if (slot === undefined) {
      slot = sizes.length;
      slotOf.set(k, slot);
      sizes.push(0);
    }
    slots[r] = slot;
    sizes[slot]!++;
  }
  const lists = sizes.map((n) => new Int32Array(n));
  const filled = new Int32Array(sizes.length);
  for (let r = 0; r < rows.length; r++) lists[slots[r]!]![filled[slots[r]!]!++] = rows[r]!;
  return new Map([...slotOf].map(([k, slot]) => [k, lists[slot]!]));
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
  const { dialogs: t, breaches, now, names } = input;
  const abandonMs = input.abandonAfterSec * 1000;
  const end = Math.min(input.to, now);
  const rows = allRows(t);
  const byDept = rowsBy(t.departmentId, rows);
  const byBot = rowsBy(t.botId, rows);
  const byChannel = rowsBy(t.channelId, rows);
  const byResponder = rowsBy(t.responderId, rows);
  byResponder.delete(NaN);
  const none = new Int32Array(0);
  const nullable = (k: number): number | null => (has(k) ? k : null);

  const departmentIds = new Set<number | null>([...[...byDept.keys()].map(nullable), ...breaches.map((b) => b.departmentId)]);
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
    const answered = byResponder.get(id) ?? none;
    let rated = 0;
    let ratingSum = 0;
    for (const i of answered)
      if (has(t.rating[i]!)) {
        rated++;
        ratingSum += t.rating[i]!;
      }
    return {
      operatorId: id,
      name: names.operators.get(id) ?? `#${id}`,
      assigned: count(id, 'assigned') + count(id, 'stepped_in'),
      closed: count(id, 'closed'),
      returnedToBot: count(id, 'returned'),
      firstResponse: durationStats(Float64Array.from(answered, (i) => t.responded[i]!)),
      breaches: breaches.filter((b) => b.operatorId === id).reduce((a, b) => a + b.count, 0),
      csat: { count: rated, average: rated === 0 ? null : ratingSum / rated },
      onlineMs: time.get(id)?.onlineMs ?? 0,
      offlineMs: time.get(id)?.offlineMs ?? 0,
    };
  });

  const byHour = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  // Zone offsets are whole quarter hours: every instant of a UTC quarter hour has one wall-clock hour, so one Intl call per quarter.
  const hourCache = new Map<number, { hour: number; weekday: number }>();
  for (let i = 0; i < t.length; i++) {
    const bucket = Math.floor(t.openedAt[i]! / 900_000);
    let w = hourCache.get(bucket);
    if (!w) {
      const c = wallClock(bucket * 900_000, input.timeZone);
      w = { hour: c.hour, weekday: c.weekday };
      hourCache.set(bucket, w);
    }
    byHour[w.hour]!++;
    byWeekday[w.weekday]!++;
  }

  const group = <K extends number | null>(id: K, name: string, of: Int32Array | undefined, own: (b: BreachCount) => boolean) => ({
    key: id,
    name,
    figures: figuresOf(t, of ?? none, breaches.filter(own), now, abandonMs),
  });
  return {
    period: { from: input.from, to: input.to, timeZone: input.timeZone },
    abandonAfterSec: input.abandonAfterSec,
    totals: figuresOf(t, rows, breaches, now, abandonMs),
    byDepartment: [...departmentIds]
      .map((id) =>
        group(id, id === null ? input.labels.noDepartment : (names.departments.get(id) ?? `#${id}`), byDept.get(id ?? NaN), (b) => b.departmentId === id),
      )
      .sort(byName),
    byBot: [...botIds].map((id) => group(id, names.bots.get(id) ?? `#${id}`, byBot.get(id), (b) => b.botId === id)).sort(byName),
    byChannel: [...channelIds].map((id) => group(id, names.channels.get(id) ?? `#${id}`, byChannel.get(id), (b) => b.channelId === id)).sort(byName),
    byOperator: operators.sort(byName),
    load: { byHour, byWeekday },
  };
}
