// The routing simulator from the server: the business's operators, settings and routing script as
// they are now (or as the request says), against generated traffic or a period of its own history,
// computed in memory by the simulator on the dialog machine. Reads only: nothing live changes, and a
// script's `http` is refused, so no CRM sees a simulated ticket.
import {
  SimulationRequest,
  type RecordedDialog,
  type SimOperator,
  type SimulationBody,
  type SimulationResult,
  SIMULATION_LIMITS,
} from '../../contracts/simulation';
import { listDepartmentsOfBusiness, readBusinessSettings } from '../accounts/index';
import type { AppContext } from '../context';
import { dialogsThatWaited } from '../dialogs/index';
import { badInput, AppError } from '../errors';
import { routingProfiles } from '../leads/index';
import { hasRole, type Actor } from '../shared/actor';
import { forbidden } from '../errors';
import type { Executor } from '../storage/db';
import { loadOperatorView } from './candidates';
import { runRoutingScript } from './routing-script';
import { findRoutingScript } from './routing-script.repo';
import { simulate } from './simulator/index';

export async function runSimulation(ctx: Pick<AppContext, 'db' | 'clock' | 'sandbox'>, actor: Actor, body: SimulationBody): Promise<SimulationResult> {
  if (!hasRole(actor, 'admin', 'script_editor')) throw forbidden('Only administrators and script editors run the routing simulator');
  const businessId = actor.businessId;
  const [settings, departments] = await Promise.all([readBusinessSettings(ctx.db, businessId), listDepartmentsOfBusiness(ctx.db, businessId)]);
  const codes = new Map(departments.map((d) => [d.id, d.code]));
  const operators = body.operators ?? (await currentOperators(ctx.db, businessId, codes, ctx.clock()));
  const traffic = body.traffic.kind === 'history' ? await history(ctx.db, businessId, codes, body.traffic) : body.traffic;

  let code: string | null = null;
  if (body.algorithm === 'script') {
    code = body.code ?? (await findRoutingScript(ctx.db, businessId))?.code ?? null;
    if (code === null) throw badInput('code', 'the business has no routing script: give one to try, or simulate the built-in rule');
    const syntax = ctx.sandbox.checkSyntax(code, 'script', 'routing.js');
    if (!syntax.ok) throw badInput('code', `line ${syntax.line}: ${syntax.message}`);
  }
  const parsed = SimulationRequest.safeParse({
    traffic,
    operators,
    settings: {
      autoAssignOffline: body.settings?.autoAssignOffline ?? settings.autoAssignOffline,
      preferPreviousOperator: body.settings?.preferPreviousOperator ?? settings.preferPreviousOperator,
      offlineDialogs: body.settings?.offlineDialogs ?? settings.offlineDialogs,
      reassignAfterSec: body.settings?.reassignAfterSec !== undefined ? body.settings.reassignAfterSec : settings.reassignAfterSec,
    },
    departments: [...new Set([...codes.values(), ...operators.flatMap((o) => o.departments)])],
    utcOffsetMin: body.utcOffsetMin,
    seed: body.seed,
    algorithm: body.algorithm,
  });
  if (!parsed.success) {
    const details = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('validation_failed', `the simulation cannot run: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }

  const failures = { count: 0, first: [] as string[] };
  const t0 = performance.now();
  const report = await simulate(parsed.data, {
    // Other requests keep being served while a long simulation runs.
    yieldEvery: 2_000,
    decide:
      code === null
        ? undefined
        : async (input) => {
            const out = await runRoutingScript(ctx.sandbox, { businessId, code, input, allowPrivate: false, http: false });
            if (out.failed) {
              failures.count++;
              if (failures.first.length < 5) failures.first.push(out.lines.at(-1)?.message ?? 'failed');
            }
            return out.answer;
          },
  });
  return { report: { ...report, wallMs: Math.round(performance.now() - t0) }, scriptFailures: failures };
}

/** The business's enabled operators as they are: their limits and departments, always Online. */
async function currentOperators(db: Executor, businessId: number, codes: ReadonlyMap<number, string>, now: number): Promise<SimOperator[]> {
  const view = await loadOperatorView(db, businessId, now);
  if (view.length === 0) throw badInput('operators', 'the business has no operators: give the operators to simulate');
  return view.slice(0, SIMULATION_LIMITS.operators).map((o) => ({
    id: o.id,
    name: o.name,
    maxDialogs: o.maxDialogs,
    departments: o.departmentIds.map((id) => codes.get(id)).filter((c): c is string => c !== undefined),
    shifts: [],
  }));
}

/**
 * Every dialog that waited in the period, as it happened: when it arrived, its department, how long its
 * operator worked it and took to answer. A dialog nobody took (closed or returned while waiting, or
 * still waiting) takes the period's median handling and answer times.
 */
async function history(
  db: Executor,
  businessId: number,
  codes: ReadonlyMap<number, string>,
  p: { from: number; to: number; patienceSec: number | null },
): Promise<{ kind: 'recorded'; dialogs: RecordedDialog[]; patienceSec: number | null }> {
  const rows = await dialogsThatWaited(db, businessId, { ...p, limit: SIMULATION_LIMITS.dialogs + 1 });
  if (rows.length === 0) throw badInput('traffic', 'no dialog waited for an operator in this period');
  if (rows.length > SIMULATION_LIMITS.dialogs) throw badInput('traffic', `more than ${SIMULATION_LIMITS.dialogs} dialogs in this period: choose a shorter one`);
  const profiles = await routingProfiles(
    db,
    rows.map((r) => r.lead_id),
  );
  const handled = rows.filter((r) => r.assigned_at !== null && r.ended_at !== null).map((r) => r.ended_at! - r.assigned_at!);
  const answered = rows.filter((r) => r.assigned_at !== null && r.first_response_at !== null).map((r) => r.first_response_at! - r.assigned_at!);
  const cap = (ms: number) => Math.max(0, Math.min(SIMULATION_LIMITS.dialogMs, ms));
  const medianHandling = median(handled) ?? 300_000;
  const medianAnswer = median(answered) ?? 30_000;
  return {
    kind: 'recorded',
    patienceSec: p.patienceSec,
    dialogs: rows.map((r) => {
      const lead = profiles.get(r.lead_id);
      const taken = r.assigned_at !== null;
      return {
        arrivedAt: r.created_at,
        departmentCode: r.department_id === null ? null : (codes.get(r.department_id) ?? null),
        handlingMs: cap(taken && r.ended_at !== null ? r.ended_at - r.assigned_at! : medianHandling),
        firstResponseMs: taken ? (r.first_response_at === null ? null : cap(r.first_response_at - r.assigned_at!)) : medianAnswer,
        lead: {
          id: r.lead_id,
          name: lead?.name ?? null,
          attrs: lead?.attrs ?? {},
          tags: lead?.tags ?? [],
          channel: lead?.channel ?? 'api',
          language: lead?.language ?? null,
        },
      };
    }),
  };
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
