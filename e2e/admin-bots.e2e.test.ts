import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, screenshot, signIn, T, type Lang } from './workspace-page';
import { buildWorld, Client, PASSWORD, type World, worldAndBrowser } from './world';

type ScriptJson = { code: string; version: number; commands: { type: string; code?: string }[] };
type BotJson = { id: number; name: string; startScript: string | null; returnScript: string | null };

// Settings → Bots and scripts as their editors use it: a bot editor writes a script with a JS
// command (completion of lead.*, a syntax error beside the field, fixed and saved), looks through
// its history and restores a version, sets the bot's scripts, adds a trigger, exports the bot and
// imports it again; a script editor sees only what their role allows (Russian, phone); an operator
// has no Settings at all.
describe.runIf(browserAvailable())('the Bots and scripts settings', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  const BORIS = { name: 'Boris', email: 'boris@example.test' };
  const SVETA = { name: 'Sveta', email: 'sveta@example.test' };
  const script = async (botId: number, code: string) => (await w.admin.call('GET', `/api/v1/bots/${botId}/scripts/${code}`)).script as ScriptJson;
  const bots = async () => (await w.admin.call('GET', '/api/v1/bots')).bots as BotJson[];

  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    for (const [who, role] of [
      [BORIS, 'bot_editor'],
      [SVETA, 'script_editor'],
    ] as const)
      await w.admin.call('POST', '/api/v1/users', { name: who.name, email: who.email, password: PASSWORD, roles: [role], departmentIds: [] });
  });
  afterEach(async (ctx) => {
    await keepFailureShot(pages[0], ctx.task.name, ctx.task.result?.state === 'fail');
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  /** Signs in someone who is not an operator (no Online switch): the Settings link shows they are in. */
  async function signInEditor(page: Page, email: string, lang: Lang) {
    await page.goto(w.server.url);
    await page.getByLabel(T[lang].email).fill(email);
    await page.getByLabel(T[lang].password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: T[lang].signIn }).click();
    await page.getByRole('link', { name: lang === 'en' ? 'Settings' : 'Настройки' }).click();
  }

  it(
    'a bot editor writes a script with JavaScript, restores an old version, adds a trigger, exports and imports the bot (en, PC)',
    { timeout: 120_000 },
    async () => {
      const { page } = await openPage(browser, { lang: 'en', viewport: PC });
      pages.push(page);
      await signInEditor(page, BORIS.email, 'en');
      // The bots section is their first (and only) one.
      await page.getByRole('heading', { level: 1, name: 'Bots and scripts' }).waitFor();
      expect(new URL(page.url()).hash).toBe('#/settings/bots');
      const sections = page.getByRole('navigation', { name: 'Settings sections' });
      expect(await sections.getByRole('list').getByRole('link').allTextContents()).toEqual(['Bots']);

      // A new bot, with the two scripts every bot starts with.
      await page.getByRole('button', { name: 'New bot' }).click();
      const create = page.getByRole('dialog', { name: 'New bot' });
      await create.getByRole('button', { name: 'Create' }).click();
      await create.locator('#bot-name-err').filter({ hasText: 'Enter a name' }).waitFor();
      await create.getByRole('textbox', { name: 'Name' }).fill('Pottery helper');
      await create.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('status').filter({ hasText: 'Pottery helper created.' }).waitFor();
      await expectAccessible(page, 'bots (en)');
      await screenshot(page, 'pc-en-bots-list');
      await page.getByRole('link', { name: 'Pottery helper' }).click();
      await page.getByRole('heading', { level: 1, name: 'Pottery helper' }).waitFor();
      const botId = (await bots()).find((b) => b.name === 'Pottery helper')!.id;
      expect(new URL(page.url()).hash).toBe(`#/settings/bots/${botId}`);
      await page.getByRole('row', { name: /transfer_to_operator/ }).waitFor();

      // A new script: a text first (version 1).
      await page.getByRole('link', { name: 'New script' }).click();
      await page.getByRole('heading', { level: 1, name: 'New script' }).waitFor();
      await page.getByRole('textbox', { name: 'Name' }).fill('Greeting');
      await page.getByRole('textbox', { name: 'Code' }).fill('greeting');
      const first = page.getByRole('listitem', { name: '1. Send text' });
      await first.getByRole('textbox', { name: 'Text' }).fill('Hello, {{name}}!');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved as version 1.' }).waitFor();
      await page.getByRole('heading', { level: 1, name: 'Script Greeting' }).waitFor();
      expect(new URL(page.url()).hash).toBe(`#/settings/bots/${botId}/scripts/greeting`);

      // Then a JavaScript command: `lead.` offers lead.* with a description; pick getAttr.
      await page.getByRole('combobox', { name: 'New command' }).selectOption({ label: 'Run JavaScript' });
      await page.getByRole('button', { name: 'Add the command' }).click();
      const js = page.getByRole('listitem', { name: '2. Run JavaScript' });
      const editor = js.getByRole('textbox', { name: 'JavaScript' });
      await editor.click();
      await page.keyboard.type('const city = lead.');
      const completions = page.getByRole('listbox');
      await completions.getByRole('option', { name: /^setAttr/ }).waitFor();
      await page.keyboard.type('getA');
      await completions.getByRole('option', { name: /^getAttr\(name\)/ }).click();
      await page.keyboard.type("('city') ===");
      await expect.poll(() => editor.textContent()).toBe("const city = lead.getAttr('city') ===");
      // The editor marks the broken line as the author types.
      await js.locator('.cm-lintRange-error').waitFor();
      await expectAccessible(page, 'script editor with JavaScript (en)');

      // Saving: the server's syntax check answers beside the field, and nothing is saved.
      await page.getByRole('button', { name: 'Save' }).click();
      await js
        .locator('.field-error')
        .filter({ hasText: /^Line 1: unexpected token/ })
        .waitFor();
      await page.getByRole('alert').filter({ hasText: 'Nothing was saved' }).waitFor();
      expect(await editor.getAttribute('aria-invalid')).toBe('true');
      expect((await script(botId, 'greeting')).version).toBe(1);
      await screenshot(page, 'pc-en-bots-syntax-error');

      // Fixed: version 2.
      await editor.click();
      await page.keyboard.press('End');
      await page.keyboard.type(" 'Moscow';");
      await expect.poll(() => editor.textContent()).toBe("const city = lead.getAttr('city') === 'Moscow';");
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved as version 2.' }).waitFor();
      expect(await js.locator('.field-error').count()).toBe(0);
      const saved = await script(botId, 'greeting');
      expect(saved.version).toBe(2);
      expect(saved.commands.map((c) => c.type)).toEqual(['send_text', 'run_js']);
      expect(saved.commands[1]?.code).toBe("const city = lead.getAttr('city') === 'Moscow';");
      await screenshot(page, 'pc-en-bots-editor');

      // The history: version 2 (current) and 1, both by Boris; version 1 had no JavaScript; restore it as version 3.
      await page.getByRole('button', { name: 'Version history' }).click();
      const history = page.getByRole('region', { name: 'Version history' });
      await history.getByRole('row', { name: /Version 2.*current.*Boris/ }).waitFor();
      await history.getByRole('row', { name: /Version 1.*Boris/ }).waitFor();
      await history.getByRole('button', { name: 'View version 1' }).click();
      const v1 = page.getByRole('dialog', { name: 'Version 1' });
      await v1.getByText('Send text').waitFor();
      expect(await v1.getByText('Run JavaScript').count()).toBe(0);
      await expectAccessible(page, 'a version of a script (en)');
      await v1.getByRole('button', { name: 'Close' }).click();
      await expectAccessible(page, 'script history (en)');
      await screenshot(page, 'pc-en-bots-history');
      await history.getByRole('button', { name: 'Restore version 1' }).click();
      await page.getByRole('alertdialog', { name: 'Restore version 1?' }).getByRole('button', { name: 'Restore' }).click();
      await page.getByRole('status').filter({ hasText: 'Restored as version 3.' }).waitFor();
      await history.getByRole('row', { name: /Version 3.*current/ }).waitFor();
      expect(await page.getByRole('listitem', { name: '2. Run JavaScript' }).count()).toBe(0);
      const restored = await script(botId, 'greeting');
      expect(restored).toMatchObject({ version: 3, commands: [{ type: 'send_text' }] });

      // The bot's return script and a trigger.
      await page.getByRole('link', { name: 'Scripts of the bot' }).click();
      await page.getByRole('combobox', { name: 'Return script' }).selectOption('greeting');
      await page.getByRole('region', { name: 'Where the bot starts' }).getByRole('button', { name: 'Save' }).click();
      await page.getByRole('region', { name: 'Where the bot starts' }).getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      expect((await bots()).find((b) => b.id === botId)?.returnScript).toBe('greeting');
      // A script the bot still uses is not deleted: the confirmation says what uses it.
      await page.getByRole('button', { name: 'Delete Greeting' }).click();
      const del = page.getByRole('alertdialog', { name: 'Delete Greeting?' });
      await del.getByRole('button', { name: 'Delete' }).click();
      await del
        .getByRole('alert')
        .filter({ hasText: /It is still used: .*return script/ })
        .waitFor();
      await del.getByRole('button', { name: 'Cancel' }).click();
      expect((await script(botId, 'greeting')).version).toBe(3);
      await page.getByRole('navigation', { name: 'Bot sections' }).getByRole('link', { name: 'Triggers' }).click();
      await page.getByRole('button', { name: 'New trigger' }).click();
      const trigger = page.getByRole('dialog', { name: 'New trigger' });
      await trigger.getByRole('textbox', { name: 'Name' }).fill('City known');
      await trigger.getByRole('textbox', { name: 'Code' }).fill('city_known');
      await trigger.getByRole('combobox', { name: 'When' }).selectOption({ label: 'An attribute changes' });
      await trigger.getByRole('textbox', { name: 'Which attribute' }).fill('city');
      await trigger.getByRole('combobox', { name: 'Runs script' }).selectOption('greeting');
      await expectAccessible(page, 'new trigger (en)');
      await trigger.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'City known saved.' }).waitFor();
      const row = page.getByRole('row', { name: /City known/ });
      await row.getByText('An attribute changes').waitFor();
      await row.getByText('On', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Edit City known' }).click();
      await page.getByRole('dialog', { name: 'Edit City known' }).getByRole('checkbox', { name: 'On' }).uncheck();
      await page.getByRole('dialog', { name: 'Edit City known' }).getByRole('button', { name: 'Save' }).click();
      await row.getByText('Off', { exact: true }).waitFor();
      await expectAccessible(page, 'triggers (en)');
      await screenshot(page, 'pc-en-bots-triggers');

      // Export: a file with the bot's scripts and triggers.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
      expect(download.suggestedFilename()).toBe('Pottery-helper.bot.json');
      const file = path.join(w.dir, 'export.json');
      await download.saveAs(file);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(doc).toMatchObject({ format: 'metadesk.bot', bot: { name: 'Pottery helper', returnScript: 'greeting' } });
      expect(doc.scripts.map((s: { code: string }) => s.code)).toContain('greeting');
      expect(doc.triggers).toEqual([expect.objectContaining({ code: 'city_known', enabled: false })]);

      // Import: a broken copy is refused with every problem listed; the file as exported makes a new bot.
      await page.getByRole('link', { name: 'All bots' }).click();
      const broken = path.join(w.dir, 'broken.json');
      const bad = structuredClone(doc);
      bad.scripts[0].commands.push({ type: 'run_js', code: 'if (' }, { type: 'run_script', script: 'nowhere' });
      fs.writeFileSync(broken, JSON.stringify(bad));
      await page.getByRole('button', { name: 'Import a bot' }).click();
      const imp = page.getByRole('dialog', { name: 'Import a bot' });
      await imp.getByLabel('Export file (.json)').setInputFiles(broken);
      await imp.getByRole('button', { name: 'Import' }).click();
      const problems = imp.getByRole('list', { name: 'Problems in the file' });
      await problems
        .getByRole('listitem')
        .filter({ hasText: /scripts\.0\.commands\.\d+\.code: line 1/ })
        .waitFor();
      await problems.getByRole('listitem').filter({ hasText: 'no script "nowhere"' }).waitFor();
      await imp.getByRole('alert').filter({ hasText: 'Nothing was imported: 2 problems in the file.' }).waitFor();
      await expectAccessible(page, 'import with problems (en)');
      await screenshot(page, 'pc-en-bots-import');
      expect((await bots()).length).toBe(3);
      await imp.getByLabel('Export file (.json)').setInputFiles(file);
      await imp.getByRole('textbox', { name: 'Name of the new bot' }).fill('Pottery helper copy');
      await imp.getByRole('button', { name: 'Import' }).click();
      await page.getByRole('status').filter({ hasText: 'Pottery helper copy imported.' }).waitFor();
      await page.getByRole('link', { name: 'Pottery helper copy' }).waitFor();
      const copy = (await bots()).find((b) => b.name === 'Pottery helper copy')!;
      expect(copy.returnScript).toBe('greeting');
      expect((await script(copy.id, 'greeting')).commands).toEqual([{ type: 'send_text', text: 'Hello, {{name}}!' }]);

      // The copy's trigger is deleted after a confirmation.
      await page.getByRole('link', { name: 'Pottery helper copy' }).click();
      await page.getByRole('navigation', { name: 'Bot sections' }).getByRole('link', { name: 'Triggers' }).click();
      await page.getByRole('button', { name: 'Delete City known' }).click();
      await page.getByRole('alertdialog', { name: 'Delete City known?' }).getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('status').filter({ hasText: 'City known deleted.' }).waitFor();
      await page.getByText('No triggers.').waitFor();
      expect((await w.admin.call('GET', `/api/v1/bots/${copy.id}/triggers`)).triggers).toEqual([]);
    },
  );

  it('a script editor edits scripts but not the bots themselves (ru, phone)', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signInEditor(page, SVETA.email, 'ru');
    await page.getByRole('heading', { level: 1, name: 'Боты и скрипты' }).waitFor();
    await page.getByRole('link', { name: 'Бот-Магазин глиняных изделий' }).waitFor();
    expect(await page.getByRole('button', { name: 'Новый бот' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Импортировать бота' }).count()).toBe(0);
    await expectAccessible(page, 'bots (ru, phone)');
    await screenshot(page, 'phone-ru-bots-list');

    await page.getByRole('link', { name: 'Бот-Магазин глиняных изделий' }).click();
    await page.getByRole('heading', { level: 1, name: 'Бот-Магазин глиняных изделий' }).waitFor();
    // The bot's scripts are shown, not chosen; no renaming.
    const scenario = page.getByRole('region', { name: 'С чего начинает бот' });
    await scenario.getByText('Стартовый скрипт').waitFor();
    expect(await scenario.getByRole('combobox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Переименовать' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Экспорт' }).waitFor();
    await page.getByRole('row', { name: /Меню/ }).getByRole('link', { name: 'Меню' }).click();

    // The menu script in the editor: its entries and its menu's buttons.
    await page.getByRole('heading', { level: 1, name: 'Скрипт «Меню»' }).waitFor();
    await page.getByRole('group', { name: 'Точки входа' }).getByRole('textbox', { name: 'Вход 1' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Вход 1' }).inputValue()).toBe('/menu');
    const menu = page.getByRole('listitem', { name: '1. Меню с кнопками' });
    expect(await menu.getByRole('textbox', { name: 'Кнопка 1' }).inputValue()).toBe('Тарелки');
    expect(await menu.getByRole('combobox', { name: 'Кнопка 1 запускает' }).inputValue()).toBe('plates');
    // A changed label saves as the next version.
    await menu.getByRole('textbox', { name: 'Кнопка 2' }).fill('Кружки и чашки');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('status').filter({ hasText: 'Сохранено как версия 2.' }).waitFor();
    await expectAccessible(page, 'script editor (ru, phone)');
    await screenshot(page, 'phone-ru-bots-editor');
    expect((await script(w.shop.botId, 'menu')).version).toBe(2);

    await page.getByRole('link', { name: 'Скрипты бота' }).click();
    const tabs = page.getByRole('navigation', { name: 'Разделы бота' });
    await tabs.getByRole('link', { name: 'Триггеры' }).click();
    await page.getByRole('button', { name: 'Новый триггер' }).waitFor();
    await expectAccessible(page, 'triggers (ru, phone)');
    await screenshot(page, 'phone-ru-bots-triggers');

    // What a script printed for a lead, in the bot's log.
    await w.admin.call('PUT', `/api/v1/bots/${w.shop.botId}/scripts/log_demo`, {
      code: 'log_demo',
      name: 'Журнал',
      entries: [{ type: 'keyword', value: 'журнал' }],
      commands: [{ type: 'run_js', code: "console.warn('проверка журнала', lead.getSerialNumber());" }],
    });
    await w.leadSays('shop', 'log-lead', 'привет', 'Лида');
    const { leadId } = await w.leadSays('shop', 'log-lead', 'журнал');
    await expect
      .poll(async () => (await w.admin.call('GET', `/api/v1/bots/${w.shop.botId}/logs`)).logs.map((l: { message: string }) => l.message))
      .toContain(`проверка журнала ${leadId}`);
    await tabs.getByRole('link', { name: 'Журнал' }).click();
    const line = page.getByRole('row', { name: /проверка журнала/ });
    await line.getByText('warn').waitFor();
    await line.getByText('log_demo').waitFor();
    await line.getByText(`#${leadId}`).waitFor();
    await expectAccessible(page, 'log (ru, phone)');

    // The server says the same: a script editor creates no bot.
    const sveta = new Client(w.server.url);
    await sveta.call('POST', '/api/v1/auth/login', { email: SVETA.email, password: PASSWORD });
    await expect(sveta.call('POST', '/api/v1/bots', { name: 'Mine' })).rejects.toThrow(/→ 403/);
    expect((await sveta.call('GET', '/api/v1/bots')).bots).toEqual(await bots());
  });

  it('an operator has no Settings and no bots', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, w.operators.pavel.email, 'en');
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await page.goto(`${w.server.url}/inbox/waiting#/settings/bots`);
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Bots and scripts' }).count()).toBe(0);
    const pavel = new Client(w.server.url);
    await pavel.call('POST', '/api/v1/auth/login', { email: w.operators.pavel.email, password: PASSWORD });
    await expect(pavel.call('GET', '/api/v1/bots')).rejects.toThrow(/→ 403/);
  });
});
