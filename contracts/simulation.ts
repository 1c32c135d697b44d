// The routing simulator: a business replays a day (or a month) of traffic against its operators,
// shifts and distribution settings, with the built-in rule or its own routing script, and sees how
// long leads would wait. Everything is simulated in memory; nothing here touches real dialogs.
import { z } from 'zod';
import { ACCOUNT_LIMITS, DEPARTMENT_CODE } from './accounts';
import { BusinessSettings } from './business';
import { Id, Millis } from './common';
import { LIMITS } from './limits';

/** Bounds of one simulation, so a request cannot hold a server process for long. */
export const SIMULATION_LIMITS = {
  days: 31,
  /** Dialogs of one simulation: recorded ones, or the expected number of generated ones. */
  dialogs: 100_000,
  operators: 1_000,
  shiftsPerOperator: 8,
  departments: 200,
  /** Longest handling or first-response time of one recorded dialog. */
  dialogMs: 7 * 86_400_000,
} as const;

const DAY_MS = 86_400_000;
const Seconds = z.number().min(0).max(86_400);
const Share = z.number().min(0).max(1);
const DepartmentCode = z.string().regex(DEPARTMENT_CODE, 'use 1-32 characters of a-z, 0-9, _ and -');
const unique = (xs: readonly unknown[]) => new Set(xs).size === xs.length;

/** A local time of day; a shift whose `to` is earlier than its `from` goes on past midnight. */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, 00:00 to 23:59');

export const SimShift = z
  .strictObject({
    /** When the operator comes Online, every day (local time). */
    from: ClockTime,
    /** When they go Offline (local time); earlier than `from`: the next day. */
    to: ClockTime,
  })
  .refine((s) => s.from !== s.to, 'a shift ends at another time than it starts (no shifts at all: always on)');
export type SimShift = z.infer<typeof SimShift>;

export const SimOperator = z.strictObject({
  /** The operator's id, as the routing script sees it. */
  id: Id,
  name: z.string().trim().min(1).max(ACCOUNT_LIMITS.userName),
  /** Their concurrent-dialog limit. */
  maxDialogs: z.number().int().min(0).max(ACCOUNT_LIMITS.maxDialogs),
  /** Codes of the departments they belong to. */
  departments: z.array(DepartmentCode).max(ACCOUNT_LIMITS.departmentsPerUser).refine(unique, 'departments must not repeat'),
  /** When they are Online, the same every day (overlaps merge); empty: always Online. */
  shifts: z.array(SimShift).max(SIMULATION_LIMITS.shiftsPerOperator).default([]),
});
export type SimOperator = z.infer<typeof SimOperator>;

export const SimLead = z.strictObject({
  /** The same id on the same lead's dialogs (so `preferPreviousOperator` has someone to prefer); absent: a lead of its own. */
  id: Id.optional(),
  name: z.string().max(LIMITS.leadName).nullable(),
  /** The lead's attributes as strings, as the routing script sees them. */
  attrs: z.record(z.string().max(LIMITS.attributeName), z.string().max(LIMITS.attributeValue)),
  tags: z.array(z.string().max(LIMITS.tag)).max(100),
  /** The channel's kind: 'api', 'telegram', 'widget'. */
  channel: z.string().min(1).max(32),
  language: z.string().max(16).nullable(),
});
export type SimLead = z.infer<typeof SimLead>;

export const RecordedDialog = z.strictObject({
  /** When the dialog started waiting for an operator (epoch ms). */
  arrivedAt: Millis.min(0),
  /** The department it waited in (null: the whole business). */
  departmentCode: DepartmentCode.nullable(),
  /** How long its operator worked it, from getting it to closing it. */
  handlingMs: z.number().int().min(0).max(SIMULATION_LIMITS.dialogMs),
  /** How long after getting it the operator first answered (null: never, e.g. spam closed unanswered). */
  firstResponseMs: z.number().int().min(0).max(SIMULATION_LIMITS.dialogMs).nullable(),
  lead: SimLead,
});
export type RecordedDialog = z.infer<typeof RecordedDialog>;

/** How long a lead waits in the queue before giving up (abandoned); null: forever. */
const PatienceSec = z.number().int().min(1).max(86_400).nullable().default(null);

