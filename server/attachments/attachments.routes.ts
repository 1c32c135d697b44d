import { SignedDownloadQuery } from '../../contracts/attachments';
import { IdParam } from '../../contracts/common';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { downloadHeaders } from './attachments.presenter';
import { openAttachment } from './open-attachment';
import { openSignedAttachment } from './open-signed-attachment';

const tags = ['attachments'];

/** Serving attachments: to the business's people, or to a signed link's holder. (Uploads are a lead's: leads.routes.ts.) */
export function attachmentsRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/attachments/:id',
    { schema: { tags, summary: 'The bytes of an attachment (images inline, other files as a download)', params: IdParam } },
    async (req, reply) => {
      const { attachment, content } = await openAttachment(ctx, { actor: requireActor(req), attachmentId: req.params.id });
      return reply.headers(downloadHeaders(attachment)).send(content);
    },
  );

  app.get(
    '/api/v1/attachments/:id/download',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The bytes behind a signed link sent to a webhook; no session needed until it expires',
        params: IdParam,
        querystring: SignedDownloadQuery,
        security: [],
      },
    },
    async (req, reply) => {
      const { attachment, content } = await openSignedAttachment(ctx, { attachmentId: req.params.id, ...req.query, now: ctx.clock() });
      return reply.headers(downloadHeaders(attachment)).send(content);
    },
  );
}
