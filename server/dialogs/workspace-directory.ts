import { hasRole, type Actor } from '../accounts/actor';
import { readBusinessSettings } from '../accounts/business-settings';
import type { WorkspaceDirectory } from '../../contracts/dialogs';
import { listBotsOfBusiness } from '../bots/bots.repo';
import { forbidden } from '../errors';
import type { Executor } from '../storage/db';
import { listDepartmentRefs, listOperators, listScriptNames } from './directory.repo';

/** Bots with their script names, operators and departments of the actor's business, for the workspace's pickers. */
export async function workspaceDirectory(db: Executor, actor: Actor): Promise<WorkspaceDirectory> {
  if (!hasRole(actor, 'operator', 'admin', 'viewer')) throw forbidden('The contact center is for operators, administrators and viewers');
  const [bots, scripts, operators, departments, settings] = await Promise.all([
    listBotsOfBusiness(db, actor.businessId),
    listScriptNames(db, actor.businessId),
    listOperators(db, actor.businessId),
    listDepartmentRefs(db, actor.businessId),
    readBusinessSettings(db, actor.businessId),
  ]);
  return {
    bots: bots.map((b) => ({
      id: b.id,
      name: b.name,
      returnScript: b.return_script,
      scripts: scripts.filter((s) => s.bot_id === b.id).map((s) => ({ code: s.code, name: s.name })),
    })),
    operators,
    departments,
    settings: { reminderIntervalSec: settings.reminderIntervalSec },
  };
}
