import type { BotExport, Script, ScriptLog, ScriptSnapshotResponse, ScriptSummary, ScriptVersionInfo, Trigger, TriggerBody } from '../../contracts/scripts';
import type { Bot } from './bots.repo';
import type { ScriptSnapshot } from './get-script-version';
import type { ScriptLogRow } from './script-logs.repo';
import type { ScriptVersionRow } from './script-versions.repo';
import { bodyOf, type StoredScript } from './scripts.repo';
import type { StoredTrigger } from './triggers.repo';

export function presentScript(s: StoredScript): Script {
  return { id: s.id, botId: s.botId, ...bodyOf(s), version: s.version, updatedAt: s.updatedAt };
}

export function presentScriptSummary(s: StoredScript): ScriptSummary {
  return {
    id: s.id,
    botId: s.botId,
    code: s.code,
    name: s.name,
    type: s.type,
    entries: s.entries,
    commandCount: s.commands.length,
    version: s.version,
    updatedAt: s.updatedAt,
  };
}

export function presentScriptVersion(v: Omit<ScriptVersionRow, 'snapshot'>): ScriptVersionInfo {
  return { version: v.version, authorUserId: v.authorUserId, authorName: v.authorName, createdAt: v.createdAt };
}

export function presentSnapshot(s: ScriptSnapshot): ScriptSnapshotResponse['snapshot'] {
  return { ...presentScriptVersion(s), script: s.script };
}

/** A trigger as its author wrote it: `match` only when it narrows the event. */
function triggerBodyOf(t: StoredTrigger): TriggerBody {
  return { code: t.code, name: t.name, script: t.script, on: t.on, ...(t.match !== null ? { match: t.match } : {}), enabled: t.enabled };
}

export function presentTrigger(t: StoredTrigger): Trigger {
  return { id: t.id, botId: t.botId, ...triggerBodyOf(t), createdAt: t.createdAt };
}

/** The portable document of a bot: codes only, no ids, nothing of the business's data. */
export function presentBotExport(x: { bot: Bot; scripts: StoredScript[]; triggers: StoredTrigger[] }): BotExport {
  return {
    format: 'metadesk.bot',
    version: 1,
    bot: { name: x.bot.name, startScript: x.bot.start_script, returnScript: x.bot.return_script, transferScript: x.bot.transfer_script },
    scripts: x.scripts.map(bodyOf),
    triggers: x.triggers.map(triggerBodyOf),
  };
}

export function presentScriptLog(r: ScriptLogRow): ScriptLog {
  return { id: r.id, leadId: r.lead_id, script: r.script, level: r.level, message: r.message, createdAt: r.created_at };
}
