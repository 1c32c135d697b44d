import { IdParam, Ok } from '../../contracts/common';
import { DialogResult, MessageResult, SendMessageBody, SentMessage, TransferToOperatorsBody } from '../../contracts/dialogs';
import { LeadDialogList, LeadDialogsQuery } from '../../contracts/leads';
import { NoteBody, NoteResult } from '../../contracts/notes';
import { retryMessageDelivery } from '../channels/index';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor, requireUser } from '../http/auth';
import { run } from '../realtime/index';
import { addNote } from './add-note';
import { forwardToOperators } from './forward-to-operators';
import { getLeadDialogs } from './lead-dialogs';
import { markRead } from './mark-read';
import { openDialog } from './open-dialog';
import { sendOperatorMessage } from './send-operator-message';

const tags = ['leads'];

/** A lead's conversation with the contact center: its dialogs, the operator's composer and notes, reading, the bot's hand-off. */
export function conversationRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/leads/:id/dialogs',
    {
      schema: {
        tags,
        summary: "The lead's dialogs, newest first, with who worked on each",
        params: IdParam,
        querystring: LeadDialogsQuery,
        response: { 200: LeadDialogList },
      },
    },
    async (req) => getLeadDialogs(ctx.db, { actor: requireActor(req), leadId: req.params.id, query: req.query }),
  );

  app.post(
    '/api/v1/leads/:id/messages',
    {
      schema: {
        tags,
        summary: 'An operator writes to the lead (takes or opens the dialog when needed)',
        params: IdParam,
        body: SendMessageBody,
        response: { 200: SentMessage },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const { text, attachmentIds, clientMessageId } = req.body;
      return run(ctx, actor, (tx, now) =>
        sendOperatorMessage(tx, { actor, leadId: req.params.id, text, attachmentIds, clientMessageId, links: ctx.attachmentLinks, now }),
      );
    },
  );

  app.post(
    '/api/v1/leads/:id/notes',
    {
      schema: {
        tags,
        summary: 'An internal note into the history: operators see it, the lead never does',
        params: IdParam,
        body: NoteBody,
        response: { 200: NoteResult },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return run(ctx, actor, (tx, now) => addNote(tx, { actor, leadId: req.params.id, text: req.body.text, clientMessageId: req.body.clientMessageId, now }));
    },
  );

  app.post(
    '/api/v1/leads/:id/open',
    {
      schema: {
        tags,
        summary: 'Open a dialog with the lead without writing: reopen a closed one, take it from the bot or from Waiting',
        params: IdParam,
        response: { 200: DialogResult },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      return run(ctx, actor, (tx, now) => openDialog(tx, { actor, leadId: req.params.id, now }));
    },
  );

  app.post('/api/v1/leads/:id/read', { schema: { tags, summary: "Mark the lead's messages read", params: IdParam, response: { 200: Ok } } }, async (req) => {
    const actor = requireActor(req);
    await run(ctx, actor, (tx) => markRead(tx, { actor, leadId: req.params.id }));
    return { ok: true as const };
  });

  app.post(
    '/api/v1/leads/:id/transfer-to-operators',
    {
      schema: {
        tags,
        summary: 'The bot (API token) transfers the lead to operators',
        params: IdParam,
        body: TransferToOperatorsBody.optional(),
        response: { 200: DialogResult },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return run(ctx, actor, (tx, now) => forwardToOperators(tx, { actor, leadId: req.params.id, departmentCode: req.body?.departmentCode, now }));
    },
  );

  app.post(
    '/api/v1/messages/:id/retry',
    { schema: { tags, summary: "Send again a message that failed to reach the lead's messenger", params: IdParam, response: { 200: MessageResult } } },
    async (req) => {
      const actor = requireActor(req);
      return run(ctx, actor, (tx, now) => retryMessageDelivery(tx, { actor, messageId: req.params.id, now }));
    },
  );
}
