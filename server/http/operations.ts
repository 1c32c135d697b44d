import type { ErrorCode } from '../../contracts/errors';

/** What the API document says about one route beyond its schemas (see openapi.ts). */
export interface Operation {
  /** Stable: generated clients name their methods after it; renaming one is a breaking change (CHANGELOG.md). */
  id: string;
  /** Only for routes whose schema has no summary of its own. */
  summary?: string;
  description: string;
  /** The one credential the route accepts; both (session or API token) when absent. Public routes take none. */
  auth?: 'session' | 'token';
  /** Errors its use case can answer beyond the standard ones every route of its kind gets. */
  errors?: readonly ErrorCode[];
  /** The success answer of a route whose schema declares none (files, no content): its media types, if it has a body. */
  ok?: { status: number; description: string; mediaType?: string | readonly string[] };
  /** A request body as a client would send it (the lint checks it against the body's schema). */
  example?: Record<string, unknown>;
}

const ADMINS = 'Administrators, with a session or an API token.';
const READERS = 'Administrators, operators and viewers, with a session or an API token.';
const WORKERS = 'Administrators and operators, with a session or an API token.';
const BOTS = 'Administrators and bot editors, with a session or an API token.';
const SCRIPTS = 'Administrators, bot editors and script editors, with a session or an API token.';
const ROUTING = 'Administrators and script editors, with a session or an API token.';
const SUPERVISORS = 'Administrators and viewers, with a session or an API token.';
const PEOPLE = 'Any signed-in person (a session; API tokens are refused with 403).';
const WORKING_PEOPLE = 'Administrators and operators signed in (a session; API tokens are refused with 403).';
const CONSOLE = 'Administrators, bot editors and script editors signed in (a session; API tokens are refused with 403).';
const FILE = { status: 200, description: "The file's bytes with its own content type", mediaType: '*/*' };
const VISITOR = 'The web widget, with the visitor token from POST /api/widget/v1/sessions as `Authorization: Bearer`.';
// Parts of the request examples below (`example`), too long to repeat inline.
const OFFICE = [{ from: '09:00', to: '18:00' }];
const WEEK = { monday: OFFICE, tuesday: OFFICE, wednesday: OFFICE, thursday: OFFICE, friday: OFFICE, saturday: [], sunday: [] };
const START_SCRIPT = {
  code: 'start',
  name: 'Start',
  commands: [{ type: 'ask', text: 'Hello, {{name}}! Which city should we deliver to?', attribute: 'city' }],
};
/** Dialogs per hour of a working day, 00:00 to 23:00. */
const ARRIVALS = [2, 1, 1, 1, 1, 3, 8, 15, 25, 30, 32, 32, 30, 30, 32, 32, 30, 25, 20, 15, 10, 8, 5, 3];

/**
 * Every documented route by `METHOD url` as registered: its operationId, description and the errors of its
 * use case. One table, so names stay consistent; openapi.int.test.ts fails on a route missing from it.
 */
