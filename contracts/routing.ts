import { z } from 'zod';
import { Id, Millis } from './common';
import { NextCursor, pageQuery } from './pagination';
import { OperatorStatus } from './roles';

/**
 * What a routing decision looks at, the same for the built-in rule, the business's routing script and
 * the routing simulator: the waiting dialog, its lead and the operators who could take it.
 */
export const RoutingOperator = z.object({
  id: Id,
  name: z.string(),
  status: OperatorStatus,
  /** Active dialogs the operator is in now. */
  openDialogs: z.number().int().min(0),
  /** Their concurrent-dialog limit. */
  maxDialogs: z.number().int().min(0),
  /** Codes of the departments they belong to. */
  departments: z.array(z.string()),
  /** When they last got a dialog (epoch ms; 0: never). */
  lastAssignedAt: Millis,
  /** Whether they have the workspace open in a browser now. */
  workspaceOpen: z.boolean(),
});
export type RoutingOperator = z.infer<typeof RoutingOperator>;

export const RoutingInput = z.object({
  dialog: z.object({
    id: Id,
    /** The department it waits in (null: the whole business). */
    departmentCode: z.string().nullable(),
    /** When it started waiting (epoch ms). */
    waitingSince: Millis,
    /** The lead's operator in their previous dialog, if any. */
    previousOperatorId: Id.nullable(),
  }),
  lead: z.object({
    id: Id,
    name: z.string().nullable(),
    /** The lead's attributes (Metabot's `lead.getAttr`), as strings. */
    attrs: z.record(z.string(), z.string()),
    tags: z.array(z.string()),
    /** The channel's kind: 'api', 'telegram', 'widget'. */
    channel: z.string(),
    language: z.string().nullable(),
  }),
  /** Operators of the business with the Operator role, enabled (all of them, not only those who fit). */
  operators: z.array(RoutingOperator),
  /** The built-in rule's first choices for this dialog (up to 5 ids of operators who could take it now, best first). */
  suggested: z.array(Id),
  /** Epoch ms of the decision. */
  now: Millis,
});
export type RoutingInput = z.infer<typeof RoutingInput>;

/**
 * A routing script's answer. Returning nothing (undefined or null) means "use the built-in rule".
 * - `{ operatorId }`: give the dialog to this operator (if they still can take it; otherwise the rule decides);
 * - `{ departmentCode }`: move it to that department's queue, where the rule (or the script again) picks;
 * - `{ wait: true }`: leave it waiting (e.g. a ticket was made in a CRM and someone there will take it).
 */
export const RoutingAnswer = z.union([
  z.strictObject({ operatorId: Id }),
  z.strictObject({ departmentCode: z.string().min(1).max(64) }),
  z.strictObject({ wait: z.literal(true) }),
  z.null(),
]);
export type RoutingAnswer = z.infer<typeof RoutingAnswer>;

/** The business's routing script: JavaScript run for each waiting dialog (see docs/routing.md). */
export const RoutingScriptBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1, 'the code is empty')
    .max(256 * 1024, 'the code is longer than 256 K characters'),
});
export const RoutingScriptView = z.object({
  /** null: none, the built-in rule decides. */
  script: z.object({ code: z.string(), updatedAt: Millis, updatedBy: Id.nullable() }).nullable(),
});
export type RoutingScriptView = z.infer<typeof RoutingScriptView>;

export const RoutingLogLevel = z.enum(['log', 'info', 'warn', 'error']);
export const RoutingLog = z.object({
  id: Id,
  /** The dialog being decided. */
  dialogId: Id.nullable(),
  level: RoutingLogLevel,
  message: z.string(),
  createdAt: Millis,
});
export const RoutingLogsQuery = z.strictObject({
  dialogId: z.coerce.number().int().positive().optional(),
  ...pageQuery({ default: 50, max: 200 }),
});
/** Newest first. */
export const RoutingLogList = z.object({ logs: z.array(RoutingLog), nextCursor: NextCursor });
