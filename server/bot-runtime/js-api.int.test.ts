import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBot, buildBusiness, buildChannel, buildLead, buildScript } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import type { Lease } from '../jobs/lease';
import { claimJob, enqueueBotJob } from '../bots/bot-jobs.repo';
import { handleBotJob } from './handle-job';
import { createScriptEngine } from './js-engine';

const lease = (held: number): Lease => ({ until: held, signal: new AbortController().signal, fenced: (fn) => fn(held) });

/** Metabot's documented lead.* / bot.* names, run in the sandbox through a bot job, committed with the run. */
describe.each(await dialects())('the documented lead.* and bot.* names on %s', (dialect) => {
  let rt: TestRuntime;
  let ids: { businessId: number; botId: number; leadId: number; channelId: number; otherLeadId: number };
  let n = 0;

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    const business = await buildBusiness(rt.ctx.db);
    const bot = await buildBot(rt.ctx.db, { businessId: business.id, name: 'Shop bot' });
    const channel = await buildChannel(rt.ctx.db, { businessId: business.id, botId: bot.id, kind: 'telegram' });
    const lead = await buildLead(rt.ctx.db, { businessId: business.id, botId: bot.id, channelId: channel.id, name: 'Ira', messengerId: 'tg-42' });
    const other = await buildLead(rt.ctx.db, { businessId: business.id, botId: bot.id, channelId: channel.id, name: 'Petr' });
    await rt.ctx.db.updateTable('leads').set({ status: 'vip' }).where('id', '=', other.id).execute();
    ids = { businessId: business.id, botId: bot.id, leadId: lead.id, channelId: channel.id, otherLeadId: other.id };
  });
  afterAll(async () => rt?.dispose());

  /** Runs `code` as a run_js script for the lead; answers what it logged and the errors. */
  async function runJs(code: string, params: Record<string, unknown> = {}) {
    const script = `js${++n}`;
    await buildScript(rt.ctx.db, { businessId: ids.businessId, botId: ids.botId, code: script, commands: [{ type: 'run_js', code }] });
    const now = Date.now();
    const id = await enqueueBotJob(rt.ctx.db, {
      businessId: ids.businessId,
      botId: ids.botId,
      leadId: ids.leadId,
      kind: 'script',
      ref: script,
      runAt: now,
      now,
      params,
    });
    const job = await rt.ctx.db.selectFrom('bot_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await claimJob(rt.ctx.db, job, now, now + 60_000)).toBe(true);
    await handleBotJob({ ...rt.ctx, js: createScriptEngine(rt.ctx) }, job, lease(now + 60_000));
    const logs = await rt.ctx.db.selectFrom('script_logs').select(['level', 'message']).where('script', '=', script).orderBy('id').execute();
    return {
      out: logs.filter((l) => l.level !== 'error' && l.level !== 'warn').map((l) => JSON.parse(l.message.replace(/^.*?(\{|\[)/s, '$1')) as unknown),
      errors: logs.filter((l) => l.level === 'error').map((l) => l.message),
    };
  }
  const lead = () => rt.ctx.db.selectFrom('leads').selectAll().where('id', '=', ids.leadId).executeTakeFirstOrThrow();
  const attrs = async () =>
    Object.fromEntries(
      (await rt.ctx.db.selectFrom('lead_attributes').select(['name', 'value']).where('lead_id', '=', ids.leadId).execute()).map((a) => [a.name, a.value]),
    );
  const tags = async () => (await rt.ctx.db.selectFrom('lead_tags').select('tag').where('lead_id', '=', ids.leadId).execute()).map((t) => t.tag).sort();

  it('reads the documented data keys, and sets name, language and status with setData', async () => {
    const r = await runJs(`
      console.log(JSON.stringify({
        keys: ['identification', 'status_id', 'is_mute', 'is_forwarded', 'bot_id', 'channel_id', 'channel_code', 'messenger', 'lang_code', 'manager_id', 'dialog_id'].map((k) => lead.getData(k)),
        isset: [lead.issetData('identification'), lead.isDataExist('manager_id')],
        all: Object.keys(lead.getAllData()).length > 20,
        channel: [lead.getChannelCode(), lead.getMessengerCode(), lead.getMessenger(), lead.getIdentification(), lead.getIdentificationEntity()],
        serial: lead.getSerialNumber() === lead.getData('id'),
        inline: [lead.isInlineButtonsAvailable(), lead.isInlineButtonsAvailableGeneralChannelSetting()],
      }));
      lead.setData('name', 'Ирина');
      lead.setData({ lang_code: 'ru', status_id: 'new' });
      console.log(JSON.stringify([lead.getData('name'), lead.getData('lang_code'), lead.getStatusId(), lead.getData('status_name')]));
      try { lead.setData('bot_id', 7); } catch (e) { console.log(JSON.stringify({ refused: e.message })); }
    `);
    expect(r.errors).toEqual([]);
    expect(r.out[0]).toEqual({
      keys: ['tg-42', null, 0, 0, ids.botId, ids.channelId, 'telegram', 'telegram', 'en', null, null],
      isset: [true, false],
      all: true,
      channel: ['telegram', 'telegram', 'telegram', 'tg-42', { identification: 'tg-42', messenger: 'telegram', channel_id: ids.channelId }],
      serial: true,
      inline: [true, true],
    });
    expect(r.out[1]).toEqual(['Ирина', 'ru', 'new', 'new']);
    expect(r.out[2]).toEqual({ refused: expect.stringMatching(/"bot_id" is read-only/) });
    expect(await lead()).toMatchObject({ name: 'Ирина', language: 'ru', status: 'new' });
  });

  it('reads, writes and deletes attributes as text, numbers, flags and JSON', async () => {
    const r = await runJs(`
      lead.setAttr('a', 'x'); lead.setAttr('b', 'y'); lead.setAttr('c', 'z'); lead.setAttr('d', 'w');
      lead.setAttr('n', '42'); lead.setAttr('f', '3,5'); lead.setAttr('yes', 'true'); lead.setAttr('no', '0');
      lead.setJsonAttr('cart', { mugs: 2, plates: { big: 1 } });
      lead.setJsonAttr('cart', 'plates.small', 3);
      lead.deleteJsonAttr('cart', 'plates.big');
      console.log(JSON.stringify({
        ints: [lead.getIntAttr('n'), lead.getIntAttr('a')],
        floats: [lead.getFloatAttr('f'), lead.getFloatAttr('missing')],
        bools: [lead.getBoolAttr('yes'), lead.getBoolAttr('no'), lead.getBoolAttr('missing')],
        isset: [lead.issetAttr('a'), lead.isAttrExist('missing')],
        json: [lead.getJsonAttr('cart'), lead.getJsonAttr('cart', 'plates.small'), lead.isJsonAttrKeyExist('cart', 'mugs'), lead.issetJsonAttr('cart', 'plates.big')],
        allJson: Object.keys(lead.getAllJsonAttrs()),
      }));
      lead.deleteAttrs('a,b');
      lead.deleteAttrs(['c']);
      lead.forceDeleteAttr('d');
      console.log(JSON.stringify(lead.getAllAttr()));
    `);
    expect(r.errors).toEqual([]);
    expect(r.out[0]).toEqual({
      ints: [42, null],
      floats: [3.5, null],
      bools: [true, false, null],
      isset: [true, false],
      json: [{ mugs: 2, plates: { small: 3 } }, 3, true, false],
      allJson: ['cart'],
    });
    expect(await attrs()).toEqual({ n: '42', f: '3,5', yes: 'true', no: '0', cart: '{"mugs":2,"plates":{"small":3}}' });
  });

  it('adds, tests and removes tags in the documented forms', async () => {
    const r = await runJs(`
      lead.addTags('a, b'); lead.addTags(['c', 'd']); lead.setTag('e'); lead.addTag('f');
      lead.deleteTags('a,b'); lead.deleteTag('c'); lead.forceDeleteTags(['d']);
      console.log(JSON.stringify([lead.issetTag('e'), lead.isTagExist('a'), lead.getTag('f'), lead.getTag('a'), lead.getAllTags()]));
    `);
    expect(r.errors).toEqual([]);
    expect(r.out[0]).toEqual([true, false, 'f', null, ['e', 'f']]);
    expect(await tags()).toEqual(['e', 'f']);
  });

  it('sets, tests and removes contexts, kept from one run to the next', async () => {
    const first = await runJs(`lead.setContext('order'); lead.addContexts('a,b'); lead.deleteContext('a');`);
    expect(first.errors).toEqual([]);
    const r = await runJs(`
      console.log(JSON.stringify([lead.isContextExist('order'), lead.issetContext('a'), lead.getContext('b'), lead.getContext('a'), lead.getAllContexts()]));
      lead.deleteContexts(['b']);
    `);
    expect(r.errors).toEqual([]);
    expect(r.out[0]).toEqual([true, false, 'b', null, ['b', 'order']]);
    const rows = await rt.ctx.db.selectFrom('lead_contexts').select('context').where('lead_id', '=', ids.leadId).execute();
    expect(rows.map((c) => c.context)).toEqual(['order']);
  });

  it('creates a person for the lead, finds its leads, and refuses a person of no business of its own', async () => {
    const r = await runJs(`
      const before = lead.getPersonId();
      const id = await lead.createPersonForCurrentLead();
      console.log(JSON.stringify({ before, same: lead.getPersonId() === id, id }));
    `);
    expect(r.errors).toEqual([]);
    const { id } = r.out[0] as { id: number };
    expect(r.out[0]).toEqual({ before: null, same: true, id: expect.any(Number) });
    // Linked at commit: findLeads sees it in the next run.
    const again = await runJs(`
      console.log(JSON.stringify((await bot.findLeads(['id'], [['person_id', lead.getPersonId()]])).map((l) => l.id)));
      lead.setPersonId(999999);
    `);
    expect(again.out[0]).toEqual([ids.leadId]);
    const logs = await rt.ctx.db.selectFrom('script_logs').select('message').where('level', '=', 'warn').execute();
    expect(logs.map((l) => l.message)).toContain('lead.setPersonId(999999): no such person in this business');
    const link = await rt.ctx.db.selectFrom('lead_persons').select('person_id').where('lead_id', '=', ids.leadId).executeTakeFirstOrThrow();
    expect(Number(link.person_id)).toBe(id);
  });

  it('knows statuses by id and by name (a status is its name)', async () => {
    const r = await runJs(`
      lead.setStatusById('gold');
      const all = await lead.getAllStatuses();
      console.log(JSON.stringify({
        all, byName: await lead.getAllStatusesIndexedByName(),
        isset: [await lead.issetStatusByName('vip'), await lead.issetStatusById('nope')],
        id: await lead.getStatusIdByName('vip'), missing: await lead.getStatusIdByName('nope'),
        now: [lead.getStatusId(), lead.getStatusName(), lead.isInStatus('gold')],
      }));
      lead.setStatusName('silver');
      lead.setStatus(null);
      lead.setStatusByName('bronze');
    `);
    expect(r.errors).toEqual([]);
    expect(r.out[0]).toMatchObject({
      all: expect.arrayContaining([
        { id: 'gold', name: 'gold' },
        { id: 'vip', name: 'vip' },
      ]),
      byName: expect.objectContaining({ vip: { id: 'vip', name: 'vip' } }),
      isset: [true, false],
      id: 'vip',
      missing: null,
      now: ['gold', 'gold', true],
    });
    expect((await lead()).status).toBe('bronze');
  });

  it('bot.getData, bot.canAutoForward, bot.getWebhookPayload and lead.getLastRequest', async () => {
    await rt.ctx.db
      .insertInto('messages')
      .values({
        business_id: ids.businessId,
        lead_id: ids.leadId,
        dialog_id: null,
        author: 'lead',
        author_user_id: null,
        text: 'хочу кружку',
        payload: null,
        client_message_id: null,
        delivery: 'none',
        created_at: Date.now(),
      })
      .execute();
    const r = await runJs(
      `console.log(JSON.stringify({
        name: await bot.getData('name'), count: await bot.getData('leadsCount'), none: await bot.getData('nope'), id: (await bot.getData()).id,
        auto: [bot.canAutoForward(), lead.canAutoForward()],
        payload: bot.getWebhookPayload(),
        last: await lead.getLastRequest(),
      }));`,
      { requestParams: { order: 7 } },
    );
    expect(r.errors).toEqual([]);
    expect(r.out[0]).toEqual({
      name: 'Shop bot',
      count: 2,
      none: null,
      id: ids.botId,
      auto: [true, true],
      payload: { text: null, script_request_params: { order: 7 } },
      last: 'хочу кружку',
    });
  });

  it('refuses what it cannot do with a message for the script', async () => {
    const r = await runJs(`
      const errors = [];
      for (const f of [() => lead.getData('password'), () => lead.setData('is_mute', 1), () => lead.getAttr('bad name'), () => lead.addTags(5)]) {
        try { f(); errors.push(null); } catch (e) { errors.push(e.message); }
      }
      try { await bot.findLeads([], [['id', 'between', 1]]); } catch (e) { errors.push(e.message); }
      try { await bot.findLeads([], [], [], 500); } catch (e) { errors.push(e.message); }
      console.log(JSON.stringify(errors));
    `);
    expect(r.errors).toEqual([]);
    expect(r.out[0]).toEqual([
      expect.stringMatching(/unknown key "password"/),
      expect.stringMatching(/"is_mute" is read-only/),
      expect.stringMatching(/attribute name/),
      expect.stringMatching(/a list or an object/),
      expect.stringMatching(/operator "between"/),
      expect.stringMatching(/limit: 1 to 100/),
    ]);
  });
});
