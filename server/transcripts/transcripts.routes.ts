import { IdParam } from '../../contracts/common';
import { EmailTranscriptBody, TranscriptQuery, TranscriptSent } from '../../contracts/transcripts';
import { contentDisposition } from '../attachments/index';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { emailTranscript } from './email-transcript';
import { exportTranscript } from './export-transcript';

const tags = ['dialogs'];

/** A dialog's transcript: downloaded as text or PDF, or sent by e-mail through the business's SMTP server. */
export function transcriptsRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/dialogs/:id/transcript',
    {
      schema: {
        tags,
        summary: "The dialog's transcript as a file to download (text or PDF, English or Russian; notes=1 adds internal notes)",
        params: IdParam,
        querystring: TranscriptQuery,
      },
    },
    async (req, reply) => {
      const { format, lang, notes } = req.query;
      const file = await exportTranscript(ctx.db, { actor: requireActor(req), dialogId: req.params.id, format, lang, notes: notes === '1' });
      return reply
        .headers({
          'content-type': file.contentType,
          'content-disposition': contentDisposition('attachment', file.fileName),
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        })
        .send(file.content);
    },
  );

  app.post(
    '/api/v1/dialogs/:id/transcript/email',
    {
      schema: {
        tags,
        summary: "Send the transcript as an attachment through the business's SMTP server (409 none set; 502 when it refuses)",
        params: IdParam,
        body: EmailTranscriptBody,
        response: { 200: TranscriptSent },
      },
    },
    async (req) =>
      emailTranscript(
        { db: ctx.db, clock: ctx.clock, smtp: { allowPrivate: ctx.config.SMTP_ALLOW_PRIVATE } },
        { actor: requireActor(req), dialogId: req.params.id, body: req.body },
      ),
  );
}
