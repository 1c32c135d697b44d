import type { Actor } from '../shared/actor';
import { cursorCodec } from '../shared/cursor';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { listBotLogLines, type ScriptLogRow } from './script-logs.repo';

const cursor = cursorCodec('script-logs', ['id']);

/** A page of what a bot's user code logged and how it failed, newest first, for the script's authors. */
export async function listScriptLogs(
  db: Executor,
  input: { actor: Actor; botId: number; leadId?: number | undefined; level?: ScriptLogRow['level'] | undefined; cursor?: string | undefined; limit: number },
): Promise<{ rows: ScriptLogRow[]; nextCursor: string | null }> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  const page = await listBotLogLines(db, bot.id, { leadId: input.leadId, level: input.level, before: cursor.read(input.cursor)?.id, limit: input.limit });
  return { rows: page.rows, nextCursor: cursor.next(page.rows.at(-1), page.hasMore) };
}
