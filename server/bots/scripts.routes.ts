import { Ok } from '../../contracts/common';
import {
  BotIdParam,
  IfVersionQuery,
  SCRIPT_LIMITS,
  ScriptBody,
  ScriptList,
  ScriptParams,
  ScriptResponse,
  ScriptSnapshotResponse,
  ScriptVersionList,
  ScriptVersionParams,
  ScriptVersionsQuery,
} from '../../contracts/scripts';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { deleteScript } from './delete-script';
import { getScript } from './get-script';
import { getScriptVersion } from './get-script-version';
import { listScriptHistory } from './list-script-versions';
import { listScripts } from './list-scripts';
import { restoreScriptVersion } from './restore-script-version';
import { saveScript } from './save-script';
import { presentScript, presentScriptSummary, presentScriptVersion, presentSnapshot } from './scripts.presenter';

const tags = ['scripts'];
const base = '/api/v1/bots/:botId/scripts';

/** A bot's scripts and their history (admins, bot editors, script editors). */
export function scriptsRoutes(app: App, ctx: AppContext): void {
  app.get(base, { schema: { tags, summary: 'Every script of the bot, without commands', params: BotIdParam, response: { 200: ScriptList } } }, async (req) => ({
    scripts: (await listScripts(ctx.db, { actor: requireActor(req), botId: req.params.botId })).map(presentScriptSummary),
  }));

  app.get(
    `${base}/:code`,
    { schema: { tags, summary: 'A script with its commands', params: ScriptParams, response: { 200: ScriptResponse } } },
    async (req) => ({ script: presentScript(await getScript(ctx.db, { actor: requireActor(req), ...req.params })) }),
  );

  app.put(
    `${base}/:code`,
    {
      bodyLimit: SCRIPT_LIMITS.scriptBytes,
      schema: {
        tags,
        summary: 'Create or replace a script (checked: JS syntax, references, entries); ?ifVersion= refuses a stale save',
        params: ScriptParams,
        querystring: IfVersionQuery,
        body: ScriptBody,
        response: { 200: ScriptResponse },
      },
    },
    async (req) => {
      const script = await saveScript(
        { ...ctx, syntax: ctx.sandbox },
        { actor: requireActor(req), ...req.params, body: req.body, ifVersion: req.query.ifVersion },
      );
      return { script: presentScript(script) };
    },
  );

  app.delete(
    `${base}/:code`,
    {
      schema: {
        tags,
        summary: 'Delete a script nothing uses any more (409 names what still does)',
        params: ScriptParams,
        querystring: IfVersionQuery,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await deleteScript(ctx.db, { actor: requireActor(req), ...req.params, ifVersion: req.query.ifVersion, now: ctx.clock() });
      return { ok: true as const };
    },
  );

  app.get(
    `${base}/:code/versions`,
    {
      schema: {
        tags,
        summary: 'Saved versions of a script, newest first',
        params: ScriptParams,
        querystring: ScriptVersionsQuery,
        response: { 200: ScriptVersionList },
      },
    },
    async (req) => {
      const page = await listScriptHistory(ctx.db, { actor: requireActor(req), ...req.params, ...req.query });
      return { versions: page.rows.map(presentScriptVersion), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${base}/:code/versions/:version`,
    { schema: { tags, summary: 'A script as it was at one version', params: ScriptVersionParams, response: { 200: ScriptSnapshotResponse } } },
    async (req) => ({ snapshot: presentSnapshot(await getScriptVersion(ctx.db, { actor: requireActor(req), ...req.params })) }),
  );

  app.post(
    `${base}/:code/versions/:version/restore`,
    {
      schema: {
        tags,
        summary: 'Save an old version as the next one',
        params: ScriptVersionParams,
        querystring: IfVersionQuery,
        response: { 200: ScriptResponse },
      },
    },
    async (req) => {
      const script = await restoreScriptVersion({ ...ctx, syntax: ctx.sandbox }, { actor: requireActor(req), ...req.params, ifVersion: req.query.ifVersion });
      return { script: presentScript(script) };
    },
  );
}
