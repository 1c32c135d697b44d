import type { SmtpSettings } from '../../contracts/mail';
import type { SmtpRow } from './smtp.repo';

/** The settings as an administrator sees them: whether a password is kept, never the password. */
export function presentSmtp(r: SmtpRow): SmtpSettings {
  return {
    host: r.host,
    port: r.port,
    secure: r.secure === 1,
    user: r.username,
    passwordSet: r.password !== null,
    from: r.from_address,
    updatedAt: r.updated_at,
  };
}
