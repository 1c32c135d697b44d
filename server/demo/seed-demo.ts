// `npm run demo`: a demo business with two bots, API channels, an administrator, three operators
// and dialogs in every state, built through the same use cases the API runs.
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../../contracts/roles';
import type { BotExport } from '../../contracts/scripts';
import {
  insertApiToken,
  findBusinessByName,
  insertBusiness,
  insertDepartmentUnlessCodeTaken,
  insertUserUnlessEmailTaken,
  replaceUserDepartments,
  setStatusIfDifferent,
  hashPassword,
  hashSecret,
  newSecret,
} from '../accounts/index';
import { insertChannel } from '../channels/index';
import type { Actor } from '../shared/actor';
import { importBot } from '../bots/index';
import type { AppContext } from '../context';
import { WidgetSettings } from '../../contracts/widget';
import { PROJECT_ROOT } from '../paths';
import { assignDialog, closeDialog, forwardToOperators, inviteOperator, receiveLeadMessage, returnToBot, sendOperatorMessage } from '../dialogs/index';
import { commit, type Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';

export const DEMO_BUSINESS = 'Demo: Pottery & Support';

type Person = { id: number; name: string; email: string; password: string };

/** Seeds the demo business once; a second run leaves it as it is. Returns what was printed. */
export async function seedDemo(ctx: AppContext, print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<{ created: boolean }> {
  const { db } = ctx;
  if ((await findBusinessByName(db, DEMO_BUSINESS)) !== null) {
    print(`Demo business "${DEMO_BUSINESS}" already exists; its passwords were printed when it was created.`);
    return { created: false };
  }
  const now = ctx.clock();
  const b = await insertBusiness(db, { name: DEMO_BUSINESS, createdAt: now });
  const department = async (code: string, name: string) => (await insertDepartmentUnlessCodeTaken(db, { businessId: b, code, name, createdAt: now }))!;
  const sales = await department('sales', 'Sales');
  const supportDept = await department('support', 'Support');

  const person = async (name: string, email: string, roles: Role[], status: 'online' | 'offline'): Promise<Person> => {
    const password = newSecret(9);
    const u = (await insertUserUnlessEmailTaken(db, {
      businessId: b,
      email,
      name,
      passwordHash: await hashPassword(password),
      roles,
      maxDialogs: 5,
      createdAt: now,
    }))!;
    await setStatusIfDifferent(db, b, u.id, status);
    return { id: u.id, name, email, password };
  };
  const admin = await person('Anna Admin', 'admin@demo.metadesk.local', ['admin', 'operator'], 'offline');
  const olga = await person('Olga', 'olga@demo.metadesk.local', ['operator'], 'online');
  const pavel = await person('Pavel', 'pavel@demo.metadesk.local', ['operator'], 'online');
  const irina = await person('Irina', 'irina@demo.metadesk.local', ['operator'], 'offline');
  await replaceUserDepartments(db, pavel.id, [sales.id]);
  await replaceUserDepartments(db, olga.id, [supportDept.id]);
  await replaceUserDepartments(db, irina.id, [supportDept.id]);

  // The bots are the two documented import files: the same path a business takes to load a bot.
  const importer: Actor = { kind: 'system', businessId: b, reason: 'demo' };
  const load = (file: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'server/demo/bots', file), 'utf8')) as BotExport;
  const shop = await importBot({ db, clock: ctx.clock, syntax: ctx.sandbox }, { actor: importer, doc: load('shop.json') });
  const support = await importBot({ db, clock: ctx.clock, syntax: ctx.sandbox }, { actor: importer, doc: load('support.json') });
  const channel = (botId: number, name: string) =>
    insertChannel(db, { businessId: b, botId, kind: 'api', name, webhookUrl: null, webhookSecret: newSecret(), createdAt: now });
  const shopApi = await channel(shop.id, 'Shop website API');
  const supportApi = await channel(support.id, 'Support API');
  // The chat on the demo page (/demo/widget): the support bot, on any site.
  const widget = await insertChannel(db, {
    businessId: b,
    botId: support.id,
    kind: 'widget',
    name: 'Website chat',
    webhookUrl: null,
    webhookSecret: newSecret(),
    config: JSON.stringify({
      settings: WidgetSettings.parse({ title: 'Support', greeting: 'Hi! Ask us anything: the bot answers first, a person when you ask for one.' }),
    }),
    publicKey: `wk_${newSecret(24)}`,
    createdAt: now,
  });
  const token = newSecret();
  await insertApiToken(db, { businessId: b, name: 'Demo integration', tokenHash: hashSecret(token), roles: ['admin'], createdAt: now });

  const system: Actor = { kind: 'system', businessId: b, reason: 'demo' };
  const as = (p: Person): Actor & { kind: 'user' } => ({
    kind: 'user',
    businessId: b,
    userId: p.id,
    roles: p === admin ? ['admin', 'operator'] : ['operator'],
    name: p.name,
  });
  const step = <T>(work: (tx: Tx, at: number) => Promise<Outcome<T>>) => commit(ctx, b, (tx) => work(tx, ctx.clock())).then((r) => r.result);
  let n = 0;
  const says = (ch: typeof shopApi, id: string, name: string, text: string, language = 'ru') =>
    step((tx, at) => receiveLeadMessage(tx, { channel: ch, messengerId: id, name, language, clientMessageId: `demo-${++n}`, text, now: at }));
  const transfer = async (leadId: number, departmentCode?: string) =>
    (await step((tx, at) => forwardToOperators(tx, { actor: system, leadId, departmentCode, now: at }))).dialog.id;
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
  print(
    `Web widget: open ${ctx.config.PUBLIC_URL}/demo/widget (snippet: <script src="${ctx.config.PUBLIC_URL}/widget.js" data-key="${widget.public_key}" async></script>)`,
  );
  print('');
  return { created: true };
}
