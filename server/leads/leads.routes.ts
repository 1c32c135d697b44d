import { IdParam, Ok } from '../../contracts/common';
import { DialogResult, MessageResult, MessagesPage, MessagesQuery, SendMessageBody, SentMessage, TransferToOperatorsBody } from '../../contracts/dialogs';
import { LeadCard, LeadDialogList, UpdateLeadBody } from '../../contracts/leads';
import { NoteBody, NoteResult } from '../../contracts/notes';
import type { AppContext } from '../context';
import { addNote } from '../dialogs/add-note';
import { retryMessageDelivery } from '../channels/retry-message-delivery';
import { markRead } from '../dialogs/mark-read';
import { openDialog } from '../dialogs/open-dialog';
import { sendOperatorMessage } from '../dialogs/send-operator-message';
import { transferToOperators } from '../dialogs/transfer-to-operators';
import type { App } from '../http/app';
import { requireActor, requireUser } from '../http/auth';
import { run } from '../http/run';
import { viewLeadCard } from './lead-card';
import { getLeadDialogs } from './lead-dialogs';
import { listLeadMessages } from './list-messages';
import { editLead } from './update-lead';

const tags = ['leads'];

/** A lead's card, history, the operator's composer and the bot's hand-off. */
export function leadsRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/leads/:id', { schema: { tags, summary: 'The lead card', params: IdParam, response: { 200: LeadCard } } },
    async (req) => viewLeadCard(ctx.db, requireActor(req), req.params.id));

  app.patch('/api/v1/leads/:id', { schema: { tags, summary: 'Edit name, status, attributes, tags', params: IdParam, body: UpdateLeadBody, response: { 200: LeadCard } } },
    async (req) => { const actor = requireActor(req); return run(ctx, actor, (tx, now) => editLead(tx, { actor, leadId: req.params.id, patch: req.body, now })); });

  app.get('/api/v1/leads/:id/dialogs', { schema: { tags, summary: 'The lead\'s dialogs, newest first, with who worked on each', params: IdParam, response: { 200: LeadDialogList } } },
    async (req) => getLeadDialogs(ctx.db, requireActor(req), req.params.id));

  app.get('/api/v1/leads/:id/messages', { schema: { tags, summary: 'History, newest page first; scroll back with before', params: IdParam, querystring: MessagesQuery, response: { 200: MessagesPage } } },
    async (req) => listLeadMessages(ctx.db, requireActor(req), req.params.id, req.query));

  app.post('/api/v1/leads/:id/messages', { schema: { tags, summary: 'An operator writes to the lead (takes or opens the dialog when needed)', params: IdParam, body: SendMessageBody, response: { 200: SentMessage } } },
    async (req) => {
      const actor = requireUser(req);
      const { text, attachmentIds, clientMessageId } = req.body;
      return run(ctx, actor, (tx, now) => sendOperatorMessage(tx, { actor, leadId: req.params.id, text, attachmentIds, clientMessageId, links: ctx.attachmentLinks, now }));
    });

  app.post('/api/v1/leads/:id/notes', { schema: { tags, summary: 'An internal note into the history: operators see it, the lead never does', params: IdParam, body: NoteBody, response: { 200: NoteResult } } },
    async (req) => {
      const actor = requireActor(req);
      return run(ctx, actor, (tx, now) => addNote(tx, { actor, leadId: req.params.id, text: req.body.text, clientMessageId: req.body.clientMessageId, now }));
    });

  app.post('/api/v1/leads/:id/open', { schema: { tags, summary: 'Open a dialog with the lead without writing: reopen a closed one, take it from the bot or from Waiting', params: IdParam, response: { 200: DialogResult } } },
    async (req) => { const actor = requireUser(req); return run(ctx, actor, (tx, now) => openDialog(tx, { actor, leadId: req.params.id, now })); });

  app.post('/api/v1/messages/:id/retry', { schema: { tags, summary: 'Send again a message that failed to reach the lead\'s messenger', params: IdParam, response: { 200: MessageResult } } },
    async (req) => { const actor = requireActor(req); return run(ctx, actor, (tx, now) => retryMessageDelivery(tx, { actor, messageId: req.params.id, now })); });

  app.post('/api/v1/leads/:id/read', { schema: { tags, summary: 'Mark the lead\'s messages read', params: IdParam, response: { 200: Ok } } },
    async (req) => { const actor = requireActor(req); await run(ctx, actor, (tx) => markRead(tx, { actor, leadId: req.params.id })); return { ok: true as const }; });

  app.post('/api/v1/leads/:id/transfer-to-operators', { schema: { tags, summary: 'The bot (API token) transfers the lead to operators', params: IdParam, body: TransferToOperatorsBody.optional(), response: { 200: DialogResult } } },
    async (req) => { const actor = requireActor(req); return run(ctx, actor, (tx, now) => transferToOperators(tx, { actor, leadId: req.params.id, departmentCode: req.body?.departmentCode, now })); });
}
