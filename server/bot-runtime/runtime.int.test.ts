import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../contracts/limits';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type Dialect, type TestRuntime } from '../../test/harness';
import { buildDepartment, buildScript, setBotScripts } from '../../test/factories';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from '../http/app-type';
import { createBotWorker, type BotWorker } from './bot-worker';
import { createScriptEngine } from './js-engine';

type World = Awaited<ReturnType<typeof httpWorld>>;

/** A runtime on a fresh database, its HTTP app and a bot worker for each describe block. */
function useRuntime(dialect: Dialect, set: (r: { rt: TestRuntime; app: App; worker: BotWorker }) => void): void {
  let r: { rt: TestRuntime; app: App; worker: BotWorker } | undefined;
  beforeAll(async () => {
    const rt = await testRuntime(dialect);
    const app = await testApp(rt);
    r = { rt, app, worker: createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx) }) };
    set(r);
  });
  afterAll(async () => {
    await r?.worker.stop();
    await r?.app.close();
    await r?.rt.dispose();
  });
}

describe.each(await dialects())('the bot runtime on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let worker: BotWorker;
  useRuntime(dialect, (r) => ({ rt, app, worker } = r));

  const history = async (w: World, leadId: number) =>
    (await call(app, 'GET', `/api/v1/leads/${leadId}/messages?limit=100`, w.as.admin)).body.messages.map(
      (m: { author: string; text: string }) => `${m.author}: ${m.text}`,
    );
  /** The lead writes, the bot answers (the worker runs every job that is due). */
  const say = async (w: World, who: string, text: string) => {
    const r = await leadSays(app, w, who, text);
    await worker.runOnce();
    return r;
  };

  async function shop() {
    const w = await httpWorld(rt.ctx.db);
    const b = { businessId: w.business.id, botId: w.bot.id };
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'start',
      entries: [{ type: 'command', value: '/start' }],
      commands: [
        { type: 'send_text', text: 'Здравствуйте, {{name}}!' },
        {
          type: 'menu',
          text: 'Что вас интересует?',
          inline: true,
          buttons: [
            { label: 'Тарелки', script: 'plates' },
            { label: 'Кружки', script: 'mugs' },
            { label: 'Поговорить с человеком', script: 'human' },
          ],
        },
      ],
    });
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'mugs',
      commands: [
        { type: 'send_image', url: 'https://example.com/mug.jpg', caption: 'Кружка ручной работы' },
        { type: 'add_tag', tag: 'mugs' },
      ],
    });
    await buildScript(rt.ctx.db, { ...b, code: 'plates', commands: [{ type: 'send_text', text: 'Тарелки от 900 ₽' }] });
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'human',
      entries: [{ type: 'keyword', value: 'оператор' }],
      commands: [
        { type: 'ask', text: 'Ваш телефон?', attribute: 'sys_phone', validate: 'phone', retryText: 'Похоже, это не телефон. Ещё раз?' },
        { type: 'send_text', text: 'Спасибо, передаю оператору' },
        { type: 'transfer_to_operator' },
      ],
    });
    await buildScript(rt.ctx.db, { ...b, code: 'sorry', type: 'fallback', commands: [{ type: 'send_text', text: 'Не понял. Наберите /start' }] });
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'transfer_to_operator',
      type: 'system',
      commands: [{ type: 'run_js', code: 'lead.assignDialogToNextOperator();' }],
    });
    await buildScript(rt.ctx.db, { ...b, code: 'welcome_back', commands: [{ type: 'send_text', text: 'Снова с вами бот. Чем ещё помочь?' }] });
    await setBotScripts(rt.ctx.db, w.bot.id, { start: 'start', transfer: 'transfer_to_operator' });
    return w;
  }

  it('greets a new lead with the start script and follows the menu', async () => {
    const w = await shop();
    const { leadId } = await say(w, 'ira', 'привет');
    await say(w, 'ira', 'кружки');
    expect(await history(w, leadId)).toEqual([
      'lead: привет',
      'bot: Здравствуйте, Lead ira!',
      'bot: Что вас интересует?',
      'lead: кружки',
      'bot: Кружка ручной работы',
    ]);
    const msgs = (await call(app, 'GET', `/api/v1/leads/${leadId}/messages`, w.as.admin)).body.messages;
    expect(msgs[2].payload).toEqual({ buttons: [{ label: 'Тарелки' }, { label: 'Кружки' }, { label: 'Поговорить с человеком' }], inline: true });
    expect(msgs[4].payload).toEqual({ image: { url: 'https://example.com/mug.jpg' } });
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body.tags).toEqual(['mugs']);
    await say(w, 'ira', 'что-то непонятное');
    expect((await history(w, leadId)).at(-1)).toBe('bot: Не понял. Наберите /start');
  });

  it('asks for a phone until it gets one, transfers, and the one JS line assigns an online operator', async () => {
    const w = await shop();
    const { leadId } = await say(w, 'petr', 'позовите оператора');
    await say(w, 'petr', 'не скажу');
    await say(w, 'petr', '8 (999) 123-45-67');
    const lines = await history(w, leadId);
    expect(lines.slice(0, 7)).toEqual([
      'lead: позовите оператора',
      'bot: Ваш телефон?',
      'lead: не скажу',
      'bot: Похоже, это не телефон. Ещё раз?',
      'lead: 8 (999) 123-45-67',
      'bot: Спасибо, передаю оператору',
      'system: Transferred to operators',
    ]);
    expect(lines[7]).toMatch(/^system: Assigned to (Olga|Pavel)$/);
    const card = (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body;
    expect(card.attributes.sys_phone).toBe('+79991234567');
    expect(card.row.phone).toBe('+79991234567');
    // Transferred, then the system transfer script's lead.assignDialogToNextOperator() gave it to an online operator.
    expect(card.row.state).toBe('operator');
    expect([w.op1.id, w.op2.id]).toContain(card.row.dialog.assigneeId);
    // With an operator, the lead's messages never reach the bot.
    await say(w, 'petr', '/start');
    expect((await history(w, leadId)).at(-1)).toBe('lead: /start');
  });

  it('leaves the dialog waiting when no operator is online or under their limit', async () => {
    const w = await shop();
    await rt.ctx.db.updateTable('users').set({ status: 'offline' }).where('business_id', '=', w.business.id).execute();
    const { leadId } = await say(w, 'late', 'оператор');
    await say(w, 'late', '+7 999 000-00-00');
    const card = (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body;
    expect(card.row.state).toBe('waiting');
  });

  it('an operator taking the dialog interrupts the scenario; return to bot restarts at the chosen script', async () => {
    const w = await shop();
    const { leadId } = await say(w, 'anna', 'оператор');
    // Mid-question, an operator steps in: the pending question is forgotten.
    await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'Здравствуйте, я Ольга' });
    await say(w, 'anna', 'мне нужна тарелка');
    const card = (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body;
    expect(card.attributes.sys_phone).toBeUndefined();
    const back = await call(app, 'POST', `/api/v1/dialogs/${card.row.dialog.id}/return-to-bot`, w.as.olga, { script: 'welcome_back' });
    expect(back.status).toBe(200);
    await worker.runOnce();
    expect((await history(w, leadId)).at(-1)).toBe('bot: Снова с вами бот. Чем ещё помочь?');
    await say(w, 'anna', 'тарелки?');
    expect((await history(w, leadId)).at(-1)).toBe('bot: Не понял. Наберите /start');
  });

  it('a failing script is logged for its author and the fallback answers', async () => {
    const w = await shop();
    await buildScript(rt.ctx.db, {
      businessId: w.business.id,
      botId: w.bot.id,
      code: 'broken',
      entries: [{ type: 'command', value: '/broken' }],
      commands: [
        { type: 'send_text', text: 'this is not sent' },
        { type: 'run_js', code: 'lead.setAttr("x", "1"); null.boom;' },
      ],
    });
    const { leadId } = await say(w, 'err', '/broken');
    expect((await history(w, leadId)).slice(-2)).toEqual(['lead: /broken', 'bot: Не понял. Наберите /start']);
    const logs = await rt.ctx.db.selectFrom('script_logs').selectAll().where('lead_id', '=', leadId).execute();
    expect(logs.map((l) => l.level)).toContain('error');
    expect(logs.find((l) => l.level === 'error')?.message).toMatch(/broken.*null/i);
    // Nothing of the failed run was committed.
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body.attributes.x).toBeUndefined();
  });

  it('cuts a message that its attribute values made longer than a message may be, and says so in the log', async () => {
    const w = await shop();
    await buildScript(rt.ctx.db, {
      businessId: w.business.id,
      botId: w.bot.id,
      code: 'long',
      entries: [{ type: 'command', value: '/long' }],
      commands: [
        { type: 'set_attribute', name: 'story', value: 'ж'.repeat(4000) },
        { type: 'send_text', text: `Ваша история: {{story}} ${'!'.repeat(1000)}` },
      ],
    });
    const { leadId } = await say(w, 'long', '/long');
    const last = (await call(app, 'GET', `/api/v1/leads/${leadId}/messages?limit=1`, w.as.admin)).body.messages[0];
    expect(last.author).toBe('bot');
    expect(last.text).toHaveLength(LIMITS.messageText);
    expect(last.text.startsWith('Ваша история: жжж')).toBe(true);
    const logs = await rt.ctx.db.selectFrom('script_logs').select(['level', 'message']).where('lead_id', '=', leadId).execute();
    expect(logs).toContainEqual({
      level: 'warn',
      message: `a message of ${'Ваша история: '.length + 4000 + 1 + 1000} characters was cut to ${LIMITS.messageText}, the longest a message may be`,
    });
  });

  it('a NUL from user code is refused in the script, as the API refuses it, on both databases', async () => {
    const w = await shop();
    await buildScript(rt.ctx.db, {
      businessId: w.business.id,
      botId: w.bot.id,
      code: 'nul',
      entries: [{ type: 'command', value: '/nul' }],
      commands: [{ type: 'run_js', code: 'lead.setAttr("x", "a\\u0000b");' }],
    });
    const { leadId } = await say(w, 'nul', '/nul');
    const logs = await rt.ctx.db.selectFrom('script_logs').selectAll().where('lead_id', '=', leadId).execute();
    expect(logs.find((l) => l.level === 'error')?.message).toContain('must not contain the NUL character');
    expect((await history(w, leadId)).at(-1)).toBe('bot: Не понял. Наберите /start');
  });

  it('fires a trigger on a status change and runs a delayed one when due', async () => {
    const w = await shop();
    const b = { businessId: w.business.id, botId: w.bot.id };
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'vip',
      entries: [{ type: 'command', value: '/vip' }],
      commands: [
        { type: 'set_status', status: 'vip' },
        { type: 'run_trigger', trigger: 'later', delaySec: 60 },
      ],
    });
    await buildScript(rt.ctx.db, { ...b, code: 'vip_hello', commands: [{ type: 'send_text', text: 'Вы теперь VIP' }] });
    await buildScript(rt.ctx.db, { ...b, code: 'reminder', commands: [{ type: 'send_text', text: 'Напоминаем о заказе' }] });
    const now = Date.now();
    await rt.ctx.db
      .insertInto('triggers')
      .values([
        {
          ...{ business_id: b.businessId, bot_id: b.botId },
          code: 'on_vip',
          name: 'VIP',
          script: 'vip_hello',
          on_event: 'status_changed',
          params: JSON.stringify({ match: 'vip' }),
          enabled: 1,
          created_at: now,
        },
        {
          ...{ business_id: b.businessId, bot_id: b.botId },
          code: 'later',
          name: 'Later',
          script: 'reminder',
          on_event: 'manual',
          params: '{}',
          enabled: 1,
          created_at: now,
        },
      ])
      .execute();
    // The delay is counted from when the bot ran: between these two readings of the runtime's clock.
    const before = rt.ctx.clock();
    const { leadId } = await say(w, 'vip', '/vip');
    const after = rt.ctx.clock();
    expect((await history(w, leadId)).at(-1)).toBe('bot: Вы теперь VIP');
    const pending = await rt.ctx.db.selectFrom('bot_jobs').selectAll().where('lead_id', '=', leadId).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.run_at).toBeGreaterThanOrEqual(before + 60_000);
    expect(pending[0]!.run_at).toBeLessThanOrEqual(after + 60_000);
  });

  it('runs a periodic trigger and re-arms it for its next time', async () => {
    const w = await shop();
    const b = { businessId: w.business.id, botId: w.bot.id };
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'subscribe',
      entries: [{ type: 'command', value: '/sub' }],
      commands: [{ type: 'run_js', code: "bot.runTriggerByCodeForLead('tick', lead.getData('id'), null, true, { every_sec: 3600 });" }],
    });
    await buildScript(rt.ctx.db, { ...b, code: 'news', commands: [{ type: 'send_text', text: 'Новости недели' }] });
    await rt.ctx.db
      .insertInto('triggers')
      .values({
        business_id: b.businessId,
        bot_id: b.botId,
        code: 'tick',
        name: 'Tick',
        script: 'news',
        on_event: 'manual',
        params: '{}',
        enabled: 1,
        created_at: Date.now(),
      })
      .execute();
    const before = rt.ctx.clock();
    const { leadId } = await say(w, 'sub', '/sub');
    const after = rt.ctx.clock();
    expect((await history(w, leadId)).filter((l: string) => l === 'bot: Новости недели')).toHaveLength(1);
    const job = await rt.ctx.db.selectFrom('bot_jobs').selectAll().where('lead_id', '=', leadId).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: 'trigger', ref: 'tick', status: 'pending', every_sec: 3600 });
    // Re-armed an hour after it ran (it ran between the two readings of the clock).
    expect(job.run_at).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(job.run_at).toBeLessThanOrEqual(after + 3_600_000);
  });

  it("keeps a lead's jobs in order and survives a restart (jobs are rows, not memory)", async () => {
    const w = await shop();
    const { leadId } = await leadSays(app, w, 'queue', '/start');
    await leadSays(app, w, 'queue', 'тарелки');
    // A new worker (as after a restart) finds both jobs and runs them in order.
    const fresh = createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx) });
    await fresh.runOnce();
    // Both messages were in before the bot ran; it still answered them one after the other.
    expect(await history(w, leadId)).toEqual([
      'lead: /start',
      'lead: тарелки',
      'bot: Здравствуйте, Lead queue!',
      'bot: Что вас интересует?',
      'bot: Тарелки от 900 ₽',
    ]);
  });

  it('transfers to a department with a command and the bot stays silent while the lead waits', async () => {
    const w = await shop();
    await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'sales', userIds: [] });
    await buildScript(rt.ctx.db, {
      businessId: w.business.id,
      botId: w.bot.id,
      code: 'wholesale',
      entries: [{ type: 'command', value: '/opt' }],
      commands: [{ type: 'transfer_to_operator', departmentCode: 'sales' }],
    });
    const { leadId } = await say(w, 'opt', '/opt');
    const card = (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body;
    expect(card.row.state).toBe('waiting'); // nobody in sales: stays waiting
    await say(w, 'opt', 'ау');
    expect((await history(w, leadId)).at(-1)).toBe('lead: ау');
  });
});