/** Traffic drawn at random from a daily profile: a non-homogeneous Poisson process, hour by hour. */
export const GeneratedTraffic = z
  .strictObject({
    kind: z.literal('generated'),
    /** How many days to simulate. */
    days: z.number().int().min(1).max(SIMULATION_LIMITS.days),
    /** The first simulated day (local); it matters only to scripts that look at the date. */
    startDate: z.iso.date().default('2025-01-06'),
    /** Dialogs per hour for each local hour of the day, 0 to 23. */
    arrivalsPerHour: z.array(z.number().min(0).max(10_000)).length(24),
    /** How long an operator works a dialog, from getting it to closing it: `min` plus an exponential part, `mean` in all. */
    handlingSec: z
      .strictObject({ mean: Seconds.positive(), min: Seconds.default(0) })
      .refine((h) => h.min <= h.mean, { message: 'min is at most the mean', path: ['min'] }),
    /** How long after getting a dialog the operator first answers (exponential with this mean; 0: at once). */
    firstResponseSec: z.strictObject({ mean: Seconds }),
    /** Departments the dialogs wait in, with relative weights; absent: all wait for the whole business. */
    departmentShares: z
      .record(DepartmentCode, z.number().min(0).max(1_000_000))
      .refine((s) => Object.values(s).some((w) => w > 0), 'at least one department has a positive share')
      .optional(),
    leads: z
      .strictObject({
        /** Share of dialogs whose lead has the attribute vip = '1' (to try a script on). */
        vipShare: Share.default(0),
        /** Share of dialogs from a lead who wrote before (to try `preferPreviousOperator` on). */
        returningShare: Share.default(0),
      })
      .prefault({}),
    patienceSec: PatienceSec,
  })
  .refine((t) => t.days * t.arrivalsPerHour.reduce((a, b) => a + b, 0) <= SIMULATION_LIMITS.dialogs, {
    message: `at most ${SIMULATION_LIMITS.dialogs} dialogs expected in all (days × arrivals per day)`,
    path: ['arrivalsPerHour'],
  });
export type GeneratedTraffic = z.infer<typeof GeneratedTraffic>;

/** The business's own history, replayed: each dialog arrives when it did and takes as long as it did. */
export const RecordedTraffic = z.strictObject({
  kind: z.literal('recorded'),
  dialogs: z
    .array(RecordedDialog)
    .min(1)
    .max(SIMULATION_LIMITS.dialogs)
    .refine((ds) => {
      let first = Infinity;
      let last = -Infinity;
      for (const d of ds) [first, last] = [Math.min(first, d.arrivedAt), Math.max(last, d.arrivedAt)];
      return last - first < SIMULATION_LIMITS.days * DAY_MS;
    }, `the dialogs span less than ${SIMULATION_LIMITS.days} days`),
  patienceSec: PatienceSec,
});
export type RecordedTraffic = z.infer<typeof RecordedTraffic>;

export const SimulationTraffic = z.discriminatedUnion('kind', [GeneratedTraffic, RecordedTraffic]);
export type SimulationTraffic = z.infer<typeof SimulationTraffic>;

/** The distribution settings that change the simulation, as the business's settings name them (same defaults). */
export const SimulationSettings = BusinessSettings.pick({
  autoAssignOffline: true,
  preferPreviousOperator: true,
  offlineDialogs: true,
  reassignAfterSec: true,
});
export type SimulationSettings = z.infer<typeof SimulationSettings>;

export const SimulationRequest = z
  .strictObject({
    traffic: SimulationTraffic,
    operators: z.array(SimOperator).max(SIMULATION_LIMITS.operators),
    settings: SimulationSettings.prefault({}),
    /** The business's department codes; absent: those the operators and the traffic name. */
    departments: z.array(DepartmentCode).max(SIMULATION_LIMITS.departments).refine(unique, 'departments must not repeat').optional(),
    /** The business's offset from UTC in minutes: shifts and hours of the day are local times. */
    utcOffsetMin: z.number().int().min(-720).max(840).default(0),
    /** Seeds the random draws (generated traffic, response times after a reassignment): the same seed, the same report. */
    seed: z.number().int().min(0).max(0xffff_ffff).optional(),
    /** Who decides: the built-in rule alone, or the business's routing script (falling back to the rule). */
    algorithm: z.enum(['builtin', 'script']),
  })
  .superRefine((r, ctx) => {
    if (!unique(r.operators.map((o) => o.id))) ctx.addIssue({ code: 'custom', message: 'operator ids must not repeat', path: ['operators'] });
    if (!r.departments) return;
    const known = new Set(r.departments);
    const named = [
      ...r.operators.flatMap((o) => o.departments),
      ...(r.traffic.kind === 'generated' ? Object.keys(r.traffic.departmentShares ?? {}) : r.traffic.dialogs.map((d) => d.departmentCode)),
    ];
    const unknown = [...new Set(named)].filter((c) => c !== null && !known.has(c));
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `not in departments: ${unknown.slice(0, 5).join(', ')}`, path: ['departments'] });
  });
export type SimulationRequest = z.infer<typeof SimulationRequest>;

/** A distribution of durations in ms over `count` dialogs (all 0 when there are none). */
export const DurationSpread = z.strictObject({ count: z.number().int().min(0), p50: z.number().min(0), p90: z.number().min(0), max: z.number().min(0) });
export type DurationSpread = z.infer<typeof DurationSpread>;

