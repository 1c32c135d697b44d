import { z } from 'zod';
import { Millis } from './common';

/** Limits of the SMTP settings the web form and the server share. */
export const SMTP_LIMITS = { host: 253, user: 254, password: 512, email: 254 } as const;

/** An e-mail address (a recipient or the From of the business's mail). */
export const EmailAddress = z.email('Enter an e-mail address, e.g. name@example.com').max(SMTP_LIMITS.email);

/** The business's SMTP server as an administrator sees it: never the password, only whether one is kept. */
export const SmtpSettings = z.object({
  /** Host name or address of the SMTP server. */
  host: z.string(),
  /** 465 for TLS from the start (secure), 587 or 25 for STARTTLS. */
  port: z.number().int(),
  /** TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: z.boolean(),
  /** The login; null: the server takes mail without one. */
  user: z.string().nullable(),
  /** A password is kept (it is write-only: never shown, exported or logged). */
  passwordSet: z.boolean(),
  /** The From address of the mail sent. */
  from: z.string(),
  updatedAt: Millis,
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

/** GET/PUT /api/v1/business/smtp: the settings, or null while none are configured. */
export const SmtpSettingsView = z.object({ smtp: SmtpSettings.nullable() });
export type SmtpSettingsView = z.infer<typeof SmtpSettingsView>;

/** PUT /api/v1/business/smtp: the whole set; the password only when it changes. */
export const SmtpSettingsBody = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1, 'Enter the SMTP server')
    .max(SMTP_LIMITS.host)
    .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'A host name or address, without spaces or a scheme'),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  /** Empty or null: no login. */
  user: z.string().trim().max(SMTP_LIMITS.user).nullable(),
  /** Omitted: keep the stored one; a string: the new one; null: forget it. */
  password: z.string().min(1).max(SMTP_LIMITS.password).nullable().optional(),
  from: EmailAddress,
});
export type SmtpSettingsBody = z.infer<typeof SmtpSettingsBody>;

/** POST /api/v1/business/smtp/test: where to send the test message. */
export const SmtpTestBody = z.strictObject({ to: EmailAddress });
export type SmtpTestBody = z.infer<typeof SmtpTestBody>;

/** A message the SMTP server accepted. */
export const MailSent = z.object({
  ok: z.literal(true),
  to: z.string(),
  /** The server's answer, e.g. "250 OK: queued as 12345". */
  response: z.string(),
});
export type MailSent = z.infer<typeof MailSent>;