describe.each(await dialects())('the lead.* / bot.* / http API in user code on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let worker: BotWorker;
  useRuntime(dialect, (r) => ({ rt, app, worker } = r));

  it('reads and writes the lead, searches leads, schedules triggers and calls a CRM over http', async () => {
    const crm = await startCrm();
    try {
      const w = await httpWorld(rt.ctx.db);
      const b = { businessId: w.business.id, botId: w.bot.id };
      await buildScript(rt.ctx.db, {
        ...b,
        code: 'crm',
        entries: [{ type: 'command', value: '/crm' }],
        commands: [
          { type: 'set_attribute', name: 'city', value: 'Москва' },
          {
            type: 'run_js',
            code: `
          lead.setAttr('orders', (lead.getIntAttr('orders') ?? 0) + 2);
          lead.setJsonAttr('cart', { mugs: 2 });
          lead.addTag('crm'); lead.setStatusByName('lead');
          const vips = await bot.findLeads(['id', 'name'], [['attr.city', '=', 'Москва']], 'id desc', 10);
          console.log('found', vips.length, lead.getData('name'), lead.isTagExist('crm'), lead.getJsonAttr('cart').mugs);
          const r = await http.post(${JSON.stringify(crm.url)}, { phone: lead.getAttr('city'), orders: lead.getIntAttr('orders') });
          lead.setAttr('ticket', r.json.ticket);
          bot.sendMessage('Заявка №' + r.json.ticket);
          bot.runTriggerByCodeForLead('later', lead.getData('id'), null, true, { run_after_sec: 3600 });
          return vips.length;`,
          },
          { type: 'send_text', condition: "lead.getAttr('ticket') === 'T-1' && lead.isInStatus('lead')", text: 'Готово: {{ticket}}, заказов {{orders}}' },
        ],
      });
      await buildScript(rt.ctx.db, { ...b, code: 'reminder', commands: [{ type: 'send_text', text: 'later' }] });
      await rt.ctx.db
        .insertInto('triggers')
        .values({
          business_id: b.businessId,
          bot_id: b.botId,
          code: 'later',
          name: 'Later',
          script: 'reminder',
          on_event: 'manual',
          params: '{}',
          enabled: 1,
          created_at: Date.now(),
        })
        .execute();

      // The CRM is on 127.0.0.1: refused until an administrator allows private addresses.
      const { leadId } = await leadSays(app, w, 'crm-lead', '/crm');
      await worker.runOnce();
      let logs = await rt.ctx.db.selectFrom('script_logs').select(['level', 'message']).where('lead_id', '=', leadId).execute();
      expect(logs.find((l) => l.level === 'error')?.message).toMatch(/127\.0\.0\.1|private|refused/i);
      expect(crm.calls).toHaveLength(0);

      await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { scriptHttpAllowPrivate: true } });
      // findLeads reads what is committed: give the lead a committed city first.
      await rt.ctx.db.insertInto('lead_attributes').values({ lead_id: leadId, name: 'city', value: 'Москва' }).execute();
      await leadSays(app, w, 'crm-lead', '/crm');
      // A fresh engine (an engine re-reads the business's setting every 5 s).
      const before = rt.ctx.clock();
      await createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx) }).runOnce();
      const after = rt.ctx.clock();
      expect(crm.calls).toEqual([{ phone: 'Москва', orders: 2 }]);
      const card = (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body;
      expect(card.attributes).toMatchObject({ city: 'Москва', orders: '2', cart: '{"mugs":2}', ticket: 'T-1' });
      expect(card.tags).toEqual(['crm']);
      expect(card.status).toBe('lead');
      const msgs = (await call(app, 'GET', `/api/v1/leads/${leadId}/messages`, w.as.admin)).body.messages.map((m: { text: string }) => m.text);
      expect(msgs.slice(-2)).toEqual(['Заявка №T-1', 'Готово: T-1, заказов 2']);
      logs = await rt.ctx.db.selectFrom('script_logs').select(['level', 'message']).where('lead_id', '=', leadId).execute();
      expect(logs.map((l) => l.message)).toContain('found 1 Lead crm-lead true 2');
      const scheduled = await rt.ctx.db.selectFrom('bot_jobs').selectAll().where('lead_id', '=', leadId).where('kind', '=', 'trigger').execute();
      expect(scheduled).toHaveLength(1);
      expect(scheduled[0]!.run_at).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(scheduled[0]!.run_at).toBeLessThanOrEqual(after + 3_600_000);
    } finally {
      await crm.close();
    }
  });
});

