import type { SmtpSettingsBody, SmtpSettingsView } from '../../contracts/mail';
import { recordAudit } from '../audit/index';
import { forbidden } from '../errors';
import type { Actor } from '../shared/actor';
import type { Db } from '../storage/db';
import { AppError } from '../errors';
import { describeSmtpRefusal, smtpAddress, type SmtpNetwork } from './smtp-target';
import { canManageMail } from './mail.policy';
import { presentSmtp } from './smtp.presenter';
import { findSmtpSettings, upsertSmtpSettings } from './smtp.repo';

/** The business's SMTP server as configured (null: none), without its password. */
export async function getSmtpSettings(db: Db, { actor }: { actor: Actor }): Promise<SmtpSettingsView> {
  if (!canManageMail(actor)) throw forbidden('Only administrators see the e-mail settings');
  const row = await findSmtpSettings(db, actor.businessId);
  return { smtp: row ? presentSmtp(row) : null };
}

/**
 * An administrator sets the business's SMTP server. The password is kept unless the body names one
 * (a new one) or null (none); the audit log records that it changed, never its value.
 */
export async function saveSmtpSettings(
  deps: { db: Db; clock: () => number },
  { actor, body, net }: { actor: Actor; body: SmtpSettingsBody; net: SmtpNetwork },
): Promise<SmtpSettingsView> {
  if (!canManageMail(actor)) throw forbidden('Only administrators change the e-mail settings');
  // Judged on save as on sending: a host on a private address is refused now, not at the first mail
  // (a name that does not resolve yet is saved; sending says so).
  const target = await smtpAddress(body.host, net);
  if (!target.ok && target.refusal.reason === 'private') {
    const why = describeSmtpRefusal(target.refusal);
    throw new AppError('validation_failed', `host: ${why}`, [{ path: 'host', message: why }], { reason: 'private_address' });
  }
  const now = deps.clock();
  const row = await deps.db.transaction().execute(async (tx) => {
    const before = await findSmtpSettings(tx, actor.businessId);
    const saved = {
      business_id: actor.businessId,
      host: body.host,
      port: body.port,
      secure: body.secure ? 1 : 0,
      username: body.user || null,
      password: body.password === undefined ? (before?.password ?? null) : body.password,
      from_address: body.from,
      updated_at: now,
    };
    await upsertSmtpSettings(tx, saved);
    await recordAudit(tx, actor, {
      action: 'smtp.update',
      target: { type: 'business', id: actor.businessId },
      // `password` is reduced to "changed" by the audit log itself; it is named only when it changed.
      details: { host: saved.host, port: saved.port, secure: body.secure, user: saved.username, from: saved.from_address, password: body.password },
      now,
    });
    return saved;
  });
  return { smtp: presentSmtp(row) };
}
