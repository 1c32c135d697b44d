// The dialogs module's front door: what other modules may use. Everything else in this folder is
// its own business (the machine, the repository, the helpers).
export { addNote } from './add-note';
export { assignDialog } from './assign-dialog';
export { closeDialog } from './close-dialog';
export { endSurveyWait } from './csat';
export { forwardFromBot, forwardToOperators, withinHours } from './forward-to-operators';
export { inviteOperator } from './invite-operator';
export { markRead } from './mark-read';
export { openDialog } from './open-dialog';
export { reopenToLastOperator } from './reopen-dialog';
export { returnToBot } from './return-to-bot';
export { sendOperatorMessage } from './send-operator-message';
export { takeDialog } from './take-dialog';
export { transferToDepartment } from './transfer-to-department';
export { transferToOperator } from './transfer-to-operator';
export { conversationRoutes } from './conversation.routes';
export { dialogsRoutes } from './dialogs.routes';
export { receiveLeadMessage } from './receive-lead-message';
export { releaseDialog } from './release-dialog';
export { createBreachWatcher, type BreachWatcher } from './breach-watcher';
export { canViewDialogs } from './dialogs.policy';
export { decide, isWithOperators, type Command, type DepartmentRef, type OperatorRef, type Snapshot, type Transition, type Who } from './dialog.machine';
export type { DialogView } from './apply-transition';
export {
  businessesWithUnansweredDialogs,
  businessesWithWaitingDialogs,
  dialogsThatWaited,
  formerAssignees,
  findDialog,
  getDialog,
  isDialogWaiting,
  listActiveDialogsOf,
  lastAssignedAt,
  listUnanswered,
  listWaitingDialogs,
  holdRouting,
  markAutoRoute,
  openDialogCounts,
  previousOperatorOfLead,
} from './dialogs.repo';
export type { WaitingDialog } from './dialogs.repo';
