import { parseArgs } from 'node:util';
import type { AppContext } from '../context';
import { rebuildDialogSummaries } from '../realtime/index';

export const REBUILD_USAGE =
  'reports:rebuild --business <id>\n' +
  "  recomputes the business's per-dialog report summaries from its reporting facts (after restoring facts from a backup, or to check them)";

/** `reports:rebuild`: the per-dialog summaries reports read, recomputed from the event log's reporting facts. */
export async function runRebuildCommand(ctx: Pick<AppContext, 'db'>, args: string[], print: (text: string) => void): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: { business: { type: 'string' } } });
  const businessId = Number(values.business);
  if (!Number.isInteger(businessId) || businessId < 1) throw new Error(`--business: a business id\nusage: ${REBUILD_USAGE}`);
  const dialogs = await rebuildDialogSummaries(ctx.db, businessId);
  print(JSON.stringify({ businessId, dialogs }));
}
