import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DeliveryStatus } from '../../contracts/channels';
import type { ChannelKind, DialogEndReason, DialogState, LeadState, MessageAuthor, MessageDelivery } from '../../contracts/inbox';
import type { OperatorStatus } from '../../contracts/roles';
import type { ScriptLogLevel, ScriptType, TriggerEvent } from '../../contracts/scripts';

// Row types for Kysely. Times are epoch milliseconds; JSON columns are text; booleans are 0/1,
// so both dialects store and return the same values.

export interface BusinessesTable {
  id: Generated<number>;
  name: string;
  /** Last event sequence number handed out; bumped inside the writing transaction. */
  event_seq: Generated<number>;
  /** JSON: contact-center settings (ContactCenterSettings in contracts). */
  settings: string;
  created_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  business_id: number;
  email: string;
  name: string;
  password_hash: string;
  /** JSON array of Role (contracts/roles.ts RoleList). */
  roles: string;
  status: OperatorStatus;
  /** Concurrent dialogs automatic distribution may give this operator. */
  max_dialogs: number;
  disabled: number;
  created_at: number;
}

export interface DepartmentsTable {
  id: Generated<number>;
  business_id: number;
  code: string;
  name: string;
  created_at: number;
  /** Automatic distribution for this department's dialogs: 1 on, 0 off, null as the business's `autoAssign`. */
  auto_assign: number | null;
  /** What its dialogs do when their operator goes Offline; null: as the business's `offlineDialogs`. */
  offline_dialogs: 'keep' | 'requeue' | null;
  /** Seconds before its unanswered dialogs go to someone else (0: never); null: as the business's `reassignAfterSec`. */
  reassign_after_sec: number | null;
  /** Service targets in seconds (first answer; answer to each later message); null: as the business's. */
  first_response_target_sec: number | null;
  next_response_target_sec: number | null;
}

export interface UserDepartmentsTable {
  user_id: number;
  department_id: number;
}

