// Generated traffic: arrivals drawn from the business's daily profile, reproducibly (a seeded PRNG).
import type { GeneratedTraffic, RecordedDialog } from '../../../contracts/simulation';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponential draw with this mean (1 - u keeps the logarithm finite). */
const exponential = (random: () => number, mean: number): number => -mean * Math.log(1 - random());

/** Epoch ms of local midnight at the start of the traffic's first day. */
export function generatedStart(t: GeneratedTraffic, utcOffsetMin: number): number {
  return Date.parse(`${t.startDate}T00:00:00Z`) - utcOffsetMin * 60_000;
}

/**
 * Expands a daily profile into dialogs, oldest first: within each hour arrivals are a Poisson
 * process at that hour's rate (so the day is a non-homogeneous Poisson process); each dialog draws
 * its department, handling and first-response times and its lead. Same traffic and seed, same dialogs.
 */
export function generateArrivals(t: GeneratedTraffic, o: { seed?: number; utcOffsetMin?: number } = {}): RecordedDialog[] {
  const random = mulberry32(o.seed ?? 1);
  const start = generatedStart(t, o.utcOffsetMin ?? 0);
  const pickDepartment = departmentPicker(t.departmentShares, random);
  const out: RecordedDialog[] = [];
  /** Per lead (id - 1): whether they are a VIP; a returning lead stays what they were. */
  const vipLeads: boolean[] = [];
  for (let day = 0; day < t.days; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const perMs = (t.arrivalsPerHour[hour] ?? 0) / HOUR_MS;
      if (perMs <= 0) continue;
      const hourStart = start + day * DAY_MS + hour * HOUR_MS;
      for (let at = hourStart + exponential(random, 1 / perMs); at < hourStart + HOUR_MS; at += exponential(random, 1 / perMs)) {
        const returning = vipLeads.length > 0 && random() < t.leads.returningShare;
        const leadId = returning ? 1 + Math.floor(random() * vipLeads.length) : vipLeads.push(random() < t.leads.vipShare);
        const vip = vipLeads[leadId - 1];
        out.push({
          arrivedAt: Math.floor(at),
          departmentCode: pickDepartment(),
          handlingMs: Math.round((t.handlingSec.min + exponential(random, t.handlingSec.mean - t.handlingSec.min)) * 1000),
          firstResponseMs: Math.round(exponential(random, t.firstResponseSec.mean) * 1000),
          lead: { id: leadId, name: `Lead ${leadId}`, attrs: vip ? { vip: '1' } : {}, tags: [], channel: 'telegram', language: null },
        });
      }
    }
  }
  return out;
}

/** Draws a department code by its share (null for every dialog when there are no shares). */
function departmentPicker(shares: Record<string, number> | undefined, random: () => number): () => string | null {
  const entries = Object.entries(shares ?? {}).filter(([, w]) => w > 0);
  if (entries.length === 0) return () => null;
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  return () => {
    let x = random() * total;
    for (const [code, w] of entries) if ((x -= w) < 0) return code;
    return entries[entries.length - 1]![0];
  };
}
