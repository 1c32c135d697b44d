// The realtime module's front door: what other modules may use. Everything else in this folder is
// its own business.
export type { EventBus } from './bus/bus';
export { commit } from './commit';
export type { CommitDeps, Outcome } from './commit';
export { currentSeq } from './event-log.repo';
export { rebuildDialogSummaries } from './report-dialogs.repo';
export { event } from './events';
export type { PendingEvent } from './events';
export { run } from './run';
