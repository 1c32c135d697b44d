import { z } from 'zod';
import { Id, Millis } from './common';
import { ServiceTarget } from './inbox';
import { OperatorStatus } from './roles';

/** An operator as the supervisor sees them now. */
export const MonitorOperator = z.object({
  id: Id,
  name: z.string(),
  /** Online or Offline (their switch). */
  status: OperatorStatus,
  /** A workspace of theirs is open now (a realtime socket in any server process). */
  workspaceOpen: z.boolean(),
  /** Active dialogs they are the assignee of. */
  load: z.number().int(),
  /** Their concurrent-dialog limit. */
  maxDialogs: z.number().int(),
  /** The departments they work in. */
  departmentIds: z.array(Id),
  /** When they last answered a lead (their last message that is not an internal note); null: never. */
  lastReplyAt: Millis.nullable(),
  /** Their active dialogs in which the lead has the last word (or no answer was given yet). */
  awaitingAnswer: z.number().int(),
});
export type MonitorOperator = z.infer<typeof MonitorOperator>;

/** The waiting queue of one department (null: dialogs of no department). */
export const MonitorQueue = z.object({
  departmentId: Id.nullable(),
  /** The department's name; empty for "no department" (the screen names it in the reader's language). */
  name: z.string(),
  /** Dialogs waiting for an operator now. */
  waiting: z.number().int(),
  /** When the longest-waiting of them started waiting; null: none waits. */
  oldestWaitingSince: Millis.nullable(),
  /** Of the waiting: how many are past their first-response target. */
  pastTarget: z.number().int(),
});
export type MonitorQueue = z.infer<typeof MonitorQueue>;

/** A service target missed now and not yet answered. */
export const MonitorBreach = z.object({
  dialogId: Id,
  leadId: Id,
  leadName: z.string(),
  departmentId: Id.nullable(),
  /** The assignee's id and name; null while the dialog waits. */
  operatorId: Id.nullable(),
  operatorName: z.string().nullable(),
  target: ServiceTarget,
  /** When the answer was due: overdue since then. */
  dueAt: Millis,
});
export type MonitorBreach = z.infer<typeof MonitorBreach>;

/** Most missed targets listed; `breachedTotal` counts them all. */
export const MONITOR_BREACHES_MAX = 100;

export const Monitor = z.object({
  /** The server's clock when this was read: ages are counted from it. */
  now: Millis,
  /** The business's departments (id and name), for the operators' departments. */
  departments: z.array(z.object({ id: Id, name: z.string() })),
  /** Enabled users with the operator role, by name. */
  operators: z.array(MonitorOperator),
  /** One per department (by code), then "no department". */
  queues: z.array(MonitorQueue),
  /** Missed targets now, longest overdue first (at most MONITOR_BREACHES_MAX). */
  breached: z.array(MonitorBreach),
  breachedTotal: z.number().int(),
});
export type Monitor = z.infer<typeof Monitor>;

export const MonitorResponse = z.object({ monitor: Monitor });
