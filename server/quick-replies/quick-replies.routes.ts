import { IdParam, Ok } from '../../contracts/common';
import { CreateQuickReplyBody, QuickReplyList, QuickReplyResponse, UpdateQuickReplyBody } from '../../contracts/quick-replies';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { run } from '../realtime/index';
import { createQuickReply } from './create-quick-reply';
import { deleteQuickReply } from './delete-quick-reply';
import { listQuickReplies } from './list-quick-replies';
import { presentQuickReply } from './quick-replies.presenter';
import { updateQuickReply } from './update-quick-reply';

const tags = ['quick-replies'];

/** The business's canned responses: read by the contact center, written by admins. */
export function quickRepliesRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/quick-replies', { schema: { tags, summary: 'All quick replies, by shortcut', response: { 200: QuickReplyList } } }, async (req) => {
    const rows = await listQuickReplies(ctx, { actor: requireActor(req) });
    return { quickReplies: rows.map(presentQuickReply) };
  });

  app.post(
    '/api/v1/quick-replies',
    { schema: { tags, summary: 'Add a quick reply (admins)', body: CreateQuickReplyBody, response: { 201: QuickReplyResponse } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const q = await run(ctx, actor, (tx, now) => createQuickReply(tx, { actor, ...req.body, now }));
      return reply.status(201).send({ quickReply: presentQuickReply(q) });
    },
  );

  app.patch(
    '/api/v1/quick-replies/:id',
    { schema: { tags, summary: 'Change a quick reply (admins)', params: IdParam, body: UpdateQuickReplyBody, response: { 200: QuickReplyResponse } } },
    async (req) => {
      const actor = requireActor(req);
      const q = await run(ctx, actor, (tx, now) => updateQuickReply(tx, { actor, quickReplyId: req.params.id, ...req.body, now }));
      return { quickReply: presentQuickReply(q) };
    },
  );

  app.delete(
    '/api/v1/quick-replies/:id',
    { schema: { tags, summary: 'Delete a quick reply (admins)', params: IdParam, response: { 200: Ok } } },
    async (req) => {
      const actor = requireActor(req);
      await run(ctx, actor, (tx, now) => deleteQuickReply(tx, { actor, quickReplyId: req.params.id, now }));
      return { ok: true as const };
    },
  );
}
