import { IdParam } from '../../../contracts/common';
import { InboundBody, InboundResult } from '../../../contracts/api-channel';
import type { AppContext } from '../../context';
import { forbidden, notFound } from '../../errors';
import { canFeedChannel } from '../channels.policy';
import type { App } from '../../http/app-type';
import { requireActor } from '../../http/auth';
import { run } from '../../realtime/index';
import type { ReceiveLeadMessage } from '../inbound-port';
import { findInboundChannel } from '../channels.repo';

/** The API channel's way in: an external system posts a lead's message with an API token. */
export function apiInboundRoutes(app: App, ctx: AppContext, receiveLeadMessage: ReceiveLeadMessage): void {
  app.post(
    '/api/v1/channels/:id/inbound',
    {
      schema: {
        tags: ['api channel'],
        summary: "Post a lead's message into an API channel (idempotent by clientMessageId)",
        params: IdParam,
        body: InboundBody,
        response: { 200: InboundResult },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canFeedChannel(actor)) throw forbidden('Inbound messages come from machines: send an API token with the admin or bot_editor role');
      const { lead, message } = req.body;
      // The channel is read in the message's own transaction: one read snapshot for the whole message.
      const r = await run(ctx, actor, async (tx, now) => {
        const channel = await findInboundChannel(tx, actor.businessId, req.params.id);
        if (!channel || channel.kind !== 'api') throw notFound('API channel');
        return receiveLeadMessage(tx, {
          channel,
          messengerId: lead.messengerId,
          name: lead.name,
          language: lead.language,
          clientMessageId: message.clientMessageId,
          text: message.text,
          payload: message.payload,
          now,
        });
      });
      return { leadId: r.leadId, messageId: r.message.id, duplicate: r.duplicate, handledBy: r.handledBy };
    },
  );
}
