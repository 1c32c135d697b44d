import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './20261126_0001_initial';
import * as botScripts from './20261126_0002_bot_scripts';
import * as notesQuickReplies from './20261201_0003_notes_quick_replies';
import * as attachments from './20261201_0004_attachments';
import * as loginFailures from './20261201_0005_login_failures';
import * as contextsPersons from './20261202_0006_contexts_persons';
import * as telegram from './20261206_0007_telegram';
import * as distribution from './20261206_0008_distribution';
import * as routing from './20261206_0009_routing';
import * as departmentDistribution from './20261206_0010_department_distribution';
import * as audit from './20261206_0011_audit';
import * as passwordLinks from './20261206_0012_password_links';
import * as serviceTargetsReports from './20261206_0013_service_targets_reports';
import * as smtpSettings from './20261206_0014_smtp_settings';
import * as workingHours from './20261206_0015_working_hours';
import * as csat from './20261206_0016_csat';
import * as operatorReplies from './20261206_0017_operator_replies';
import * as reportDialogsByTime from './20261206_0018_report_dialogs_by_time';
import * as eventLogLean from './20261207_0019_event_log_lean';

/** The ordered migration set, one entry per frozen file; both dialects run the same list. */
export const migrations: Record<string, Migration> = {
  '20261126_0001_initial': initial,
  '20261126_0002_bot_scripts': botScripts,
  '20261201_0003_notes_quick_replies': notesQuickReplies,
  '20261201_0004_attachments': attachments,
  '20261201_0005_login_failures': loginFailures,
  '20261202_0006_contexts_persons': contextsPersons,
  '20261206_0007_telegram': telegram,
  '20261206_0008_distribution': distribution,
  '20261206_0009_routing': routing,
  '20261206_0010_department_distribution': departmentDistribution,
  '20261206_0011_audit': audit,
  '20261206_0012_password_links': passwordLinks,
  '20261206_0013_service_targets_reports': serviceTargetsReports,
  '20261206_0014_smtp_settings': smtpSettings,
  '20261206_0015_working_hours': workingHours,
  '20261206_0016_csat': csat,
  '20261206_0017_operator_replies': operatorReplies,
  '20261206_0018_report_dialogs_by_time': reportDialogsByTime,
  '20261207_0019_event_log_lean': eventLogLean,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
