import type { MailSent } from '../../contracts/mail';
import { conflict, forbidden } from '../errors';
import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { canManageMail } from './mail.policy';
import { deliverMail, type OutgoingMail } from './mailer';
import { findSmtpSettings } from './smtp.repo';
import type { SmtpNetwork } from './smtp-target';

const NOT_CONFIGURED = 'No SMTP server is configured for this business: an administrator sets one in Settings → E-mail';

/**
 * Sends a message through the business's own SMTP server. 409 `conflict` when it has none; 502
 * `upstream_failed` with the server's reply when the server cannot be reached or refuses.
 */
export async function sendBusinessMail(db: Executor, businessId: number, mail: OutgoingMail, net: SmtpNetwork): Promise<MailSent> {
  const server = await findSmtpSettings(db, businessId);
  if (!server) throw conflict(NOT_CONFIGURED);
  const { response } = await deliverMail(server, mail, net);
  return { ok: true, to: mail.to, response };
}

/** An administrator checks the settings with a short message to an address of their choice. */
export async function sendTestMail(db: Executor, { actor, to, net }: { actor: Actor; to: string; net: SmtpNetwork }): Promise<MailSent> {
  if (!canManageMail(actor)) throw forbidden('Only administrators send test messages');
  return sendBusinessMail(
    db,
    actor.businessId,
    {
      to,
      subject: 'Metadesk: test message',
      text: 'This is a test message from Metadesk: the SMTP settings work, and mail such as dialog transcripts will be sent this way.\n',
    },
    net,
  );
}
