// `npm run demo`: a demo business with two bots, API channels, an administrator, three operators
// and dialogs in every state, built through the same use cases the API runs.
import fs from 'node:fs';
import type { BotExport } from '../../contracts/scripts';
import type { Actor } from '../accounts/actor';
import { importBot } from '../bots/import-bot';
import { hashPassword } from '../accounts/passwords';
import { hashSecret, newSecret } from '../accounts/secrets';
import type { AppContext } from '../context';
import { assignDialog } from '../dialogs/assign-dialog';
import { closeDialog, returnToBot } from '../dialogs/end-dialog';
import { inviteOperator } from '../dialogs/invite-operator';
import { sendOperatorMessage } from '../dialogs/send-operator-message';
import { transferToOperators } from '../dialogs/transfer-to-operators';
import { receiveLeadMessage } from '../leads/receive-lead-message';
import { commit, type Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';

export const DEMO_BUSINESS = 'Demo: Pottery & Support';

type Person = { id: number; name: string; email: string; password: string };

/** Seeds the demo business once; a second run leaves it as it is. Returns what was printed. */
export async function seedDemo(ctx: AppContext, print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<{ created: boolean }> {
  const { db } = ctx;
  const existing = await db.selectFrom('businesses').select('id').where('name', '=', DEMO_BUSINESS).executeTakeFirst();
  if (existing) {
    print(`Demo business "${DEMO_BUSINESS}" already exists; its passwords were printed when it was created.`);
    return { created: false };
  }
  const now = ctx.clock();
  const business = await db.insertInto('businesses').values({ name: DEMO_BUSINESS, settings: '{}', created_at: now }).returning('id').executeTakeFirstOrThrow();
  const b = business.id;
  const sales = await db.insertInto('departments').values({ business_id: b, code: 'sales', name: 'Sales', created_at: now }).returning('id').executeTakeFirstOrThrow();
  const supportDept = await db.insertInto('departments').values({ business_id: b, code: 'support', name: 'Support', created_at: now }).returning('id').executeTakeFirstOrThrow();

  const person = async (name: string, email: string, roles: string[], status: 'online' | 'offline'): Promise<Person> => {
    const password = newSecret(9);
    const u = await db.insertInto('users').values({
      business_id: b, email, name, password_hash: await hashPassword(password), roles: JSON.stringify(roles),
      status, max_dialogs: 5, disabled: 0, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    return { id: u.id, name, email, password };
  };
  const admin = await person('Anna Admin', 'admin@demo.metadesk.local', ['admin', 'operator'], 'offline');
  const olga = await person('Olga', 'olga@demo.metadesk.local', ['operator'], 'online');
  const pavel = await person('Pavel', 'pavel@demo.metadesk.local', ['operator'], 'online');
  const irina = await person('Irina', 'irina@demo.metadesk.local', ['operator'], 'offline');
  await db.insertInto('user_departments').values([
    { user_id: pavel.id, department_id: sales.id },
    { user_id: olga.id, department_id: supportDept.id },
    { user_id: irina.id, department_id: supportDept.id },
  ]).execute();

  // The bots are the two documented import files: the same path a business takes to load a bot.
  const importer: Actor = { kind: 'system', businessId: b, reason: 'demo' };
  const load = (file: string) => JSON.parse(fs.readFileSync(new URL(`./bots/${file}`, import.meta.url), 'utf8')) as BotExport;
  const shop = await importBot({ db, clock: ctx.clock, syntax: ctx.sandbox }, { actor: importer, doc: load('shop.json') });
  const support = await importBot({ db, clock: ctx.clock, syntax: ctx.sandbox }, { actor: importer, doc: load('support.json') });
  const channel = async (botId: number, name: string) =>
    db.insertInto('channels').values({ business_id: b, bot_id: botId, kind: 'api', name, webhook_url: null, webhook_secret: newSecret(), config: '{}', created_at: now })
      .returning(['id', 'business_id', 'bot_id']).executeTakeFirstOrThrow();
  const shopApi = await channel(shop.id, 'Shop website API');
  const supportApi = await channel(support.id, 'Support API');
  const token = newSecret();
  await db.insertInto('api_tokens').values({ business_id: b, name: 'Demo integration', token_hash: hashSecret(token), roles: JSON.stringify(['admin']), created_at: now, last_used_at: null, revoked_at: null }).execute();

  const system: Actor = { kind: 'system', businessId: b, reason: 'demo' };
  const as = (p: Person): Actor & { kind: 'user' } => ({ kind: 'user', businessId: b, userId: p.id, roles: p === admin ? ['admin', 'operator'] : ['operator'], name: p.name });
  const step = <T>(work: (tx: Tx, at: number) => Promise<Outcome<T>>) => commit(ctx, b, (tx) => work(tx, ctx.clock())).then((r) => r.result);
  let n = 0;
  const says = (ch: typeof shopApi, id: string, name: string, text: string, language = 'ru') =>
    step((tx, at) => receiveLeadMessage(tx, { channel: ch, messengerId: id, name, language, clientMessageId: `demo-${++n}`, text, now: at }));
  const transfer = async (leadId: number, departmentCode?: string) => (await step((tx, at) => transferToOperators(tx, { actor: system, leadId, departmentCode, now: at }))).dialog.id;
  const write = (p: Person, leadId: number, text: string) => step((tx, at) => sendOperatorMessage(tx, { actor: as(p), leadId, text, now: at }));

  // With the bot only.
  await says(shopApi, 'tg-368646', 'Client (368646)', 'Покажите тарелки');
  await says(supportApi, 'web-7781', 'John Smith', 'How do I reset my password?', 'en');
  // Waiting for any operator, and for the sales department.
  const ira = await says(shopApi, 'irinadmp', 'Ira Petrova (irinadmp)', 'Хочу заказать 6 кружек');
  await transfer(ira.leadId);
  await says(shopApi, 'irinadmp', 'Ira Petrova (irinadmp)', 'Можно с гравировкой?');
  const bulk = await says(shopApi, 'b2b-42', 'ООО «Керамика»', 'Нужен оптовый прайс');
  await transfer(bulk.leadId, 'sales');
  // With Olga, with Pavel, and with two operators.
  const mug = await says(shopApi, 'tg-5550', 'Maria K.', 'Где мой заказ №1042?');
  const d1 = await transfer(mug.leadId);
  await step((tx, at) => assignDialog(tx, { actor: system, dialogId: d1, operatorId: olga.id, now: at }));
  await write(olga, mug.leadId, 'Здравствуйте, Мария! Заказ передан в доставку, трек придёт сегодня.');
  await says(shopApi, 'tg-5550', 'Maria K.', 'Спасибо!');
  const refund = await says(supportApi, 'web-9001', 'Peter Brown', 'I want a refund for a broken plate', 'en');
  const d2 = await transfer(refund.leadId);
  await step((tx, at) => assignDialog(tx, { actor: system, dialogId: d2, operatorId: pavel.id, now: at }));
  await write(pavel, refund.leadId, 'Sorry to hear that, Peter. Could you send a photo?');
  await step((tx, at) => inviteOperator(tx, { actor: as(pavel), dialogId: d2, operatorId: olga.id, now: at }));
  // Closed, and returned to the bot at a script.
  const done = await says(shopApi, 'tg-1234', 'Алексей', 'Вы работаете в субботу?');
  const d3 = await transfer(done.leadId);
  await write(irina, done.leadId, 'Да, с 10 до 16.');
  await step((tx, at) => closeDialog(tx, { actor: as(irina), dialogId: d3, now: at }));
  const back = await says(supportApi, 'web-3003', 'Emma', 'Talk to a human please', 'en');
  const d4 = await transfer(back.leadId);
  await write(olga, back.leadId, 'Hi Emma! Let me hand you back to the bot to pick a time slot.');
  await step((tx, at) => returnToBot(tx, { actor: as(olga), dialogId: d4, script: 'booking', now: at }));

  print('');
  print(`Demo business "${DEMO_BUSINESS}" created. Sign in with (shown once, keep them):`);
  for (const p of [admin, olga, pavel, irina]) print(`  ${p.email.padEnd(28)} ${p.password}   (${p.name})`);
  print(`API token (Authorization: Bearer …): ${token}`);
  print(`API channels: "Shop website API" id ${shopApi.id}, "Support API" id ${supportApi.id} — POST /api/v1/channels/{id}/inbound`);
  print('');
  return { created: true };
}
