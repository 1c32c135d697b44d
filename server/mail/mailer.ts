import { isIP } from 'node:net';
import { AppError } from '../errors';
import type { SmtpRow } from './smtp.repo';
import { describeSmtpRefusal, smtpAddress, type SmtpNetwork } from './smtp-target';

/** A message for the business's SMTP server. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** How long the SMTP server may take: to connect, to greet, and between replies. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Hands one message to the business's SMTP server and returns its answer. A refusal or an
 * unreachable server is `upstream_failed` (502) with the server's own reply in the message and in
 * `params.reply`; the password never appears in either. A host on a private address is refused
 * unless the installation allows it (SMTP_ALLOW_PRIVATE), and the address checked is the one used.
 */
export async function deliverMail(server: SmtpRow, mail: OutgoingMail, net: SmtpNetwork): Promise<{ response: string }> {
  const target = await smtpAddress(server.host, net);
  if (!target.ok) throw smtpFailure(server, { message: `refused: ${describeSmtpRefusal(target.refusal)}` });
  // Loaded on first use (~40 ms), not at every start.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: target.address,
    port: server.port,
    secure: server.secure === 1,
    // TLS checks the certificate against the name the administrator gave, not the address.
    ...(isIP(server.host) ? {} : { tls: { servername: server.host } }),
    ...(server.username ? { auth: { user: server.username, pass: server.password ?? '' } } : {}),
    ...TIMEOUTS,
  });
  try {
    const info = await transport.sendMail({ from: server.from_address, ...mail });
    return { response: String(info.response ?? '') };
  } catch (err) {
    throw smtpFailure(server, err);
  } finally {
    transport.close();
  }
}

/** What went wrong, in words an administrator can act on. */
export function smtpFailure(server: Pick<SmtpRow, 'host' | 'port'>, err: unknown): AppError {
  const e = err as { code?: string; response?: string; message?: string };
  const reply = (e.response ?? e.message ?? String(err)).trim().slice(0, 500);
  const where = `${server.host}:${server.port}`;
  const message =
    e.code === 'EAUTH'
      ? `The SMTP server ${where} refused the login: ${reply}`
      : e.response
        ? `The SMTP server ${where} refused the message: ${reply}`
        : `Could not reach the SMTP server ${where}: ${reply}`;
  return new AppError('upstream_failed', message, undefined, { reply, server: where });
}
