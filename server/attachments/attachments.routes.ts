import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SignedDownloadQuery, UploadedAttachment } from '../../contracts/attachments';
import { IdParam } from '../../contracts/common';
import { LIMITS } from '../../contracts/limits';
import type { AppContext } from '../context';
import { badInput } from '../errors';
import type { App } from '../http/app';
import { requireActor, requireUser } from '../http/auth';
import { downloadHeaders, presentAttachment } from './attachments.presenter';
import { openAttachment } from './open-attachment';
import { openSignedAttachment } from './open-signed-attachment';
import { uploadAttachment } from './upload-attachment';

const tags = ['attachments'];

/** Uploading files for a lead, and serving them: to the business's people, or to a signed link's holder. */
export async function attachmentsRoutes(app: App, ctx: AppContext): Promise<void> {
  // Multipart is parsed only in this scope, in stream mode: the global JSON body limit does not apply
  // to it, and the file is limited as it streams (busboy stops one byte past the limit, which
  // checkedContent turns into a 413), so no upload is ever held in memory.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: LIMITS.attachmentBytes + 1, files: 1, fields: 10, fieldSize: 1024, parts: 11 } });
    // A refused upload is answered before its body has all arrived, and nothing reads the rest: close
    // the connection after the answer, or it would sit waiting for the client to finish sending.
    scope.addHook('onSend', async (req, reply) => {
      if (!req.raw.readableEnded) reply.header('connection', 'close');
    });
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/leads/:id/attachments', {
      schema: { tags, summary: 'Upload a file for the lead (multipart/form-data, one file field), to send with a message', consumes: ['multipart/form-data'], params: IdParam, response: { 201: UploadedAttachment } },
    }, async (req, reply) => {
      const actor = requireUser(req);
      const part = await req.file();
      if (!part) throw badInput('body.file', 'send one file in a multipart/form-data field');
      const row = await uploadAttachment(ctx, { actor, leadId: req.params.id, file: { name: part.filename, mime: part.mimetype, content: part.file }, now: ctx.clock() });
      return reply.status(201).send({ attachment: presentAttachment(row) });
    });
  });

  app.get('/api/v1/attachments/:id', { schema: { tags, summary: 'The bytes of an attachment (images inline, other files as a download)', params: IdParam } }, async (req, reply) => {
    const { attachment, content } = await openAttachment(ctx, { actor: requireActor(req), attachmentId: req.params.id });
    return reply.headers(downloadHeaders(attachment)).send(content);
  });

  app.get('/api/v1/attachments/:id/download', {
    config: { public: true },
    schema: { tags, summary: 'The bytes behind a signed link sent to a webhook; no session needed until it expires', params: IdParam, querystring: SignedDownloadQuery, security: [] },
  }, async (req, reply) => {
    const { attachment, content } = await openSignedAttachment(ctx, { attachmentId: req.params.id, ...req.query, now: ctx.clock() });
    return reply.headers(downloadHeaders(attachment)).send(content);
  });
}
