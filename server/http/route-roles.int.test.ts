import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../contracts/roles';
import { useTestApp } from '../../test/app';
import { buildApiToken, buildDepartment, buildSession, buildUser } from '../../test/factories';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, type Headers } from '../../test/world';
import { FILES, upload } from '../attachments/attachments.testkit';
import type { App } from './app-type';

// Who may call what: every route of the app against one table, for every role as a person (session)
// and as an API token, and for an anonymous caller. A route missing from the table fails the test, so
// a new route cannot slip through without someone deciding who may call it (docs/security.md).

const ALL: readonly Role[] = ROLES;
/** The contact center's readers. */
const READ: readonly Role[] = ['admin', 'operator', 'viewer'];
/** Who changes leads and dialogs. */
const WORK: readonly Role[] = ['admin', 'operator'];
const ADMIN: readonly Role[] = ['admin'];
const BOTS: readonly Role[] = ['admin', 'bot_editor'];
const SCRIPTS: readonly Role[] = ['admin', 'bot_editor', 'script_editor'];
const NOBODY: readonly Role[] = [];
/** The routing script decides who gets dialogs: administrators and script editors. */
const ROUTING: readonly Role[] = ['admin', 'script_editor'];

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Fixture {
  w: Awaited<ReturnType<typeof httpWorld>>;
  leadId: number;
  botLeads: { transfer: number; write: number; open: number };
  messageId: number;
  attachmentId: number;
  dialogs: { take: number; assign: number; transfer: number; invite: number; close: number; ret: number };
  departments: { patch: number; del: number };
  tokenToRevoke: number;
  quickReplies: { patch: number; del: number };
}
/** A request that would succeed (or fail on the business's state, never on its shape) for an allowed caller. */
type Probe = (f: Fixture) => { url: string; body?: unknown; upload?: true };
/** Who may call a route: roles of people (sessions) and of API tokens. Anonymous callers never may. */
interface Rule {
  people: readonly Role[];
  tokens: readonly Role[];
  probe: Probe;
}
const rule = (people: readonly Role[], tokens: readonly Role[], probe: Probe): Rule => ({ people, tokens, probe });
const both = (roles: readonly Role[], probe: Probe) => rule(roles, roles, probe);
const at = (url: string, body?: unknown) => () => ({ url, ...(body !== undefined ? { body } : {}) });

let uniq = 0;
const bot = (f: Fixture) => `/api/v1/bots/${f.w.bot.id}`;
const importDoc = { format: 'metadesk.bot', version: 1, bot: { name: 'Imported' }, scripts: [] };

