// Bots, their scripts (with version history) and triggers, for bot and script editors: one query-key
// factory, a query per list or item, and mutations that refresh what they change.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Bot, UpdateBotBody } from '@contracts/bots';
import type {
  BotExport,
  Script,
  ScriptBody,
  ScriptLog,
  ScriptLogLevel,
  ScriptLogList,
  ScriptSnapshotResponse,
  ScriptSummary,
  ScriptVersionInfo,
  ScriptVersionList,
  Trigger,
  TriggerBody,
} from '@contracts/scripts';
import { api, qs } from '../../lib/api';

export type { Bot, BotExport, Script, ScriptBody, ScriptLog, ScriptLogLevel, ScriptSummary, ScriptVersionInfo, Trigger, TriggerBody };
export type ScriptSnapshot = ScriptSnapshotResponse['snapshot'];

/** The server's rules (contracts' ScriptCode and BOT_LIMITS; not imported: scripts.ts brings zod). */
export const SCRIPT_CODE = /^[a-z0-9_]{1,64}$/;
export const NAME_MAX = 100;
/** Largest import document the server takes (SCRIPT_LIMITS.importBytes). */
export const IMPORT_BYTES = 8 * 1024 * 1024;

export const botKeys = {
  all: ['bots'] as const,
  list: ['bots', 'list'] as const,
  bot: (botId: number) => ['bots', botId] as const,
  scripts: (botId: number) => ['bots', botId, 'scripts'] as const,
  script: (botId: number, code: string) => ['bots', botId, 'scripts', code] as const,
  versions: (botId: number, code: string) => ['bots', botId, 'scripts', code, 'versions'] as const,
  version: (botId: number, code: string, version: number) => ['bots', botId, 'scripts', code, 'versions', version] as const,
  triggers: (botId: number) => ['bots', botId, 'triggers'] as const,
  logs: (botId: number, level: ScriptLogLevel | null) => ['bots', botId, 'logs', level] as const,
};

const botUrl = (botId: number) => `/api/v1/bots/${botId}`;
const scriptUrl = (botId: number, code: string) => `${botUrl(botId)}/scripts/${encodeURIComponent(code)}`;

export function useBots() {
  return useQuery({ queryKey: botKeys.list, queryFn: ({ signal }) => api.get<{ bots: Bot[] }>('/api/v1/bots', signal).then((r) => r.bots) });
}

export function useCreateBot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<{ bot: Bot }>('/api/v1/bots', { name }).then((r) => r.bot),
    onSuccess: () => qc.invalidateQueries({ queryKey: botKeys.all }),
  });
}

export function useUpdateBot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ botId, patch }: { botId: number; patch: UpdateBotBody }) => api.patch<{ bot: Bot }>(botUrl(botId), patch).then((r) => r.bot),
    onSuccess: () => qc.invalidateQueries({ queryKey: botKeys.list }),
  });
}

/** A new bot from an export document, optionally under another name (all or nothing). */
export function useImportBot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ doc, name }: { doc: unknown; name?: string }) => api.post<{ bot: Bot }>(`/api/v1/bots/import${qs({ name })}`, doc).then((r) => r.bot),
    onSuccess: () => qc.invalidateQueries({ queryKey: botKeys.all }),
  });
}

export function exportBot(botId: number): Promise<BotExport> {
  return api.get<BotExport>(`${botUrl(botId)}/export`);
}

export function useScripts(botId: number) {
  return useQuery({
    queryKey: botKeys.scripts(botId),
    queryFn: ({ signal }) => api.get<{ scripts: ScriptSummary[] }>(`${botUrl(botId)}/scripts`, signal).then((r) => r.scripts),
  });
}

export function useScript(botId: number, code: string | null) {
  return useQuery({
    queryKey: botKeys.script(botId, code ?? ''),
    queryFn: ({ signal }) => api.get<{ script: Script }>(scriptUrl(botId, code!), signal).then((r) => r.script),
    enabled: code !== null,
    // What the author edits starts from the stored version: always asked anew.
    staleTime: 0,
  });
}

/** Every change to a script: the list, the script and its history are refreshed. */
function useScriptMutation<TVars extends { botId: number }, TResult>(fn: (v: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (_r, v) => qc.invalidateQueries({ queryKey: botKeys.bot(v.botId) }) });
}

/** Creates (ifVersion 0) or replaces a script; the server refuses a stale save (409) and saves nothing on a problem. */
export function useSaveScript() {
  return useScriptMutation(({ botId, body, ifVersion }: { botId: number; body: ScriptBody; ifVersion: number }) =>
    api.put<{ script: Script }>(`${scriptUrl(botId, body.code)}${qs({ ifVersion })}`, body).then((r) => r.script),
  );
}

export function useDeleteScript() {
  return useScriptMutation(({ botId, code }: { botId: number; code: string }) => api.delete<{ ok: true }>(scriptUrl(botId, code)));
}

/** A script's saved versions, newest first, a page at a time (older pages on request). */
export function useVersions(botId: number, code: string) {
  return useInfiniteQuery({
    queryKey: botKeys.versions(botId, code),
    queryFn: ({ signal, pageParam }) => api.get<ScriptVersionList>(`${scriptUrl(botId, code)}/versions${qs({ cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (d) => d.pages.flatMap((p) => p.versions),
    staleTime: 0,
  });
}

export function useVersion(botId: number, code: string, version: number | null) {
  return useQuery({
    queryKey: botKeys.version(botId, code, version ?? 0),
    queryFn: ({ signal }) => api.get<ScriptSnapshotResponse>(`${scriptUrl(botId, code)}/versions/${version}`, signal).then((r) => r.snapshot),
    enabled: version !== null,
    // A saved version never changes.
    staleTime: Infinity,
  });
}

export function useRestoreVersion() {
  return useScriptMutation(({ botId, code, version, ifVersion }: { botId: number; code: string; version: number; ifVersion: number }) =>
    api.post<{ script: Script }>(`${scriptUrl(botId, code)}/versions/${version}/restore${qs({ ifVersion })}`).then((r) => r.script),
  );
}

export function useTriggers(botId: number) {
  return useQuery({
    queryKey: botKeys.triggers(botId),
    queryFn: ({ signal }) => api.get<{ triggers: Trigger[] }>(`${botUrl(botId)}/triggers`, signal).then((r) => r.triggers),
  });
}

export function useSaveTrigger() {
  return useScriptMutation(({ botId, body }: { botId: number; body: TriggerBody }) =>
    api.put<{ trigger: Trigger }>(`${botUrl(botId)}/triggers/${encodeURIComponent(body.code)}`, body).then((r) => r.trigger),
  );
}

export function useDeleteTrigger() {
  return useScriptMutation(({ botId, code }: { botId: number; code: string }) =>
    api.delete<{ ok: true }>(`${botUrl(botId)}/triggers/${encodeURIComponent(code)}`),
  );
}

/** What the bot's scripts logged, newest first, a page at a time (older pages on request). */
export function useScriptLogs(botId: number, level: ScriptLogLevel | null) {
  return useInfiniteQuery({
    queryKey: botKeys.logs(botId, level),
    queryFn: ({ signal, pageParam }) => api.get<ScriptLogList>(`${botUrl(botId)}/logs${qs({ level, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Runs write lines all the time: fresh whenever the tab opens.
    staleTime: 0,
  });
}
