import type { EmailTranscriptBody, TranscriptSent } from '../../contracts/transcripts';
import { recordAudit } from '../audit/index';
import { sendBusinessMail, type SmtpNetwork } from '../mail/index';
import type { Actor } from '../shared/actor';
import type { Db } from '../storage/db';
import { exportTranscript } from './export-transcript';

const LETTER = {
  en: {
    subject: (id: number, lead: string) => `Dialog transcript #${id}: ${lead}`,
    body: (id: number, lead: string, business: string) => `Attached is the transcript of dialog #${id} with ${lead} (${business}), sent from Metadesk.\n`,
  },
  ru: {
    subject: (id: number, lead: string) => `История диалога №${id}: ${lead}`,
    body: (id: number, lead: string, business: string) => `Во вложении — история диалога №${id} с ${lead} (${business}), отправленная из Metadesk.\n`,
  },
} as const;

/**
 * Sends a dialog's transcript as an attachment through the business's SMTP server (409 when it has
 * none, 502 when the server refuses), then records the sending in the audit log: to whom, which
 * format. Whoever may read the transcript may send it.
 */
export async function emailTranscript(
  deps: { db: Db; clock: () => number; smtp: SmtpNetwork },
  { actor, dialogId, body }: { actor: Actor; dialogId: number; body: EmailTranscriptBody },
): Promise<TranscriptSent> {
  const file = await exportTranscript(deps.db, { actor, dialogId, format: body.format, lang: body.lang, notes: body.notes });
  const { transcript: t } = file;
  const words = LETTER[body.lang];
  // Sent outside any transaction: an SMTP server may take seconds, and no database lock waits on it.
  await sendBusinessMail(
    deps.db,
    actor.businessId,
    {
      to: body.to,
      // A lead's name may hold line breaks: never into a header.
      subject: words.subject(t.dialogId, t.lead.replace(/[\r\n]+/g, ' ')),
      text: words.body(t.dialogId, t.lead, t.business),
      attachments: [{ filename: file.fileName, content: file.content, contentType: file.contentType }],
    },
    deps.smtp,
  );
  await recordAudit(deps.db, actor, {
    action: 'transcript.email',
    target: { type: 'dialog', id: dialogId },
    details: { to: body.to, format: body.format, lang: body.lang, notes: body.notes },
    now: deps.clock(),
  });
  return { ok: true, to: body.to, fileName: file.fileName };
}