/** The table: every route that needs credentials. Keys are `METHOD url` as registered. */
const WHO_MAY: Record<string, Rule> = {
  'GET /api/v1/me': rule(ALL, NOBODY, at('/api/v1/me')),
  'PUT /api/v1/me/status': rule(WORK, NOBODY, at('/api/v1/me/status', { status: 'online' })),
  'POST /api/v1/auth/logout': rule(ALL, NOBODY, at('/api/v1/auth/logout', { status: 'offline' })),

  'GET /api/v1/users': both(ADMIN, at('/api/v1/users')),
  'POST /api/v1/users': both(ADMIN, () => ({
    url: '/api/v1/users',
    body: { email: `walk-${++uniq}@example.test`, name: 'Walker', password: 'password123', roles: ['operator'] },
  })),
  'PATCH /api/v1/users/:id': both(ADMIN, (f) => ({ url: `/api/v1/users/${f.w.op2.id}`, body: { name: 'Pavel P.' } })),
  'PUT /api/v1/users/:id/status': both(ADMIN, (f) => ({ url: `/api/v1/users/${f.w.op2.id}/status`, body: { status: 'online' } })),
  'POST /api/v1/users/:id/password-link': both(ADMIN, (f) => ({ url: `/api/v1/users/${f.w.op2.id}/password-link` })),
  'DELETE /api/v1/users/:id/sessions': both(ADMIN, (f) => ({ url: `/api/v1/users/${f.w.op2.id}/sessions` })),
  'GET /api/v1/departments': both(ADMIN, at('/api/v1/departments')),
  'POST /api/v1/departments': both(ADMIN, () => ({ url: '/api/v1/departments', body: { code: `walk${++uniq}`, name: 'Walk' } })),
  'PATCH /api/v1/departments/:id': both(ADMIN, (f) => ({ url: `/api/v1/departments/${f.departments.patch}`, body: { name: 'Renamed' } })),
  'DELETE /api/v1/departments/:id': both(ADMIN, (f) => ({ url: `/api/v1/departments/${f.departments.del}` })),
  'GET /api/v1/tokens': both(ADMIN, at('/api/v1/tokens')),
  'POST /api/v1/tokens': both(ADMIN, at('/api/v1/tokens', { name: 'walk', roles: ['viewer'] })),
  'DELETE /api/v1/tokens/:id': both(ADMIN, (f) => ({ url: `/api/v1/tokens/${f.tokenToRevoke}` })),
  'GET /api/v1/business': both(ADMIN, at('/api/v1/business')),
  'PATCH /api/v1/business': both(ADMIN, at('/api/v1/business', { name: 'Walked' })),
  'GET /api/v1/working-hours': both(ADMIN, at('/api/v1/working-hours')),
  'PUT /api/v1/working-hours': both(ADMIN, at('/api/v1/working-hours', { hours: null })),
  'PUT /api/v1/departments/:id/working-hours': both(ADMIN, (f) => ({ url: `/api/v1/departments/${f.departments.patch}/working-hours`, body: { hours: null } })),

  'GET /api/v1/bots': both(SCRIPTS, at('/api/v1/bots')),
  'POST /api/v1/bots': both(BOTS, at('/api/v1/bots', { name: 'Walk bot' })),
  'POST /api/v1/bots/import': both(BOTS, at('/api/v1/bots/import', importDoc)),
  'PATCH /api/v1/bots/:id': both(BOTS, (f) => ({ url: bot(f), body: { name: 'Shop bot 2' } })),
  'GET /api/v1/bots/:id/export': both(SCRIPTS, (f) => ({ url: `${bot(f)}/export` })),
  'GET /api/v1/bots/:botId/scripts': both(SCRIPTS, (f) => ({ url: `${bot(f)}/scripts` })),
  'GET /api/v1/bots/:botId/scripts/:code': both(SCRIPTS, (f) => ({ url: `${bot(f)}/scripts/start` })),
  'PUT /api/v1/bots/:botId/scripts/:code': both(SCRIPTS, (f) => ({ url: `${bot(f)}/scripts/start`, body: { code: 'start', name: 'Start', commands: [] } })),
  'DELETE /api/v1/bots/:botId/scripts/:code': both(SCRIPTS, (f) => ({ url: `${bot(f)}/scripts/planted` })),
  'GET /api/v1/bots/:botId/scripts/:code/versions': both(SCRIPTS, (f) => ({ url: `${bot(f)}/scripts/start/versions` })),
  'GET /api/v1/bots/:botId/scripts/:code/versions/:version': both(SCRIPTS, (f) => ({ url: `${bot(f)}/scripts/start/versions/1` })),
  'POST /api/v1/bots/:botId/scripts/:code/versions/:version/restore': both(SCRIPTS, (f) => ({ url: `${bot(f)}/scripts/start/versions/1/restore` })),
  'GET /api/v1/bots/:botId/triggers': both(SCRIPTS, (f) => ({ url: `${bot(f)}/triggers` })),
  'GET /api/v1/bots/:botId/triggers/:code': both(SCRIPTS, (f) => ({ url: `${bot(f)}/triggers/t` })),
  'PUT /api/v1/bots/:botId/triggers/:code': both(SCRIPTS, (f) => ({
    url: `${bot(f)}/triggers/t`,
    body: { code: 't', name: 'T', script: 'start', on: 'manual' },
  })),
  'DELETE /api/v1/bots/:botId/triggers/:code': both(SCRIPTS, (f) => ({ url: `${bot(f)}/triggers/gone` })),
  'GET /api/v1/bots/:botId/logs': both(SCRIPTS, (f) => ({ url: `${bot(f)}/logs` })),
  // The test console: a person talks to the bot as their own test lead (tokens are nobody).
  'GET /api/v1/bots/:botId/console': rule(SCRIPTS, NOBODY, (f) => ({ url: `${bot(f)}/console` })),
  'POST /api/v1/bots/:botId/console/messages': rule(SCRIPTS, NOBODY, (f) => ({ url: `${bot(f)}/console/messages`, body: { text: 'hello' } })),
  'DELETE /api/v1/bots/:botId/console': rule(SCRIPTS, NOBODY, (f) => ({ url: `${bot(f)}/console` })),
  // Scheduling a bot's scripts and triggers from outside (Metabot's job scheduling): who manages bots, people or tokens.
  'POST /api/v1/bots/:botId/jobs/schedule': both(BOTS, (f) => ({
    url: `${bot(f)}/jobs/schedule`,
    body: { script_code: 'start', lead_id: f.leadId, run_after_sec: 3600 },
  })),
  'GET /api/v1/bots/:botId/jobs': both(BOTS, (f) => ({ url: `${bot(f)}/jobs` })),
  'DELETE /api/v1/bots/:botId/jobs/:jobId': both(BOTS, (f) => ({ url: `${bot(f)}/jobs/999999` })),

  'GET /api/v1/channels': both(BOTS, at('/api/v1/channels')),
  'POST /api/v1/channels': both(BOTS, (f) => ({ url: '/api/v1/channels', body: { botId: f.w.bot.id, kind: 'api', name: 'Walk channel' } })),
  'PATCH /api/v1/channels/:id': both(BOTS, (f) => ({ url: `/api/v1/channels/${f.w.channel.id}`, body: { name: 'Renamed channel' } })),
  'POST /api/v1/channels/:id/rotate-secret': both(BOTS, (f) => ({ url: `/api/v1/channels/${f.w.channel.id}/rotate-secret` })),
  'GET /api/v1/channels/:id/deliveries': both(BOTS, (f) => ({ url: `/api/v1/channels/${f.w.channel.id}/deliveries` })),
  'POST /api/v1/channels/:id/deliveries/:deliveryId/retry': both(BOTS, (f) => ({ url: `/api/v1/channels/${f.w.channel.id}/deliveries/999999/retry` })),
  'GET /api/v1/channels/:id/health': both(BOTS, (f) => ({ url: `/api/v1/channels/${f.w.channel.id}/health` })),
  // Inbound messages come from machines that feed a channel: tokens of the roles that manage channels.
  'POST /api/v1/channels/:id/inbound': rule(NOBODY, BOTS, (f) => ({
    url: `/api/v1/channels/${f.w.channel.id}/inbound`,
    body: { lead: { messengerId: `walk-${++uniq}` }, message: { clientMessageId: `walk-${uniq}`, text: 'hi' } },
  })),

  'GET /api/v1/realtime': both(READ, at('/api/v1/realtime')),
  'GET /api/v1/events': both(READ, at('/api/v1/events')),
  'GET /api/v1/inbox': both(READ, at('/api/v1/inbox?tab=all')),
  'GET /api/v1/inbox/counts': both(READ, at('/api/v1/inbox/counts')),
  'GET /api/v1/workspace': both(READ, at('/api/v1/workspace')),
  'GET /api/v1/quick-replies': both(READ, at('/api/v1/quick-replies')),
  'POST /api/v1/quick-replies': both(ADMIN, () => ({ url: '/api/v1/quick-replies', body: { shortcut: `walk${++uniq}`, text: 'Hello' } })),
  'PATCH /api/v1/quick-replies/:id': both(ADMIN, (f) => ({ url: `/api/v1/quick-replies/${f.quickReplies.patch}`, body: { text: 'Hello again' } })),
  'DELETE /api/v1/quick-replies/:id': both(ADMIN, (f) => ({ url: `/api/v1/quick-replies/${f.quickReplies.del}` })),

  'GET /api/v1/routing/script': both(ROUTING, at('/api/v1/routing/script')),
  'PUT /api/v1/routing/script': both(ROUTING, at('/api/v1/routing/script', { code: 'return null;' })),
  'DELETE /api/v1/routing/script': both(ROUTING, at('/api/v1/routing/script')),
  'GET /api/v1/routing/logs': both(ROUTING, at('/api/v1/routing/logs')),
  'GET /api/v1/audit': both(ADMIN, at('/api/v1/audit')),
  'GET /api/v1/reports': both(['admin', 'viewer'], at('/api/v1/reports?from=2026-11-01&to=2026-11-02')),
  'GET /api/v1/reports/csv': both(['admin', 'viewer'], at('/api/v1/reports/csv?from=2026-11-01&to=2026-11-02&table=operators')),
  'GET /api/v1/monitor': both(['admin', 'viewer'], at('/api/v1/monitor')),
  'POST /api/v1/routing/simulations': both(
    ROUTING,
    at('/api/v1/routing/simulations', {
      traffic: { kind: 'generated', days: 1, arrivalsPerHour: Array(24).fill(1), handlingSec: { mean: 300 }, firstResponseSec: { mean: 20 } },
      algorithm: 'builtin',
    }),
  ),

  'GET /api/v1/leads/:id': both(READ, (f) => ({ url: `/api/v1/leads/${f.leadId}` })),
  'GET /api/v1/leads/:id/dialogs': both(READ, (f) => ({ url: `/api/v1/leads/${f.leadId}/dialogs` })),
  'GET /api/v1/leads/:id/messages': both(READ, (f) => ({ url: `/api/v1/leads/${f.leadId}/messages` })),
  'GET /api/v1/attachments/:id': both(READ, (f) => ({ url: `/api/v1/attachments/${f.attachmentId}` })),
  'PATCH /api/v1/leads/:id': both(WORK, (f) => ({ url: `/api/v1/leads/${f.leadId}`, body: { name: 'Renamed lead' } })),
  'POST /api/v1/leads/:id/notes': both(WORK, (f) => ({ url: `/api/v1/leads/${f.leadId}/notes`, body: { text: 'a note' } })),
  'POST /api/v1/leads/:id/read': both(WORK, (f) => ({ url: `/api/v1/leads/${f.leadId}/read` })),
  'POST /api/v1/messages/:id/retry': both(WORK, (f) => ({ url: `/api/v1/messages/${f.messageId}/retry` })),
  // Person-only: writing, opening, taking and uploading need a signed-in operator or administrator.
  'POST /api/v1/leads/:id/messages': rule(WORK, NOBODY, (f) => ({ url: `/api/v1/leads/${f.botLeads.write}/messages`, body: { text: 'hello' } })),
  'POST /api/v1/leads/:id/open': rule(WORK, NOBODY, (f) => ({ url: `/api/v1/leads/${f.botLeads.open}/open` })),
  'POST /api/v1/dialogs/:id/take': rule(WORK, NOBODY, (f) => ({ url: `/api/v1/dialogs/${f.dialogs.take}/take` })),
  'POST /api/v1/leads/:id/attachments': rule(WORK, NOBODY, (f) => ({ url: `/api/v1/leads/${f.leadId}/attachments`, upload: true })),
  // The bot's and the router's moves: administrators, people or tokens.
  'POST /api/v1/leads/:id/transfer-to-operators': both(ADMIN, (f) => ({ url: `/api/v1/leads/${f.botLeads.transfer}/transfer-to-operators`, body: {} })),
  'POST /api/v1/dialogs/:id/assign': both(ADMIN, (f) => ({ url: `/api/v1/dialogs/${f.dialogs.assign}/assign`, body: { operatorId: f.w.op2.id } })),
  // On a dialog with an operator: the operator in it (the probe's dialogs are the acting operator's) or an
  // administrator; an operator token is in no dialog.
  'POST /api/v1/dialogs/:id/transfer': rule(WORK, ADMIN, (f) => ({ url: `/api/v1/dialogs/${f.dialogs.transfer}/transfer`, body: { operatorId: f.w.op2.id } })),
  'POST /api/v1/dialogs/:id/invite': rule(WORK, ADMIN, (f) => ({ url: `/api/v1/dialogs/${f.dialogs.invite}/invite`, body: { operatorId: f.w.op2.id } })),
  'POST /api/v1/dialogs/:id/close': rule(WORK, ADMIN, (f) => ({ url: `/api/v1/dialogs/${f.dialogs.close}/close` })),
  'POST /api/v1/dialogs/:id/return-to-bot': rule(WORK, ADMIN, (f) => ({ url: `/api/v1/dialogs/${f.dialogs.ret}/return-to-bot`, body: {} })),
  // Transcripts: whoever reads dialogs. Sending one by e-mail answers 409 here (no SMTP server yet).
  'GET /api/v1/dialogs/:id/transcript': both(READ, (f) => ({ url: `/api/v1/dialogs/${f.dialogs.close}/transcript?format=pdf&lang=ru` })),
  'POST /api/v1/dialogs/:id/transcript/email': both(READ, (f) => ({
    url: `/api/v1/dialogs/${f.dialogs.close}/transcript/email`,
    body: { to: 'walk@example.test' },
  })),
  // The business's SMTP server, last and in this order: the test message answers 409 before the PUT
  // sets a server (a documentation address, never contacted: any later send would be a 502).
  'GET /api/v1/business/smtp': both(ADMIN, at('/api/v1/business/smtp')),
  'POST /api/v1/business/smtp/test': both(ADMIN, at('/api/v1/business/smtp/test', { to: 'walk@example.test' })),
  'PUT /api/v1/business/smtp': both(ADMIN, at('/api/v1/business/smtp', { host: '192.0.2.1', port: 25, secure: false, user: null, from: 'desk@example.test' })),
};

