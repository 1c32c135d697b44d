import { readBusinessSettings } from '../accounts/index';
import { createHttpApi, type HostApi, type Sandbox } from '../scripting/index';
import type { Executor } from '../storage/db';
import type { JsEngine } from './execute';
import { buildJsApi } from './js-api';
import type { Run } from './run';

export interface ScriptEngineDeps {
  db: Executor;
  sandbox: Sandbox;
  clock: () => number;
}

/**
 * Everything user code of one run can call: lead.*, bot.* and http.* (contracts/js-api-names.ts lists
 * the same names for the script editor; a test keeps the two equal).
 */
export function hostApi(r: Run, deps: { db: Executor; now: () => number; allowPrivate: boolean }): HostApi {
  return { ...buildJsApi(r, { db: deps.db, now: deps.now }), http: createHttpApi({ allowPrivate: deps.allowPrivate }) };
}

/**
 * User code of a bot run, in the business's sandbox with the lead.* / bot.* API of that run.
 * What the code prints goes to the run's log; errors come back as messages for the author.
 */
export function createScriptEngine(deps: ScriptEngineDeps): JsEngine {
  // Whether a business lets user code call private addresses; read at most every few seconds.
  const allowPrivate = new Map<number, { value: boolean; until: number }>();
  const privateAllowed = async (businessId: number) => {
    const hit = allowPrivate.get(businessId);
    if (hit && hit.until > deps.clock()) return hit.value;
    const value = (await readBusinessSettings(deps.db, businessId)).scriptHttpAllowPrivate;
    allowPrivate.set(businessId, { value, until: deps.clock() + 5_000 });
    return value;
  };
  const run = async (code: string, kind: 'expression' | 'script', r: Run) => {
    const out = await deps.sandbox.run({
      code,
      kind,
      businessId: r.lead.businessId,
      api: hostApi(r, { db: deps.db, now: deps.clock, allowPrivate: await privateAllowed(r.lead.businessId) }),
      filename: `${r.current ?? 'script'}.js`,
    });
    for (const l of out.logs) r.log(l.level, l.message);
    return out;
  };
  return {
    async condition(code, r) {
      const out = await run(code, 'expression', r);
      return out.ok ? { ok: true, value: out.value } : { ok: false, message: describe(out.error) };
    },
    async script(code, r) {
      const out = await run(code, 'script', r);
      return out.ok ? { ok: true } : { ok: false, message: describe(out.error) };
    },
  };
}

function describe(e: { kind: string; message: string; line?: number; column?: number }): string {
  const where = e.line !== undefined ? ` (line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''})` : '';
  return `${e.kind === 'runtime' ? '' : `${e.kind}: `}${e.message}${where}`;
}
