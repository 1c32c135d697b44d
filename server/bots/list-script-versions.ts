import type { Actor } from '../shared/actor';
import { notFound } from '../errors';
import { cursorCodec } from '../shared/cursor';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { listScriptVersions, type ScriptVersionRow } from './script-versions.repo';
import { findScript } from './scripts.repo';

const cursor = cursorCodec('script-versions', ['version']);

/** A page of a script's saved versions, newest first, with who saved each. */
export async function listScriptHistory(
  db: Executor,
  input: { actor: Actor; botId: number; code: string; cursor?: string | undefined; limit: number },
): Promise<{ rows: Omit<ScriptVersionRow, 'snapshot'>[]; nextCursor: string | null }> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  const script = await findScript(db, bot.id, input.code);
  if (!script) throw notFound(`Script "${input.code}"`);
  const page = await listScriptVersions(db, script.id, { before: cursor.read(input.cursor)?.version, limit: input.limit });
  return { rows: page.rows, nextCursor: cursor.next(page.rows.at(-1), page.hasMore) };
}