/** Routes anyone may call, with a request that must not be refused for lack of credentials. */
const PUBLIC: Record<string, string | null> = {
  'POST /api/v1/auth/login': '/api/v1/auth/login',
  'POST /api/v1/auth/set-password': '/api/v1/auth/set-password',
  'GET /api/v1/setup': '/api/v1/setup',
  'POST /api/v1/setup/owner': '/api/v1/setup/owner',
  'GET /healthz': '/healthz',
  'GET /api/openapi.json': '/api/openapi.json',
  'GET /api/v1/attachments/:id/download': '/api/v1/attachments/1/download',
  // Its own access rule (a metrics token or address), not the session/API-token one: system.routes.ts.
  'GET /metrics': null,
  // Telegram's webhook: its own credential, the channel's secret in X-Telegram-Bot-Api-Secret-Token (telegram.int.test.ts).
  'POST /api/v1/channels/:id/telegram': null,
  // The web widget's visitors: a key to start, then a visitor token of their own (widget.int.test.ts).
  'POST /api/widget/v1/sessions': '/api/widget/v1/sessions',
  'GET /api/widget/v1/messages': null,
  'POST /api/widget/v1/messages': null,
  'POST /api/widget/v1/attachments': null,
  'GET /api/widget/v1/socket': null,
  'OPTIONS /api/widget/v1/*': '/api/widget/v1/messages',
  'GET /demo/widget': '/demo/widget',
};
/** The API reference's pages (the docs plugin) and the web app's pages and files (built or not). */
const PUBLIC_PATTERNS = [
  /^\/api\/docs/,
  /^\/(inbox|leads|login|setup|set-password)?(\/\*)?$/,
  /^\/(assets\/)?[\w.-]+\.(js|css|html|svg|png|ico|webmanifest|json|txt|woff2?)$/,
];

