import { IdParam } from '../../contracts/common';
import { AssignBody, DialogResult, InboxCounts, InboxPage, InboxQuery, ReturnToBotBody, TransferBody, WorkspaceDirectory } from '../../contracts/dialogs';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor, requireUser } from '../http/auth';
import { run } from '../realtime/index';
import { assignDialog } from './assign-dialog';
import { closeDialog } from './close-dialog';
import { returnToBot } from './return-to-bot';
import { transferToOperator } from './transfer-to-operator';
import { inboxCounts, listInbox } from './inbox';
import { inviteOperator } from './invite-operator';
import { takeDialog } from './take-dialog';
import { transferToDepartment } from './transfer-to-department';
import { workspaceDirectory } from './workspace-directory';

const tags = ['dialogs'];
const CountsQuery = InboxQuery.pick({ botId: true, channelKind: true });

/** The dialog panel's views and the dialog lifecycle. */
export function dialogsRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/inbox',
    { schema: { tags, summary: 'A page of a tab (waiting, mine, open, all) with search and filters', querystring: InboxQuery, response: { 200: InboxPage } } },
    async (req) => listInbox(ctx.db, { actor: requireActor(req), query: req.query }),
  );

  app.get('/api/v1/inbox/counts', { schema: { tags, summary: 'Counts per tab', querystring: CountsQuery, response: { 200: InboxCounts } } }, async (req) =>
    inboxCounts(ctx.db, { actor: requireActor(req), filters: req.query }),
  );

  app.get(
    '/api/v1/workspace',
    {
      schema: {
        tags,
        summary: "Bots with their scripts, operators and departments: what the workspace's filters and pickers offer",
        response: { 200: WorkspaceDirectory },
      },
    },
    async (req) => workspaceDirectory(ctx.db, { actor: requireActor(req) }),
  );

  app.post(
    '/api/v1/dialogs/:id/take',
    { schema: { tags, summary: 'Take a waiting dialog (409 already_taken if another operator won)', params: IdParam, response: { 200: DialogResult } } },
    async (req) => {
      const actor = requireUser(req);
      return run(ctx, actor, (tx, now) => takeDialog(tx, { actor, dialogId: req.params.id, now }));
    },
  );

  app.post(
    '/api/v1/dialogs/:id/assign',
    { schema: { tags, summary: 'Assign to an operator (administrators, API tokens)', params: IdParam, body: AssignBody, response: { 200: DialogResult } } },
    async (req) => {
      const actor = requireActor(req);
      return run(ctx, actor, (tx, now) => assignDialog(tx, { actor, dialogId: req.params.id, operatorId: req.body.operatorId, now }));
    },
  );

  app.post(
    '/api/v1/dialogs/:id/transfer',
    {
      schema: {
        tags,
        summary: 'Transfer to another operator or back to Waiting for a department',
        params: IdParam,
        body: TransferBody,
        response: { 200: DialogResult },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const body = req.body;
      return run(ctx, actor, (tx, now) =>
        'operatorId' in body
          ? transferToOperator(tx, { actor, dialogId: req.params.id, operatorId: body.operatorId, now })
          : transferToDepartment(tx, { actor, dialogId: req.params.id, departmentCode: body.departmentCode, now }),
      );
    },
  );

  app.post(
    '/api/v1/dialogs/:id/invite',
    { schema: { tags, summary: 'Invite a second operator into the dialog', params: IdParam, body: AssignBody, response: { 200: DialogResult } } },
    async (req) => {
      const actor = requireActor(req);
      return run(ctx, actor, (tx, now) => inviteOperator(tx, { actor, dialogId: req.params.id, operatorId: req.body.operatorId, now }));
    },
  );

  app.post('/api/v1/dialogs/:id/close', { schema: { tags, summary: 'Close the dialog', params: IdParam, response: { 200: DialogResult } } }, async (req) => {
    const actor = requireActor(req);
    return run(ctx, actor, (tx, now) => closeDialog(tx, { actor, dialogId: req.params.id, now }));
  });

  app.post(
    '/api/v1/dialogs/:id/return-to-bot',
    {
      schema: {
        tags,
        summary: 'Return the lead to the bot, optionally at a script',
        params: IdParam,
        body: ReturnToBotBody.optional(),
        response: { 200: DialogResult },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return run(ctx, actor, (tx, now) => returnToBot(tx, { actor, dialogId: req.params.id, script: req.body?.script, now }));
    },
  );
}
