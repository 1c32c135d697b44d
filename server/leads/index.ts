// The leads module's front door: what other modules may use. Everything else in this folder is
// its own business.
export { countLeadsOfBot, findLeads, lastLeadMessage, leadChannel, routingProfiles, statusesOfBot } from './find-leads.repo';
export { getContexts } from './contexts.repo';
export { createPerson, linkLeadToPerson, personOfLead } from './persons.repo';
export { idempotencyConflict, isSameContent } from './idempotency';
export { applyLeadChanges, hasChanges, NO_CHANGES } from './lead-changes';
export type { LeadChangedPort, LeadChanges, LeadDataEdit } from './lead-changes';
export { activeMemberIds, rowFor, rowsFor } from './inbox-row.repo';
export { presentDialog, presentMessage, previewOf, previewWithFiles } from './leads.presenter';
export {
  addTags,
  deleteAttributes,
  findLead,
  findLeadById,
  findLeadOfMessenger,
  findLeadByMessengerIdForUpdate,
  findLeadState,
  getAttributes,
  getLead,
  getTags,
  insertLeadIfNew,
  recordMessageOnLead,
  removeTags,
  setAttributes,
  updateLead,
} from './leads.repo';
export {
  findByClientMessageId,
  findMessage,
  insertMessage,
  insertMessageOnce,
  insertNoteOnce,
  listConversationAfter,
  messagePayload,
  messageText,
  setDelivery,
} from './messages.repo';
export { presentStored } from './present-stored';
export { markLeadReachable, markLeadUnreachable } from './reachability';
export { validateAnswer } from './validate-answer';