const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const isPublic = (key: string) => key in PUBLIC || PUBLIC_PATTERNS.some((p) => p.test(key.slice(key.indexOf(' ') + 1)));
const concrete = (url: string) => url.replace(/:\w+/g, '1').replace(/\*/g, 'x');

type Who = { kind: 'person' | 'token'; role: Role };
const CALLERS: Who[] = [...ROLES.map((role) => ({ kind: 'person' as const, role })), ...ROLES.map((role) => ({ kind: 'token' as const, role }))];

describe.each(await dialects())('who may call each route on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const routes = () => app.routeList().map(routeKey);

  /** A business with one of each object the routes act on; the acting operator (if any) is in its active dialogs. */
  async function fixture(who: Who): Promise<{ f: Fixture; headers: Headers }> {
    const db = rt.ctx.db;
    const w = await httpWorld(db);
    const bid = w.business.id;
    let headers: Headers;
    let member: Headers = w.as.olga;
    if (who.kind === 'person') {
      const user = await buildUser(db, { businessId: bid, roles: [who.role], status: 'online' });
      headers = (await buildSession(db, { userId: user.id, businessId: bid })).headers;
      if (who.role === 'operator') member = headers;
    } else {
      headers = { authorization: `Bearer ${(await buildApiToken(db, { businessId: bid, roles: [who.role] })).secret}` };
    }
    const ok = async (method: Method, url: string, h: Headers, body?: unknown) => {
      const r = await call(app, method, url, h, body);
      if (r.status >= 300) throw new Error(`fixture ${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const lead = async () => (await leadSays(app, w, `m-${++uniq}`, 'hello', 'Walk lead')).leadId;
    const waiting = async () => (await ok('POST', `/api/v1/leads/${await lead()}/transfer-to-operators`, w.as.bot, {})).dialog.id as number;
    const active = async () => {
      const id = await waiting();
      await ok('POST', `/api/v1/dialogs/${id}/take`, member);
      return id;
    };
    const first = await leadSays(app, w, `m-${++uniq}`, 'hello', 'Walk lead');
    const b = `/api/v1/bots/${w.bot.id}`;
    await ok('PUT', `${b}/scripts/start`, w.as.admin, { code: 'start', name: 'Start', commands: [{ type: 'send_text', text: 'hi' }] });
    await ok('PUT', `${b}/scripts/planted`, w.as.admin, { code: 'planted', name: 'Planted', commands: [] });
    await ok('PUT', `${b}/triggers/t`, w.as.admin, { code: 't', name: 'T', script: 'start', on: 'manual' });
    await ok('PUT', `${b}/triggers/gone`, w.as.admin, { code: 'gone', name: 'Gone', script: 'start', on: 'manual' });
    const up = await upload(app, w.as.olga, first.leadId, { name: 'dot.png', mime: 'image/png', bytes: FILES.png });
    if (up.status !== 201) throw new Error(`fixture upload: ${up.status}`);
    const f: Fixture = {
      w,
      leadId: first.leadId,
      messageId: first.messageId,
      attachmentId: up.body.attachment.id,
      botLeads: { transfer: await lead(), write: await lead(), open: await lead() },
      dialogs: { take: await waiting(), assign: await waiting(), transfer: await active(), invite: await active(), close: await active(), ret: await active() },
      departments: { patch: (await buildDepartment(db, { businessId: bid })).id, del: (await buildDepartment(db, { businessId: bid })).id },
      tokenToRevoke: (await buildApiToken(db, { businessId: bid, roles: ['viewer'] })).row.id,
      quickReplies: {
        patch: (await ok('POST', '/api/v1/quick-replies', w.as.admin, { shortcut: `p${++uniq}`, text: 'P' })).quickReply.id,
        del: (await ok('POST', '/api/v1/quick-replies', w.as.admin, { shortcut: `d${++uniq}`, text: 'D' })).quickReply.id,
      },
    };
    return { f, headers };
  }

  async function send(key: string, probe: ReturnType<Probe>, headers: Headers, f: Fixture) {
    const method = key.slice(0, key.indexOf(' ')) as Method;
    if (probe.upload) return upload(app, headers, f.leadId, { name: 'dot.png', mime: 'image/png', bytes: FILES.png });
    const r = await app.inject({ method, url: probe.url, headers, ...(probe.body !== undefined ? { payload: probe.body as object } : {}) });
    const json = String(r.headers['content-type'] ?? '').startsWith('application/json');
    return { status: r.statusCode, body: (json ? r.json() : null) as { error?: { code?: string } } | null };
  }

  it('has every route of the app in the table, and nothing that is not a route', () => {
    const all = routes();
    const missing = all.filter((k) => !isPublic(k) && !(k in WHO_MAY));
    expect(missing, 'routes nobody decided who may call: add them to WHO_MAY or PUBLIC').toEqual([]);
    expect(
      Object.keys(WHO_MAY).filter((k) => !all.includes(k)),
      'table rows without a route',
    ).toEqual([]);
    expect(
      Object.keys(PUBLIC).filter((k) => !all.includes(k)),
      'public rows without a route',
    ).toEqual([]);
  });

  it.each(CALLERS.map((c) => [`${c.kind} ${c.role}`, c] as const))('%s: allowed routes answer, the others 403', async (_name, who) => {
    const { f, headers } = await fixture(who);
    const failures: string[] = [];
    // Sequential, logout last: it ends the session the other requests use.
    const keys = Object.keys(WHO_MAY).sort((a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    for (const key of keys) {
      const r = WHO_MAY[key]!;
      const allowed = (who.kind === 'person' ? r.people : r.tokens).includes(who.role);
      const res = await send(key, r.probe(f), headers, f);
      const fine = allowed ? res.status < 500 && res.status !== 401 && res.status !== 403 : res.status === 403 && res.body?.error?.code === 'forbidden';
      if (!fine) failures.push(`${key}: ${allowed ? 'allowed' : 'refused'} but ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to anonymous callers on every route of the table, and lets them through the public ones', async () => {
    const { f } = await fixture({ kind: 'person', role: 'viewer' });
    const failures: string[] = [];
    for (const [key, r] of Object.entries(WHO_MAY)) {
      const res = await send(key, r.probe(f), {}, f);
      if (res.status !== 401 || res.body?.error?.code !== 'unauthenticated') failures.push(`${key}: ${res.status}`);
    }
    for (const key of routes().filter(isPublic)) {
      if (PUBLIC[key] === null) continue;
      const method = key.slice(0, key.indexOf(' ')) as Method;
      const url = PUBLIC[key] ?? concrete(key.slice(key.indexOf(' ') + 1));
      const res = await app.inject({ method, url, ...(method === 'GET' ? {} : { payload: {} }) });
      if (res.statusCode === 401 || res.statusCode >= 500) failures.push(`public ${key}: ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  // Issue 8, item 6: authentication comes before validation, so a caller without credentials learns
  // nothing from the schemas (and its body is never parsed).
  it('answers 401, not 400, to a bad request without credentials on every non-public route', async () => {
    const failures: string[] = [];
    for (const key of routes().filter((k) => !isPublic(k))) {
      const method = key.slice(0, key.indexOf(' ')) as Method;
      const url = `${key.slice(key.indexOf(' ') + 1).replace(/:\w+/g, 'not-an-id')}?bogus=1&limit=-5`;
      const res = await app.inject({ method, url, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { bogus: 'x'.repeat(10) } }) });
      if (res.statusCode !== 401 || res.json().error?.code !== 'unauthenticated') failures.push(`${key}: ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 csrf_failed, not 400, to a session cookie without its CSRF header on every mutating route', async () => {
    const w = await httpWorld(rt.ctx.db);
    const cookieOnly = { cookie: w.as.admin.cookie! };
    const failures: string[] = [];
    for (const key of routes().filter((k) => !isPublic(k) && !k.startsWith('GET '))) {
      const method = key.slice(0, key.indexOf(' ')) as Method;
      const url = key.slice(key.indexOf(' ') + 1).replace(/:\w+/g, 'not-an-id');
      const res = await app.inject({ method, url, headers: cookieOnly, ...(method === 'DELETE' ? {} : { payload: { bogus: true } }) });
      if (res.statusCode !== 403 || res.json().error?.code !== 'csrf_failed') failures.push(`${key}: ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
    // Unknown URLs still answer 404, signed in or not.
    expect((await call(app, 'GET', '/api/v1/no-such-route', {})).status).toBe(404);
  });
});
