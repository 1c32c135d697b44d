import type { Actor } from '../shared/actor';
import { canViewDialogs } from './dialogs.policy';
import { readBusinessSettings, listDepartmentsOfBusiness, listEnabledOperators } from '../accounts/index';
import type { WorkspaceDirectory } from '../../contracts/dialogs';
import { listBotsOfBusiness, listScriptNamesOfBusiness } from '../bots/index';
import { forbidden } from '../errors';
import type { Executor } from '../storage/db';

/** Bots with their script names, operators and departments of the actor's business, for the workspace's pickers. */
export async function workspaceDirectory(db: Executor, { actor }: { actor: Actor }): Promise<WorkspaceDirectory> {
  if (!canViewDialogs(actor)) throw forbidden('The contact center is for operators, administrators and viewers');
  const [bots, scripts, operators, departments, settings] = await Promise.all([
    listBotsOfBusiness(db, actor.businessId),
    listScriptNamesOfBusiness(db, actor.businessId),
    listEnabledOperators(db, actor.businessId),
    listDepartmentsOfBusiness(db, actor.businessId),
    readBusinessSettings(db, actor.businessId),
  ]);
  return {
    bots: bots.map((b) => ({
      id: b.id,
      name: b.name,
      returnScript: b.return_script,
      scripts: scripts.filter((s) => s.bot_id === b.id).map((s) => ({ code: s.code, name: s.name })),
    })),
    operators: operators.map(({ id, name, status }) => ({ id, name, status })),
    departments: departments.map(({ id, code, name }) => ({ id, code, name })).sort((a, b) => a.name.localeCompare(b.name)),
    settings: { reminderIntervalSec: settings.reminderIntervalSec },
  };
}
