import { MailSent, SmtpSettingsBody, SmtpSettingsView, SmtpTestBody } from '../../contracts/mail';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { getSmtpSettings, saveSmtpSettings } from './smtp-settings';
import { sendTestMail } from './send-mail';

const tags = ['business'];
/** SMTP hosts are judged on save as on sending (SMTP_ALLOW_PRIVATE, the system resolver). */
const smtpNetwork = (ctx: AppContext) => ({ allowPrivate: ctx.config.SMTP_ALLOW_PRIVATE });

/** The business's SMTP server (administrators): its settings, the password write-only, and a test message. */
export function smtpRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/business/smtp',
    { schema: { tags, summary: "The business's SMTP server (never its password); null while none is set", response: { 200: SmtpSettingsView } } },
    async (req) => getSmtpSettings(ctx.db, { actor: requireActor(req) }),
  );

  app.put(
    '/api/v1/business/smtp',
    {
      schema: {
        tags,
        summary: 'Set the SMTP server; the password is kept unless given (null forgets it)',
        body: SmtpSettingsBody,
        response: { 200: SmtpSettingsView },
      },
    },
    async (req) => saveSmtpSettings(ctx, { actor: requireActor(req), body: req.body, net: smtpNetwork(ctx) }),
  );

  app.post(
    '/api/v1/business/smtp/test',
    {
      schema: {
        tags,
        summary: "Send a test message through the SMTP server (409 none set; 502 with the server's reply when it refuses)",
        body: SmtpTestBody,
        response: { 200: MailSent },
      },
    },
    async (req) => sendTestMail(ctx.db, { actor: requireActor(req), to: req.body.to, net: smtpNetwork(ctx) }),
  );
}
