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
  },

  'POST /api/v1/auth/login': {
    example: { email: 'olga@example.com', password: 'correct horse battery' },
    id: 'login',
    summary: 'Sign in with e-mail and password',
    description: 'Public. Sets the session cookie and returns the CSRF token mutating requests must echo in `x-csrf-token`. Limited per address.',
    errors: ['unauthenticated'],
  },
  'POST /api/v1/auth/set-password': {
    id: 'setPassword',
    description: 'Public: the token of an invitation or reset link is the credential. Limited per address.',
  },
  'POST /api/v1/auth/logout': { id: 'logout', summary: 'Sign out, going Online or Offline', description: PEOPLE, auth: 'session' },
  'GET /api/v1/me': { id: 'getMe', summary: 'The signed-in person, their business and the CSRF token', description: PEOPLE, auth: 'session' },
  'PUT /api/v1/me/status': { id: 'setMyStatus', summary: 'Go Online or Offline', description: WORKING_PEOPLE, auth: 'session', errors: ['invalid_state'] },

  'GET /api/v1/users': { id: 'listUsers', summary: 'People of the business with their status and load', description: ADMINS },
  'POST /api/v1/users': { id: 'createUser', summary: 'Add a person: with a password or an invitation link', description: ADMINS, errors: ['conflict'] },
  'PATCH /api/v1/users/:id': {
    id: 'updateUser',
    summary: 'Change a person: name, roles, departments, limits, deactivation',
    description: ADMINS,
    errors: ['invalid_state'],
  },
  'PUT /api/v1/users/:id/status': { id: 'setUserStatus', summary: "Set a person's Online or Offline status", description: ADMINS, errors: ['invalid_state'] },
  'POST /api/v1/users/:id/password-link': { id: 'createPasswordLink', description: ADMINS },
  'DELETE /api/v1/users/:id/sessions': { id: 'signOutUser', description: ADMINS },

  'GET /api/v1/departments': { id: 'listDepartments', summary: 'Departments of the business', description: ADMINS },
  'POST /api/v1/departments': { id: 'createDepartment', summary: 'Add a department', description: ADMINS, errors: ['conflict'] },
  'PATCH /api/v1/departments/:id': { id: 'updateDepartment', summary: 'Change a department', description: ADMINS, errors: ['conflict'] },
  'DELETE /api/v1/departments/:id': { id: 'deleteDepartment', summary: 'Delete a department nothing uses', description: ADMINS, errors: ['invalid_state'] },

  'GET /api/v1/tokens': { id: 'listApiTokens', summary: 'API tokens of the business (never their secrets)', description: ADMINS },
  'POST /api/v1/tokens': { id: 'createApiToken', summary: 'Create an API token; its secret is shown once', description: ADMINS },
  'DELETE /api/v1/tokens/:id': { id: 'revokeApiToken', summary: 'Revoke an API token at once', description: ADMINS },

  'GET /api/v1/business': { id: 'getBusiness', summary: "The business's settings", description: ADMINS },
  'PATCH /api/v1/business': { id: 'updateBusiness', summary: "Change the business's settings", description: ADMINS },
  'GET /api/v1/working-hours': { id: 'getWorkingHours', description: ADMINS },
  'PUT /api/v1/working-hours': { id: 'setWorkingHours', description: ADMINS },
  'PUT /api/v1/departments/:id/working-hours': { id: 'setDepartmentWorkingHours', description: ADMINS },

  'GET /api/v1/events': {
    id: 'listEvents',
    summary: 'Realtime events after a sequence number (polling)',
    description: `${READERS} The WebSocket at /api/v1/realtime carries the same events.`,
  },

  'GET /api/v1/inbox': { id: 'listInbox', description: READERS },
  'GET /api/v1/inbox/counts': { id: 'getInboxCounts', description: READERS },
  'GET /api/v1/workspace': { id: 'getWorkspaceDirectory', description: READERS },
  'POST /api/v1/dialogs/:id/take': { id: 'takeDialog', description: WORKING_PEOPLE, auth: 'session', errors: ['already_taken', 'invalid_state'] },
  'POST /api/v1/dialogs/:id/assign': { id: 'assignDialog', description: ADMINS, errors: ['already_taken', 'invalid_state'] },
  'POST /api/v1/dialogs/:id/transfer': {
    id: 'transferDialog',
    description: `${WORKERS} An operator only in their own dialog; operator tokens are in none.`,
    errors: ['invalid_state'],
  },
  'POST /api/v1/dialogs/:id/invite': { id: 'inviteOperator', description: `${WORKERS} An operator only in their own dialog.`, errors: ['invalid_state'] },
  'POST /api/v1/dialogs/:id/close': { id: 'closeDialog', description: `${WORKERS} An operator only in their own dialog.`, errors: ['invalid_state'] },
  'POST /api/v1/dialogs/:id/return-to-bot': {
    example: { script: 'feedback' },
    id: 'returnLeadToBot',
    description: `${WORKERS} An operator only in their own dialog.`,
    errors: ['invalid_state'],
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
  'POST /api/v1/dialogs/:id/transcript/email': { id: 'emailTranscript', description: READERS, errors: ['conflict', 'upstream_failed'] },

  'GET /api/v1/leads/:id': { id: 'getLead', description: READERS },
  'PATCH /api/v1/leads/:id': { id: 'updateLead', description: WORKERS },
  'GET /api/v1/leads/:id/messages': { id: 'listLeadMessages', description: READERS },
  'POST /api/v1/leads/:id/messages': {
    id: 'sendMessage',
    description: `${WORKING_PEOPLE} Idempotent by clientMessageId.`,
    auth: 'session',
    errors: ['invalid_state', 'already_taken', 'idempotency_conflict', 'conflict'],
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
  'POST /api/v1/leads/:id/transfer-to-operators': { id: 'transferLeadToOperators', description: ADMINS, errors: ['invalid_state'] },
  'POST /api/v1/messages/:id/retry': { id: 'retryMessage', description: WORKERS, errors: ['invalid_state'] },

  'POST /api/v1/channels/:id/inbound': {
    example: { lead: { messengerId: 'crm-1042', name: 'Ira Petrova', language: 'ru' }, message: { clientMessageId: 'msg-77', text: 'Where is my order?' } },
    id: 'postInboundMessage',
    description: 'API tokens of administrators and bot editors (machines feeding the channel).',
    auth: 'token',
    errors: ['idempotency_conflict'],
  },
  'POST /api/v1/channels/:id/telegram': {
    id: 'receiveTelegramUpdate',
    description: "Called by Telegram, checked by the channel's secret in X-Telegram-Bot-Api-Secret-Token (no session or API token).",
    errors: ['unauthenticated'],
    ok: { status: 200, description: 'The update is stored (or was already)', mediaType: 'application/json' },
  },
  'POST /api/widget/v1/sessions': {
    id: 'startWidgetSession',
    description: "Public: the channel's widget key is the credential. Limited per address.",
    errors: ['not_found', 'forbidden'],
  },
  'GET /api/widget/v1/messages': { id: 'listWidgetMessages', description: VISITOR, errors: ['unauthenticated', 'forbidden'] },
  'POST /api/widget/v1/messages': {
    id: 'sendWidgetMessage',
    description: VISITOR,
    errors: ['unauthenticated', 'forbidden', 'idempotency_conflict', 'invalid_state'],
  },
  'POST /api/widget/v1/attachments': {
    id: 'uploadWidgetAttachment',
    description: VISITOR,
    errors: ['unauthenticated', 'forbidden', 'validation_failed', 'payload_too_large', 'unsupported_type'],
  },

  'GET /api/v1/bots': { id: 'listBots', description: SCRIPTS },
  'POST /api/v1/bots': { id: 'createBot', description: BOTS },
  'PATCH /api/v1/bots/:id': { id: 'updateBot', description: BOTS, errors: ['conflict'] },
  'GET /api/v1/bots/:id/export': { id: 'exportBot', description: SCRIPTS },
  'POST /api/v1/bots/import': { id: 'importBot', description: BOTS, errors: ['conflict'] },
  'GET /api/v1/bots/:botId/scripts': { id: 'listScripts', description: SCRIPTS },
  'GET /api/v1/bots/:botId/scripts/:code': { id: 'getScript', description: SCRIPTS },
  'PUT /api/v1/bots/:botId/scripts/:code': { id: 'saveScript', description: SCRIPTS, errors: ['conflict'] },
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
  'PUT /api/v1/bots/:botId/triggers/:code': { id: 'saveTrigger', description: SCRIPTS, errors: ['conflict'] },
  'DELETE /api/v1/bots/:botId/triggers/:code': { id: 'deleteTrigger', description: SCRIPTS, errors: ['conflict'] },
  'POST /api/v1/bots/:botId/jobs/schedule': { id: 'scheduleBotJob', description: BOTS, errors: ['conflict'] },
  'GET /api/v1/bots/:botId/jobs': { id: 'listBotJobs', description: BOTS },
  'DELETE /api/v1/bots/:botId/jobs/:jobId': { id: 'cancelBotJob', description: BOTS },
  'GET /api/v1/bots/:botId/logs': { id: 'listScriptLogs', description: SCRIPTS },
  'GET /api/v1/bots/:botId/console': { id: 'getBotConsole', description: CONSOLE, auth: 'session' },
  'POST /api/v1/bots/:botId/console/messages': { id: 'sendBotConsoleMessage', description: CONSOLE, auth: 'session' },
  'DELETE /api/v1/bots/:botId/console': { id: 'resetBotConsole', description: CONSOLE, auth: 'session', ok: { status: 204, description: 'Forgotten' } },

  'GET /api/v1/channels': { id: 'listChannels', description: BOTS },
  'POST /api/v1/channels': {
    id: 'createChannel',
    description: `${BOTS} A Telegram bot's token is checked with Telegram (502 when it cannot be reached).`,
    errors: ['upstream_failed'],
  },
  'PATCH /api/v1/channels/:id': { id: 'updateChannel', description: BOTS, errors: ['upstream_failed'] },
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
  'POST /api/v1/quick-replies': { id: 'createQuickReply', description: ADMINS, errors: ['conflict'] },
  'PATCH /api/v1/quick-replies/:id': { id: 'updateQuickReply', description: ADMINS, errors: ['conflict'] },
  'DELETE /api/v1/quick-replies/:id': { id: 'deleteQuickReply', description: ADMINS },

  'GET /api/v1/routing/script': { id: 'getRoutingScript', description: ROUTING },
  'PUT /api/v1/routing/script': { id: 'setRoutingScript', description: ROUTING },
  'DELETE /api/v1/routing/script': { id: 'deleteRoutingScript', description: ROUTING },
  'GET /api/v1/routing/logs': { id: 'listRoutingLogs', description: ROUTING },
  'POST /api/v1/routing/simulations': { id: 'simulateRouting', description: ROUTING },

  'GET /api/v1/audit': { id: 'listAuditLog', description: ADMINS },
  'GET /api/v1/reports': { id: 'getReport', description: SUPERVISORS },
  'GET /api/v1/reports/csv': {
    id: 'getReportCsv',
    description: SUPERVISORS,
    ok: { status: 200, description: 'The CSV file (UTF-8 with a BOM)', mediaType: 'text/csv' },
  },
  'GET /api/v1/monitor': { id: 'getMonitor', description: SUPERVISORS },

  'GET /api/v1/business/smtp': { id: 'getSmtpSettings', description: ADMINS },
  'PUT /api/v1/business/smtp': { id: 'setSmtpSettings', description: ADMINS },
  'POST /api/v1/business/smtp/test': { id: 'sendSmtpTest', description: ADMINS, errors: ['conflict', 'upstream_failed'] },
};
