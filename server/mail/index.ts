// The mail module's front door: the business's SMTP server (settings and routes) and sending
// through it. Everything else in this folder is its own business.
export { sendBusinessMail } from './send-mail';
export type { OutgoingMail } from './mailer';
export type { SmtpNetwork } from './smtp-target';
export { smtpRoutes } from './smtp.routes';