export const SimulatedOperator = z.strictObject({
  id: Id,
  name: z.string(),
  /** Dialogs they were given (a dialog given back and given again counts each time). */
  dialogs: z.number().int().min(0),
  /** The most dialogs they had at once. */
  maxConcurrent: z.number().int().min(0),
  /** Share of their time Online with at least one dialog (0 when never Online). */
  busyShare: Share,
});
export type SimulatedOperator = z.infer<typeof SimulatedOperator>;

export const SimulationReport = z.strictObject({
  /** Dialogs simulated: assigned + unassigned + abandoned. */
  dialogs: z.number().int().min(0),
  /** Dialogs with an operator (or closed by one) at the end. */
  assigned: z.number().int().min(0),
  /** Dialogs still waiting at the end. */
  unassigned: z.number().int().min(0),
  /** Dialogs whose lead gave up waiting (`patienceSec`). */
  abandoned: z.number().int().min(0),
  /** From arrival to the first operator, over the dialogs that got one. */
  waitingMs: DurationSpread,
  /** From arrival to the operator's first answer, over the dialogs answered. */
  firstResponseMs: DurationSpread,
  perOperator: z.array(SimulatedOperator),
  /** Assignments that put an operator over their limit: 0 unless the simulator (or the rule) is wrong. */
  limitBreaches: z.number().int().min(0),
  /** Script answers that could not be followed (an operator who could not take more, an unknown department); the rule decided. */
  refusedAnswers: z.number().int().min(0),
  /** How many times the routing script was asked (0 with the built-in rule): what a script's run time scales with. */
  scriptCalls: z.number().int().min(0),
  /** Dialogs taken back from an operator who did not answer in time (`reassignAfterSec`). */
  reassigned: z.number().int().min(0),
  /** Dialogs given back to the queue when their operator's shift ended (`offlineDialogs: requeue`). */
  requeued: z.number().int().min(0),
  /** The simulated period (whole local days). */
  simulatedMs: z.number().int().min(0),
  /** How long the simulation took, filled in by the caller. */
  wallMs: z.number().min(0).optional(),
});
export type SimulationReport = z.infer<typeof SimulationReport>;

/** A period of the business's own history to replay: every dialog that waited for an operator in it. */
export const HistoryTraffic = z.strictObject({
  kind: z.literal('history'),
  /** From (epoch ms, inclusive). */
  from: Millis.min(0),
  /** To (epoch ms, exclusive); less than 31 days after `from`. */
  to: Millis.min(0),
  patienceSec: PatienceSec,
});

/**
 * What `POST /api/v1/routing/simulations` and `npm run cli -- routing:simulate` take: the traffic
 * (generated, recorded, or the business's own history), and optionally the operators, settings and
 * script to try. Whatever is left out is the business's as it is now: its operators (always Online,
 * unless shifts are given), its distribution settings, its saved routing script.
 */
export const SimulationBody = z
  .strictObject({
    traffic: z.discriminatedUnion('kind', [GeneratedTraffic, RecordedTraffic, HistoryTraffic]),
    operators: z.array(SimOperator).max(SIMULATION_LIMITS.operators).optional(),
    settings: z
      .strictObject({
        autoAssignOffline: z.boolean().optional(),
        preferPreviousOperator: z.boolean().optional(),
        offlineDialogs: z.enum(['keep', 'requeue']).optional(),
        reassignAfterSec: z.number().int().min(30).max(86_400).nullable().optional(),
      })
      .optional(),
    utcOffsetMin: z.number().int().min(-720).max(840).optional(),
    seed: z.number().int().min(0).max(0xffff_ffff).optional(),
    algorithm: z.enum(['builtin', 'script']).default('builtin'),
    /** A routing script to try instead of the saved one (algorithm 'script'). Its `http` calls are refused: a simulation never reaches the CRM. */
    code: z
      .string()
      .min(1)
      .max(256 * 1024)
      .optional(),
  })
  .refine((b) => b.traffic.kind !== 'history' || (b.traffic.to > b.traffic.from && b.traffic.to - b.traffic.from <= SIMULATION_LIMITS.days * DAY_MS), {
    message: `to is after from, at most ${SIMULATION_LIMITS.days} days later`,
    path: ['traffic', 'to'],
  });
export type SimulationBody = z.infer<typeof SimulationBody>;

export const SimulationResult = z.object({
  report: SimulationReport,
  /** Decisions where the script failed (the rule decided instead), with the first few reasons. */
  scriptFailures: z.object({ count: z.number().int().min(0), first: z.array(z.string()) }),
});
export type SimulationResult = z.infer<typeof SimulationResult>;