describe.each(await dialects())('routing from user code on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let worker: BotWorker;
  useRuntime(dialect, (r) => ({ rt, app, worker } = r));

  it('a custom transfer script picks the operator itself; a transfer inside it is refused by the guard', async () => {
    const w = await httpWorld(rt.ctx.db);
    const b = { businessId: w.business.id, botId: w.bot.id };
    // The business's own algorithm: Pavel first whenever he is among the candidates; a stray transfer is harmless.
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'transfer_to_operator',
      type: 'system',
      commands: [
        {
          type: 'run_js',
          code: `const ids = await lead.getNextOperators(); console.log('candidates', ids.length); if (ids.includes(${w.op2.id})) lead.assignDialogToOperator(${w.op2.id});`,
        },
        { type: 'transfer_to_operator' },
      ],
    });
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'help',
      entries: [{ type: 'command', value: '/help' }],
      commands: [
        {
          type: 'run_js',
          code: "lead.addTag('a'); lead.addTag('b'); lead.deleteTag('a'); lead.setAttr('tmp', 'x'); lead.deleteAttr('tmp'); console.log(lead.getAllTags().join(','), lead.canAutoForward()); bot.runScriptForLead('after');",
        },
        { type: 'send_text', text: 'one moment' },
      ],
    });
    await buildScript(rt.ctx.db, { ...b, code: 'after', commands: [{ type: 'run_js', code: 'lead.setForwarded(true);' }] });
    await setBotScripts(rt.ctx.db, w.bot.id, { transfer: 'transfer_to_operator' });
    const { leadId } = await leadSays(app, w, 'custom', '/help');
    await worker.runOnce();
    const card = (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body;
    expect(card.tags).toEqual(['b']);
    expect(card.attributes.tmp).toBeUndefined();
    expect(card.row.state).toBe('operator');
    expect(card.row.dialog.assigneeId).toBe(w.op2.id);
    const logs = (await rt.ctx.db.selectFrom('script_logs').select(['level', 'message']).where('lead_id', '=', leadId).execute()).map(
      (l) => `${l.level}: ${l.message}`,
    );
    expect(logs).toContain('log: b true');
    expect(logs).toContain('log: candidates 2');
    expect(logs.some((l) => /^warn: transfer to operators skipped: The lead is already/.test(l))).toBe(true);
    // Exactly one dialog was opened for the lead: no double transfer.
    expect(await rt.ctx.db.selectFrom('dialogs').select('id').where('lead_id', '=', leadId).execute()).toHaveLength(1);
  });
});

/** A CRM on 127.0.0.1 that answers every POST with ticket T-1 and remembers the bodies. */
async function startCrm() {
  const http = await import('node:http');
  const calls: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls.push(JSON.parse(body));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ticket: 'T-1' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/tickets`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}
