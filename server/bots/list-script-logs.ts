import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { listBotLogLines, type ScriptLogRow } from './script-logs.repo';

/** A page of what a bot's user code logged and how it failed, newest first, for the script's authors. */
export async function listScriptLogs(
  db: Executor,
  input: { actor: Actor; botId: number; leadId?: number | undefined; level?: ScriptLogRow['level'] | undefined; before?: number | undefined; limit: number },
): Promise<{ rows: ScriptLogRow[]; hasMore: boolean }> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  return listBotLogLines(db, bot.id, input);
}