export const OPERATIONS: Record<string, Operation> = {
  'GET /healthz': { id: 'getHealth', summary: 'Health of the process', description: 'Liveness and readiness: the database and the event bus. Public.' },

  'GET /api/v1/setup': {
    id: 'getSetupState',
    summary: 'Whether the first administrator still has to be created',
    description: 'Public: the first-run screen asks it.',
  },
  'POST /api/v1/setup/owner': {
    id: 'createOwner',
    summary: 'Create the business and its first administrator, and sign in',
    description: 'Public, once: afterwards 409 `setup_done`.',
    errors: ['setup_done', 'conflict'],
    example: { businessName: 'Pelican Tours', name: 'Olga Smirnova', email: 'olga@example.com', password: 'correct horse battery' },
  },

  'POST /api/v1/auth/login': {
    id: 'login',
    summary: 'Sign in with e-mail and password',
    description: 'Public. Sets the session cookie and returns the CSRF token mutating requests must echo in `x-csrf-token`. Limited per address.',
    errors: ['unauthenticated'],
    example: { email: 'olga@example.com', password: 'correct horse battery' },
  },
  'POST /api/v1/auth/set-password': {
    id: 'setPassword',
    description: 'Public: the token of an invitation or reset link is the credential. Limited per address.',
    example: { token: 'mQ7v2Lx9Rk4TzW1pHc8NdF3bYs6JgE0uAiKoXq5VnB', password: 'correct horse battery' },
  },
  'POST /api/v1/auth/logout': {
    id: 'logout',
    summary: 'Sign out, going Online or Offline',
    description: PEOPLE,
    auth: 'session',
    example: { status: 'offline' },
  },
  'GET /api/v1/me': { id: 'getMe', summary: 'The signed-in person, their business and the CSRF token', description: PEOPLE, auth: 'session' },
  'PUT /api/v1/me/status': {
    id: 'setMyStatus',
    summary: 'Go Online or Offline',
    description: WORKING_PEOPLE,
    auth: 'session',
    errors: ['invalid_state'],
    example: { status: 'online' },
  },

  'GET /api/v1/users': { id: 'listUsers', summary: 'People of the business with their status and load', description: ADMINS },
  'POST /api/v1/users': {
    id: 'createUser',
    summary: 'Add a person: with a password or an invitation link',
    description: ADMINS,
    errors: ['conflict'],
    example: { email: 'anna.kuznetsova@example.com', name: 'Anna Kuznetsova', roles: ['operator'], maxDialogs: 5, departmentIds: [2] },
  },
  'PATCH /api/v1/users/:id': {
    id: 'updateUser',
    summary: 'Change a person: name, roles, departments, limits, deactivation',
    description: ADMINS,
    errors: ['invalid_state'],
    example: { roles: ['operator', 'viewer'], maxDialogs: 8, departmentIds: [2, 3] },
  },
  'PUT /api/v1/users/:id/status': {
    id: 'setUserStatus',
    summary: "Set a person's Online or Offline status",
    description: ADMINS,
    errors: ['invalid_state'],
    example: { status: 'offline' },
  },
  'POST /api/v1/users/:id/password-link': { id: 'createPasswordLink', description: ADMINS },
  'DELETE /api/v1/users/:id/sessions': { id: 'signOutUser', description: ADMINS },

  'GET /api/v1/departments': { id: 'listDepartments', summary: 'Departments of the business', description: ADMINS },
  'POST /api/v1/departments': {
    id: 'createDepartment',
    summary: 'Add a department',
    description: ADMINS,
    errors: ['conflict'],
    example: { code: 'sales', name: 'Sales' },
  },
  'PATCH /api/v1/departments/:id': {
    id: 'updateDepartment',
    summary: 'Change a department',
    description: ADMINS,
    errors: ['conflict'],
    example: { name: 'Sales', autoAssign: true, offlineDialogs: 'requeue', firstResponseTargetSec: 60 },
  },
  'DELETE /api/v1/departments/:id': { id: 'deleteDepartment', summary: 'Delete a department nothing uses', description: ADMINS, errors: ['invalid_state'] },

  'GET /api/v1/tokens': { id: 'listApiTokens', summary: 'API tokens of the business (never their secrets)', description: ADMINS },
  'POST /api/v1/tokens': {
    id: 'createApiToken',
    summary: 'Create an API token; its secret is shown once',
    description: ADMINS,
    example: { name: 'CRM sync', roles: ['bot_editor'] },
  },
  'DELETE /api/v1/tokens/:id': { id: 'revokeApiToken', summary: 'Revoke an API token at once', description: ADMINS },

  'GET /api/v1/business': { id: 'getBusiness', summary: "The business's settings", description: ADMINS },
  'PATCH /api/v1/business': {
    id: 'updateBusiness',
    summary: "Change the business's settings",
    description: ADMINS,
    example: { settings: { autoAssign: true, reassignAfterSec: 120, firstResponseTargetSec: 60, timeZone: 'Europe/Moscow' } },
  },
  'GET /api/v1/working-hours': { id: 'getWorkingHours', description: ADMINS },
  'PUT /api/v1/working-hours': {
    id: 'setWorkingHours',
    description: ADMINS,
    example: { hours: { week: WEEK, holidays: [{ date: '2026-01-01' }, { date: '2026-12-31', spans: [{ from: '09:00', to: '14:00' }] }] } },
  },
  'PUT /api/v1/departments/:id/working-hours': {
    id: 'setDepartmentWorkingHours',
    description: ADMINS,
    example: { hours: { week: { ...WEEK, saturday: [{ from: '10:00', to: '16:00' }] } } },
  },

  'GET /api/v1/events': {
    id: 'listEvents',
    summary: 'Realtime events after a sequence number (polling)',
    description: `${READERS} The WebSocket at /api/v1/realtime carries the same events.`,
  },

  'GET /api/v1/inbox': { id: 'listInbox', description: READERS },
  'GET /api/v1/inbox/counts': { id: 'getInboxCounts', description: READERS },
  'GET /api/v1/workspace': { id: 'getWorkspaceDirectory', description: READERS },
  'POST /api/v1/dialogs/:id/take': { id: 'takeDialog', description: WORKING_PEOPLE, auth: 'session', errors: ['already_taken', 'invalid_state'] },
  'POST /api/v1/dialogs/:id/assign': { id: 'assignDialog', description: ADMINS, errors: ['already_taken', 'invalid_state'], example: { operatorId: 7 } },
  'POST /api/v1/dialogs/:id/transfer': {
    id: 'transferDialog',
    description: `${WORKERS} An operator only in their own dialog; operator tokens are in none.`,
    errors: ['invalid_state'],
    example: { departmentCode: 'sales' },
  },
  'POST /api/v1/dialogs/:id/invite': {
    id: 'inviteOperator',
    description: `${WORKERS} An operator only in their own dialog.`,
    errors: ['invalid_state'],
    example: { operatorId: 12 },
  },
  'POST /api/v1/dialogs/:id/close': { id: 'closeDialog', description: `${WORKERS} An operator only in their own dialog.`, errors: ['invalid_state'] },
  'POST /api/v1/dialogs/:id/return-to-bot': {
    id: 'returnLeadToBot',
    description: `${WORKERS} An operator only in their own dialog.`,
    errors: ['invalid_state'],
    example: { script: 'feedback' },
  },
  'GET /api/v1/dialogs/:id/transcript': {
    id: 'getTranscript',
    description: READERS,
    ok: {
      status: 200,
      description: 'The transcript as a download (text/plain or application/pdf, as `format` asks)',
      mediaType: ['text/plain', 'application/pdf'],
    },
  },
  'POST /api/v1/dialogs/:id/transcript/email': {
    id: 'emailTranscript',
    description: READERS,
    errors: ['conflict', 'upstream_failed'],
    example: { to: 'ira.petrova@example.com', format: 'pdf', lang: 'ru' },
  },

  'GET /api/v1/leads/:id': { id: 'getLead', description: READERS },
  'PATCH /api/v1/leads/:id': {
    id: 'updateLead',
    description: WORKERS,
    example: { name: 'Ira Petrova', status: 'Paid', setAttributes: { sys_phone: '+79161234567', city: 'Kazan' }, addTags: ['vip'] },
  },
  'GET /api/v1/leads/:id/messages': { id: 'listLeadMessages', description: READERS },
  'POST /api/v1/leads/:id/messages': {
    id: 'sendMessage',
    description: `${WORKING_PEOPLE} Idempotent by clientMessageId.`,
    auth: 'session',
    errors: ['invalid_state', 'already_taken', 'idempotency_conflict', 'conflict'],
    example: { text: 'Здравствуйте! Заказ 1042 отправлен сегодня, трек-номер пришлю в течение часа.', clientMessageId: '3f8e2c1a-5b7d-4e9f-a2c6-8d1b0e4f7a35' },
  },
  'POST /api/v1/leads/:id/attachments': {
    id: 'uploadAttachment',
    description: WORKING_PEOPLE,
    auth: 'session',
    errors: ['validation_failed', 'payload_too_large', 'unsupported_type'],
  },
  'GET /api/v1/leads/:id/dialogs': { id: 'listLeadDialogs', description: READERS },
  'POST /api/v1/leads/:id/notes': {
    id: 'addNote',
    description: `${WORKERS} Idempotent by clientMessageId.`,
    errors: ['idempotency_conflict'],
    example: { text: 'Order 1042 is stuck at the warehouse', clientMessageId: 'note-5' },
  },
  'POST /api/v1/leads/:id/open': { id: 'openDialog', description: WORKING_PEOPLE, auth: 'session', errors: ['already_taken', 'invalid_state'] },
  'POST /api/v1/leads/:id/read': { id: 'markLeadRead', description: WORKERS },
  'POST /api/v1/leads/:id/transfer-to-operators': {
    id: 'transferLeadToOperators',
    description: ADMINS,
    errors: ['invalid_state'],
    example: { departmentCode: 'support' },
  },
  'POST /api/v1/messages/:id/retry': { id: 'retryMessage', description: WORKERS, errors: ['invalid_state'] },

  'POST /api/v1/channels/:id/inbound': {
    id: 'postInboundMessage',
    description: 'API tokens of administrators and bot editors (machines feeding the channel).',
    auth: 'token',
    errors: ['idempotency_conflict'],
    example: { lead: { messengerId: 'crm-1042', name: 'Ira Petrova', language: 'ru' }, message: { clientMessageId: 'msg-77', text: 'Where is my order?' } },
  },
  'POST /api/v1/channels/:id/telegram': {
    id: 'receiveTelegramUpdate',
    description: "Called by Telegram, checked by the channel's secret in X-Telegram-Bot-Api-Secret-Token (no session or API token).",
    errors: ['unauthenticated'],
    ok: { status: 200, description: 'The update is stored (or was already)', mediaType: 'application/json' },
    example: {
      update_id: 726354812,
      message: { message_id: 4521, from: { id: 381726354, first_name: 'Ira' }, chat: { id: 381726354, type: 'private' }, date: 1764150000, text: '/start' },
    },
  },
  'POST /api/widget/v1/sessions': {
    id: 'startWidgetSession',
    description: "Public: the channel's widget key is the credential. Limited per address.",
    errors: ['not_found', 'forbidden'],
    example: { key: 'wk_3fJq9ZtLw0XcVb7NsKe2RmHyPa6DgU1o', token: null, language: 'ru-RU' },
  },
  'GET /api/widget/v1/messages': { id: 'listWidgetMessages', description: VISITOR, errors: ['unauthenticated', 'forbidden'] },
  'POST /api/widget/v1/messages': {
    id: 'sendWidgetMessage',
    description: VISITOR,
    errors: ['unauthenticated', 'forbidden', 'idempotency_conflict', 'invalid_state'],
    example: { clientMessageId: 'c7a1e0d2-4b1f-4f7e-9a55-0d2b8e6c3f10', text: 'Hello! Do you deliver to Kazan?' },
  },
  'POST /api/widget/v1/attachments': {
    id: 'uploadWidgetAttachment',
    description: VISITOR,
    errors: ['unauthenticated', 'forbidden', 'validation_failed', 'payload_too_large', 'unsupported_type'],
  },

  'GET /api/v1/bots': { id: 'listBots', description: SCRIPTS },
  'POST /api/v1/bots': { id: 'createBot', description: BOTS, example: { name: 'Support bot' } },
  'PATCH /api/v1/bots/:id': { id: 'updateBot', description: BOTS, errors: ['conflict'], example: { startScript: 'start', returnScript: 'feedback' } },
  'GET /api/v1/bots/:id/export': { id: 'exportBot', description: SCRIPTS },
  'POST /api/v1/bots/import': {
    id: 'importBot',
    description: BOTS,
    errors: ['conflict'],
    example: { format: 'metadesk.bot', version: 1, bot: { name: 'Support bot', startScript: 'start' }, scripts: [START_SCRIPT] },
  },
  'GET /api/v1/bots/:botId/scripts': { id: 'listScripts', description: SCRIPTS },
  'GET /api/v1/bots/:botId/scripts/:code': { id: 'getScript', description: SCRIPTS },
  'PUT /api/v1/bots/:botId/scripts/:code': {
    id: 'saveScript',
    description: SCRIPTS,
    errors: ['conflict'],
    example: START_SCRIPT,
  },
  'DELETE /api/v1/bots/:botId/scripts/:code': { id: 'deleteScript', description: SCRIPTS, errors: ['conflict'] },
  'GET /api/v1/bots/:botId/scripts/:code/versions': { id: 'listScriptVersions', description: SCRIPTS },
  'GET /api/v1/bots/:botId/scripts/:code/versions/:version': { id: 'getScriptVersion', description: SCRIPTS, errors: ['invalid_state'] },
  'POST /api/v1/bots/:botId/scripts/:code/versions/:version/restore': {
    id: 'restoreScriptVersion',
    description: SCRIPTS,
    errors: ['conflict', 'invalid_state'],
  },
  'GET /api/v1/bots/:botId/triggers': { id: 'listTriggers', description: SCRIPTS },
  'GET /api/v1/bots/:botId/triggers/:code': { id: 'getTrigger', description: SCRIPTS },
  'PUT /api/v1/bots/:botId/triggers/:code': {
    id: 'saveTrigger',
    description: SCRIPTS,
    errors: ['conflict'],
    example: { code: 'on_paid', name: 'Thank for the payment', script: 'thanks', on: 'status_changed', match: 'Paid' },
  },
  'DELETE /api/v1/bots/:botId/triggers/:code': { id: 'deleteTrigger', description: SCRIPTS, errors: ['conflict'] },
  'POST /api/v1/bots/:botId/jobs/schedule': {
    id: 'scheduleBotJob',
    description: BOTS,
    errors: ['conflict'],
    example: { script_code: 'payment_reminder', lead_id: 1042, run_at: '2026-12-01T09:00:00+03:00', script_request_params: { orderId: 'A-1042' } },
  },
  'GET /api/v1/bots/:botId/jobs': { id: 'listBotJobs', description: BOTS },
  'DELETE /api/v1/bots/:botId/jobs/:jobId': { id: 'cancelBotJob', description: BOTS },
  'GET /api/v1/bots/:botId/logs': { id: 'listScriptLogs', description: SCRIPTS },
  'GET /api/v1/bots/:botId/console': { id: 'getBotConsole', description: CONSOLE, auth: 'session' },
  'POST /api/v1/bots/:botId/console/messages': { id: 'sendBotConsoleMessage', description: CONSOLE, auth: 'session', example: { text: '/start' } },
  'DELETE /api/v1/bots/:botId/console': { id: 'resetBotConsole', description: CONSOLE, auth: 'session', ok: { status: 204, description: 'Forgotten' } },

  'GET /api/v1/channels': { id: 'listChannels', description: BOTS },
  'POST /api/v1/channels': {
    id: 'createChannel',
    description: `${BOTS} A Telegram bot's token is checked with Telegram (502 when it cannot be reached).`,
    errors: ['upstream_failed'],
    example: { botId: 3, kind: 'telegram', name: 'Pelican Tours in Telegram', token: '7012345678:AAH4dQ9xZt2LpVbN8kE5rWmC1yJ6uFsG3oI' },
  },
  'PATCH /api/v1/channels/:id': {
    id: 'updateChannel',
    description: BOTS,
    errors: ['upstream_failed'],
    example: { name: 'Website chat', widget: { title: 'Pelican Tours', greeting: 'Hi! How can we help?', allowedOrigins: ['https://shop.example.com'] } },
  },
  'POST /api/v1/channels/:id/rotate-secret': { id: 'rotateChannelSecret', description: BOTS },
  'GET /api/v1/channels/:id/deliveries': { id: 'listChannelDeliveries', description: BOTS },
  'POST /api/v1/channels/:id/deliveries/:deliveryId/retry': { id: 'retryDelivery', description: BOTS, errors: ['invalid_state'] },
  'GET /api/v1/channels/:id/health': { id: 'getChannelHealth', description: BOTS },

  'GET /api/v1/attachments/:id': { id: 'getAttachment', description: READERS, ok: FILE },
  'GET /api/v1/attachments/:id/download': {
    id: 'downloadAttachment',
    description: 'Public: the signed link is the credential, until it expires.',
    errors: ['forbidden'],
    ok: FILE,
  },

  'GET /api/v1/quick-replies': { id: 'listQuickReplies', description: READERS },
  'POST /api/v1/quick-replies': {
    id: 'createQuickReply',
    description: ADMINS,
    errors: ['conflict'],
    example: { shortcut: 'hello', text: 'Здравствуйте! Меня зовут Ольга, чем могу помочь?' },
  },
  'PATCH /api/v1/quick-replies/:id': {
    id: 'updateQuickReply',
    description: ADMINS,
    errors: ['conflict'],
    example: { text: 'Hello! My name is Olga. How can I help you today?' },
  },
  'DELETE /api/v1/quick-replies/:id': { id: 'deleteQuickReply', description: ADMINS },

  'GET /api/v1/routing/script': { id: 'getRoutingScript', description: ROUTING },
  'PUT /api/v1/routing/script': {
    id: 'setRoutingScript',
    description: ROUTING,
    example: {
      code: "const lead = routing.lead();\nif (lead.attrs.vip !== '1') return null; // everyone else: the built-in rule\nreturn { departmentCode: 'vip' };",
    },
  },
  'DELETE /api/v1/routing/script': { id: 'deleteRoutingScript', description: ROUTING },
  'GET /api/v1/routing/logs': { id: 'listRoutingLogs', description: ROUTING },
  'POST /api/v1/routing/simulations': {
    id: 'simulateRouting',
    description: ROUTING,
    example: {
      traffic: { kind: 'generated', days: 1, arrivalsPerHour: ARRIVALS, handlingSec: { mean: 300, min: 60 }, firstResponseSec: { mean: 20 } },
      seed: 1,
      algorithm: 'builtin',
    },
  },

  'GET /api/v1/audit': { id: 'listAuditLog', description: ADMINS },
  'GET /api/v1/reports': { id: 'getReport', description: SUPERVISORS },
  'GET /api/v1/reports/csv': {
    id: 'getReportCsv',
    description: SUPERVISORS,
    ok: { status: 200, description: 'The CSV file (UTF-8 with a BOM)', mediaType: 'text/csv' },
  },
  'GET /api/v1/monitor': { id: 'getMonitor', description: SUPERVISORS },

  'GET /api/v1/business/smtp': { id: 'getSmtpSettings', description: ADMINS },
  'PUT /api/v1/business/smtp': {
    id: 'setSmtpSettings',
    description: ADMINS,
    example: { host: 'smtp.example.com', port: 465, secure: true, user: 'support@example.com', password: 'fwqx-nlzm-hpbt-rvkd', from: 'support@example.com' },
  },
  'POST /api/v1/business/smtp/test': { id: 'sendSmtpTest', description: ADMINS, errors: ['conflict', 'upstream_failed'], example: { to: 'olga@example.com' } },
};
