// The channels module's front door: what other modules may use. Everything else in this folder is
// its own business.
export { insertChannel, widgetKeyOfBusiness } from './channels.repo';
export type { IncomingFile, IncomingMessage, Received } from './inbound-port';
export { queueDelivery } from './outbox.repo';
export { retryMessageDelivery } from './retry-message-delivery';
