import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { UploadedAttachment } from '../../contracts/attachments';
import { IdParam } from '../../contracts/common';
import { LIMITS } from '../../contracts/limits';
import { presentAttachment } from '../attachments/index';
import { badInput } from '../errors';
import { uploadAttachment } from './upload-attachment';
import { MessagesPage, MessagesQuery } from '../../contracts/dialogs';
import { LeadCard, UpdateLeadBody } from '../../contracts/leads';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor, requireUser } from '../http/auth';
import { run } from '../realtime/index';
import { viewLeadCard } from './lead-card';
import { listLeadMessages } from './list-messages';
import { editLead } from './update-lead';
import type { LeadChangedPort } from './lead-changes';

const tags = ['leads'];

/** A lead's card, its history and its files. `leadChanged`: what a lead's changed data fires (the bots module's triggers). */
export async function leadsRoutes(app: App, ctx: AppContext, leadChanged: LeadChangedPort): Promise<void> {
  app.get('/api/v1/leads/:id', { schema: { tags, summary: 'The lead card', params: IdParam, response: { 200: LeadCard } } }, async (req) =>
    viewLeadCard(ctx.db, { actor: requireActor(req), leadId: req.params.id }),
  );

  app.patch(
    '/api/v1/leads/:id',
    { schema: { tags, summary: 'Edit name, status, attributes, tags', params: IdParam, body: UpdateLeadBody, response: { 200: LeadCard } } },
    async (req) => {
      const actor = requireActor(req);
      return run(ctx, actor, (tx, now) => editLead({ tx, leadChanged }, { actor, leadId: req.params.id, patch: req.body, now }));
    },
  );

  app.get(
    '/api/v1/leads/:id/messages',
    {
      schema: {
        tags,
        summary: 'History, newest page first; each next page is older',
        params: IdParam,
        querystring: MessagesQuery,
        response: { 200: MessagesPage },
      },
    },
    async (req) => listLeadMessages(ctx.db, { actor: requireActor(req), leadId: req.params.id, query: req.query }),
  );

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
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/leads/:id/attachments',
      {
        schema: {
          tags: ['attachments'],
          summary: 'Upload a file for the lead (multipart/form-data, one file field), to send with a message',
          consumes: ['multipart/form-data'],
          params: IdParam,
          response: { 201: UploadedAttachment },
        },
      },
      async (req, reply) => {
        const actor = requireUser(req);
        const part = await req.file();
        if (!part) throw badInput('body.file', 'send one file in a multipart/form-data field');
        const row = await uploadAttachment(ctx, {
          actor,
          leadId: req.params.id,
          file: { name: part.filename, mime: part.mimetype, content: part.file },
          now: ctx.clock(),
        });
        return reply.status(201).send({ attachment: presentAttachment(row) });
      },
    );
  });
}