export interface SessionsTable {
  /** sha256 of the cookie token; the token itself is never stored. */
  id: string;
  user_id: number;
  business_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

/** Failed sign-ins per scope: 'address' (client address), 'account' (e-mail), 'account_address'. */
export interface LoginFailuresTable {
  scope: 'address' | 'account' | 'account_address';
  /** The address, the lower-cased e-mail, or "<address> <e-mail>". */
  subject: string;
  failures: number;
  last_failure_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  business_id: number;
  name: string;
  token_hash: string;
  roles: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface BotsTable {
  id: Generated<number>;
  business_id: number;
  name: string;
  created_at: number;
  /** Script codes: where a new lead starts, where "return to bot" lands by default, what runs on every transfer. */
  start_script: string | null;
  return_script: string | null;
  transfer_script: string | null;
}

export interface ChannelsTable {
  id: Generated<number>;
  business_id: number;
  bot_id: number;
  kind: ChannelKind;
  name: string;
  webhook_url: string | null;
  webhook_secret: string;
  /** JSON: channel-specific settings (shown to admins). */
  config: string;
  /** A messenger's credentials (a Telegram bot's token); never presented, exported or logged. */
  credentials: string | null;
  /** A web widget's public key (wk_…), as in its snippet; null for other kinds. */
  public_key: string | null;
  created_at: number;
}

/** The long-poll lease and update offset of a channel that polls its messenger (Telegram without a webhook). */
export interface ChannelPollersTable {
  channel_id: number;
  /** The process polling now (its random id), or null. */
  holder: string | null;
  locked_until: number;
  /** The next update id to ask for: every update before it is stored. */
  update_offset: number;
}

export interface LeadsTable {
  id: Generated<number>;
  business_id: number;
  bot_id: number;
  channel_id: number;
  messenger_id: string;
  name: string;
  language: string | null;
  status: string | null;
  state: LeadState;
  current_dialog_id: number | null;
  unread_count: number;
  last_message_at: number | null;
  last_message_preview: string | null;
  last_message_author: MessageAuthor | null;
  /** Copies of sys_phone / sys_email kept for search. */
  phone: string | null;
  email: string | null;
  is_forwarded: number;
  forwarded_at: number | null;
  created_at: number;
  last_activity_at: number;
  /** When the messenger said the lead cannot be reached (it blocked the bot), and why; null: reachable. */
  unreachable_at: number | null;
  unreachable_reason: string | null;
}

export interface LeadAttributesTable {
  lead_id: number;
  name: string;
  value: string;
}

export interface LeadTagsTable {
  lead_id: number;
  tag: string;
}

/** A lead's contexts: named marks scripts set (lead.setContext), like tags. */
export interface LeadContextsTable {
  lead_id: number;
  context: string;
}

/** One human behind several leads (Metabot's persons). */
export interface PersonsTable {
  id: Generated<number>;
  business_id: number;
  created_at: number;
}

/** Which person a lead belongs to (at most one). */
export interface LeadPersonsTable {
  lead_id: number;
  person_id: number;
}

export interface DialogsTable {
  id: Generated<number>;
  business_id: number;
  lead_id: number;
  state: DialogState;
  department_id: number | null;
  assignee_id: number | null;
  created_at: number;
  assigned_at: number | null;
  first_response_at: number | null;
  ended_at: number | null;
  end_reason: DialogEndReason | null;
  ended_by: number | null;
  /** Script the bot restarts at when the dialog is returned to it. */
  return_script: string | null;
  /** When it last started waiting (null while it never waited). */
  waiting_since: number | null;
  /** 1: distribution was asked for it (`lead.assignDialogToNextOperator()`), whatever the business's setting. */
  auto_route: Generated<number>;
  /** 1: the routing script answered "keep waiting" for this waiting period. */
  route_held: Generated<number>;
  /** When the operators' first answer is due (the department's first-response target from opening); null: no target. */
  first_response_due_at: number | null;
  /** The next-response target in force (seconds), copied from the department when the dialog opened or moved. */
  next_response_sec: number | null;
  /** When the answer to the lead's oldest unanswered message is due; null: nothing pending or no target. */
  next_response_due_at: number | null;
  /** 1 once the first-response target was missed. */
  first_response_breached: Generated<number>;
  /** 1 while the pending next-response target is missed (reset by the answer). */
  next_response_breached: Generated<number>;
  /** The satisfaction survey awaits the lead's next message as this ('rating' or 'comment'); null: nothing awaited. */
  csat_awaiting: CsatAwaiting | null;
  /** Until when csat_awaiting holds. */
  csat_until: number | null;
  /** The lead's rating, 1–5 (the first one stands). */
  rating: number | null;
  rating_comment: string | null;
  rated_at: number | null;
}

export type CsatAwaiting = 'rating' | 'comment';

/** The reporting part of the event log: one narrow row per counted event, kept with the data (see reports/report-facts.ts). */
export interface ReportEventsTable {
  business_id: number;
  seq: number;
  at: number;
  kind: string;
  dialog_id: number | null;
  bot_id: number | null;
  channel_id: number | null;
  department_id: number | null;
  operator_id: number | null;
  value: number | null;
  /** When the fact's dialog was opened (null: not about a dialog). */
  opened_at: number | null;
}

/** Each transferred dialog as its reporting facts tell it so far (derived from report_events, kept in step with them). */
export interface ReportDialogsTable {
  business_id: number;
  dialog_id: number;
  opened_at: number;
  department_id: number | null;
  bot_id: number | null;
  channel_id: number | null;
  target_sec: number | null;
  assigned_at: number | null;
  responded_at: number | null;
  responder_id: number | null;
  closed_at: number | null;
  returned_at: number | null;
  last_lead_at: number | null;
  rating: number | null;
}

/** The business's SMTP server (one row per business that configured one). */
export interface SmtpSettingsTable {
  business_id: number;
  host: string;
  port: number;
  /** 1: TLS from the first byte (port 465); 0: plain, upgraded with STARTTLS when offered. */
  secure: number;
  username: string | null;
  /** Kept as given: it must be usable. Never presented, exported, logged or audited. */
  password: string | null;
  from_address: string;
  updated_at: number;
}

/** Working hours of a business (department_id null) or of a department; a business without a row is always open. */
export interface WorkingHoursTable {
  id: Generated<number>;
  business_id: number;
  department_id: number | null;
  /** JSON: WeekHours (contracts/working-hours.ts). */
  week: string;
  /** JSON: Holiday[]. */
  holidays: string;
  updated_at: number;
}

/** When a lead last got the out-of-hours reply (once per closed period). */
export interface OutOfHoursRepliesTable {
  lead_id: number;
  replied_at: number;
}

export interface RoutingScriptsTable {
  business_id: number;
  code: string;
  updated_at: number;
  updated_by: number | null;
}

export interface RoutingLogsTable {
  id: Generated<number>;
  business_id: number;
  dialog_id: number | null;
  level: 'log' | 'info' | 'warn' | 'error';
  message: string;
  created_at: number;
}

/** A one-time link to choose a password (an invitation or a reset); only the token's hash is kept. */
export interface PasswordLinksTable {
  token_hash: string;
  user_id: number;
  business_id: number;
  kind: 'invite' | 'reset';
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  business_id: number;
  at: number;
  actor_kind: 'user' | 'token' | 'system';
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: number | null;
  /** JSON of what changed; never a secret. */
  details: string;
}

/** A user's open workspace in one server process; stale when `seen_at` is not renewed. */
export interface WorkspacePresenceTable {
  user_id: number;
  process_id: string;
  business_id: number;
  seen_at: number;
}

export interface DialogMembersTable {
  dialog_id: number;
  user_id: number;
  business_id: number;
  kind: 'assignee' | 'invited';
  joined_at: number;
  /** null while the operator is in the dialog. */
  left_at: number | null;
}

export interface MessagesTable {
  id: Generated<number>;
  business_id: number;
  lead_id: number;
  dialog_id: number | null;
  author: MessageAuthor;
  author_user_id: number | null;
  text: string;
  /** JSON: buttons, attachments, system-line details. */
  payload: string | null;
  client_message_id: string | null;
  delivery: MessageDelivery;
  /** 1: an internal note (operators only, never delivered to the lead). Defaults to 0. */
  internal: Generated<number>;
  created_at: number;
}

export interface EventsTable {
  business_id: number;
  seq: number;
  type: string;
  data: string;
  created_at: number;
}

export interface OutboxTable {
  id: Generated<number>;
  business_id: number;
  channel_id: number;
  lead_id: number;
  message_id: number | null;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  locked_until: number;
  last_error: string | null;
  /** When the current run of failures began (null: never failed since armed); the give-up clock. */
  first_failed_at: number | null;
  created_at: number;
  done_at: number | null;
}

export interface ScriptsTable {
  id: Generated<number>;
  business_id: number;
  bot_id: number;
  /** Unique per bot; how commands, buttons and the API name a script. */
  code: string;
  name: string;
  type: ScriptType;
  /** JSON: Entry[] (commands like /start, keywords). */
  entries: string;
  /** JSON: Command[]. */
  commands: string;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface ScriptVersionsTable {
  script_id: number;
  version: number;
  business_id: number;
  /** JSON: the script as it was saved at this version. */
  snapshot: string;
  author_user_id: number | null;
  created_at: number;
}

export interface TriggersTable {
  id: Generated<number>;
  business_id: number;
  bot_id: number;
  code: string;
  name: string;
  /** Code of the script the trigger runs. */
  script: string;
  on_event: TriggerEvent;
  /** JSON: event filter (attribute, status, tag) and defaults (delaySec). */
  params: string;
  enabled: number;
  created_at: number;
}

export interface LeadScenariosTable {
  lead_id: number;
  script: string;
  /** Index of the next command to run. */
  step: number;
  /** JSON: what the scenario waits for (an "ask" answer, a menu choice), or null. */
  awaiting: string | null;
  updated_at: number;
}

export interface BotJobsTable {
  id: Generated<number>;
  business_id: number;
  bot_id: number;
  lead_id: number;
  kind: 'lead_message' | 'trigger' | 'script' | 'return_to_bot' | 'transfer';
  /** Trigger or script code, message id, … depending on kind. */
  ref: string | null;
  params: string;
  run_at: number;
  /** Periodic jobs run again every this many seconds. */
  every_sec: number | null;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  locked_until: number;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

export interface ScriptLogsTable {
  id: Generated<number>;
  business_id: number;
  bot_id: number;
  lead_id: number | null;
  script: string | null;
  level: ScriptLogLevel;
  message: string;
  created_at: number;
}

export interface QuickRepliesTable {
  id: Generated<number>;
  business_id: number;
  /** Unique per business; NFC, lower case (contracts/quick-replies.ts). */
  shortcut: string;
  text: string;
  created_at: number;
  updated_at: number;
}

export interface AttachmentsTable {
  id: Generated<number>;
  business_id: number;
  lead_id: number;
  /** Where the bytes are in blob storage: random, never derived from the user's file name. */
  storage_key: string;
  /** The cleaned file name shown to people and sent in Content-Disposition. */
  name: string;
  /** Checked against the allowed list and the content (contracts/limits.ts ATTACHMENT_TYPES). */
  mime: string;
  size: number;
  uploaded_by: number | null;
  /** null until sent with a message. */
  message_id: number | null;
  created_at: number;
}

export interface InstallationSecretsTable {
  /** What the secret is for, e.g. attachment_links. */
  name: string;
  value: string;
  created_at: number;
}

export interface DB {
  businesses: BusinessesTable;
  users: UsersTable;
  departments: DepartmentsTable;
  user_departments: UserDepartmentsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  api_tokens: ApiTokensTable;
  bots: BotsTable;
  channels: ChannelsTable;
  leads: LeadsTable;
  lead_attributes: LeadAttributesTable;
  lead_tags: LeadTagsTable;
  lead_contexts: LeadContextsTable;
  persons: PersonsTable;
  lead_persons: LeadPersonsTable;
  dialogs: DialogsTable;
  dialog_members: DialogMembersTable;
  messages: MessagesTable;
  events: EventsTable;
  outbox: OutboxTable;
  channel_pollers: ChannelPollersTable;
  scripts: ScriptsTable;
  script_versions: ScriptVersionsTable;
  triggers: TriggersTable;
  lead_scenarios: LeadScenariosTable;
  bot_jobs: BotJobsTable;
  script_logs: ScriptLogsTable;
  attachments: AttachmentsTable;
  installation_secrets: InstallationSecretsTable;
  quick_replies: QuickRepliesTable;
  routing_scripts: RoutingScriptsTable;
  routing_logs: RoutingLogsTable;
  workspace_presence: WorkspacePresenceTable;
  audit_log: AuditLogTable;
  report_events: ReportEventsTable;
  report_dialogs: ReportDialogsTable;
  password_links: PasswordLinksTable;
  smtp_settings: SmtpSettingsTable;
  working_hours: WorkingHoursTable;
  out_of_hours_replies: OutOfHoursRepliesTable;
}

export type Business = Selectable<BusinessesTable>;
export type User = Selectable<UsersTable>;
export type Lead = Selectable<LeadsTable>;
export type NewLead = Insertable<LeadsTable>;
export type LeadUpdate = Updateable<LeadsTable>;
export type Dialog = Selectable<DialogsTable>;
export type Message = Selectable<MessagesTable>;
export type Channel = Selectable<ChannelsTable>;
export type Department = Selectable<DepartmentsTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type QuickReply = Selectable<QuickRepliesTable>;
