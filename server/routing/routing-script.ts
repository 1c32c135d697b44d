// The business's own routing decision: its JavaScript, run in the sandbox for one waiting dialog,
// outside any database transaction (a script that calls a CRM holds no lock while it waits). What it
// answers is only a wish: the drain commits it with a compare-and-set, and whatever it cannot use (a
// failure, an overrun, an answer of the wrong shape) falls back to the built-in rule with the reason
// in the routing log.
import { RoutingAnswer, type RoutingInput } from '../../contracts/routing';
import { createHttpApi, type Json, type Sandbox } from '../scripting/index';

export interface LogLine {
  level: 'log' | 'info' | 'warn' | 'error';
  message: string;
}

export interface ScriptDecision {
  /** null: the built-in rule decides. */
  answer: RoutingAnswer;
  /** What the script printed and, if its answer is not used, why. */
  lines: LogLine[];
  /** The script failed or answered something unusable. */
  failed: boolean;
}

const refuse = () => {
  throw Object.assign(new Error('http is not available in the routing simulator (it would reach the real CRM)'), { code: 'http_refused' });
};
const NO_HTTP = { get: refuse, post: refuse, request: refuse };

/** CPU the script may use per decision (time waiting for `http` does not count). */
export const SCRIPT_CPU_MS = 50;
/** The whole run, host calls included: a CRM that does not answer does not hold the queue for long. */
export const SCRIPT_WALL_MS = 10_000;

/** `http: false` (the simulator): every request is refused, so a simulated decision never reaches the CRM. */
export async function runRoutingScript(
  sandbox: Sandbox,
  o: { businessId: number; code: string; input: RoutingInput; allowPrivate: boolean; http?: boolean },
): Promise<ScriptDecision> {
  const { input } = o;
  const out = await sandbox.run({
    code: o.code,
    kind: 'script',
    businessId: o.businessId,
    timeoutMs: SCRIPT_CPU_MS,
    wallTimeoutMs: SCRIPT_WALL_MS,
    filename: 'routing.js',
    api: {
      routing: {
        dialog: () => input.dialog,
        lead: () => input.lead,
        // Filtered here (in V8) rather than in the script: handing QuickJS 1,000 operators costs ~5 ms, a department's few well under 1.
        operators: (filter) => selectOperators(input, filter),
        operator: (id) => input.operators.find((o) => o.id === Number(id)) ?? null,
        suggested: () => input.suggested,
        now: () => input.now,
      },
      http: o.http === false ? NO_HTTP : createHttpApi({ allowPrivate: o.allowPrivate }),
    },
  });
  const lines: LogLine[] = out.logs.map((l) => ({ level: l.level, message: l.message }));
  if (!out.ok) {
    const e = out.error;
    const where = e.line !== undefined ? ` (line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''})` : '';
    lines.push({ level: 'error', message: `${e.kind === 'runtime' ? '' : `${e.kind}: `}${e.message}${where}; the built-in rule decides` });
    return { answer: null, lines, failed: true };
  }
  const parsed = RoutingAnswer.safeParse(out.value ?? null);
  if (!parsed.success) {
    lines.push({
      level: 'error',
      message: `the script answered ${JSON.stringify(out.value).slice(0, 200)}: expected { operatorId }, { departmentCode }, { wait: true } or nothing; the built-in rule decides`,
    });
    return { answer: null, lines, failed: true };
  }
  return { answer: parsed.data, lines, failed: false };
}

/**
 * `routing.operators(filter?)`: every operator, or those matching `{ department, status, available }`
 * (`available`: could take one more dialog by the built-in rule's measure, i.e. Online and under their limit).
 */
function selectOperators(input: RoutingInput, filter: Json | undefined): RoutingInput['operators'] {
  if (filter === undefined || filter === null) return input.operators;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new Error('routing.operators(filter): an object like { department, status, available }');
  const { department, status, available } = filter;
  return input.operators.filter(
    (o) =>
      (department === undefined || o.departments.includes(String(department))) &&
      (status === undefined || o.status === status) &&
      (available === undefined || (o.status === 'online' && o.openDialogs < o.maxDialogs) === Boolean(available)),
  );
}
