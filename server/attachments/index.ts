// The attachments module's front door: storing a file for a lead, linking files to a message,
// presenting them, serving them. Everything else in this folder is its own business.
export { ACCEPTED_IN_WORDS, acceptedMime, cleanFileName, contentDisposition } from './attachment.rules';
export { attachableFor, linkAttachments } from './attach-to-message';
export { canUpload } from './attachments.policy';
export { presentAttachment, presentForWebhook } from './attachments.presenter';
export { attachmentsOfMessages, insertAttachment } from './attachments.repo';
export { openAttachmentForDelivery } from './open-attachment';
export { attachmentsRoutes } from './attachments.routes';
export { checkedContent } from './checked-content';
export type { AttachmentLinks } from './signed-link';
