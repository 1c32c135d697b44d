import type { Executor } from '../storage/db';

// Where a lead stands in its bot's scenario (lead_scenarios) is saved and loaded by the bot runtime
// (bot-runtime/runtime.repo.ts); an operator taking over clears it, from the dialogs module.

/** Forgets where the lead was in the bot's scenario (an operator stepped in): a pending question is dropped. */
export async function clearScenario(tx: Executor, leadId: number): Promise<void> {
  await tx.deleteFrom('lead_scenarios').where('lead_id', '=', leadId).execute();
}
