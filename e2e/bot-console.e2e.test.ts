import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, screenshot, T, type Lang } from './workspace-page';
import { buildWorld, PASSWORD, type World, worldAndBrowser } from './world';

// The bots screen's test console as a bot editor uses it: they write to the demo shop bot as a lead,
// press one of its buttons, and see its answer, where the scenario stands and the attributes and tags
// the script set (en, PC); a script editor does the same on a phone in Russian and starts over.
describe.runIf(browserAvailable())('the bot test console', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  const BORIS = { name: 'Boris', email: 'boris@example.test' };
  const SVETA = { name: 'Sveta', email: 'sveta@example.test' };

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

  async function openConsole(page: Page, email: string, lang: Lang) {
    await page.goto(w.server.url);
    await page.getByLabel(T[lang].email).fill(email);
    await page.getByLabel(T[lang].password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: T[lang].signIn }).click();
    await page.getByRole('link', { name: lang === 'en' ? 'Settings' : 'Настройки' }).click();
    await page.getByRole('link', { name: 'Бот-Магазин глиняных изделий' }).click();
    await page.getByRole('link', { name: lang === 'en' ? 'Console' : 'Консоль' }).click();
    expect(new URL(page.url()).hash).toBe(`#/settings/bots/${w.shop.botId}/console`);
  }

  const chat = (page: Page, lang: Lang) => page.getByRole('list', { name: lang === 'en' ? 'Conversation with the bot' : 'Переписка с ботом' });

  it('a bot editor talks to the shop bot, presses a button and sees the answer, the scenario and the attributes (en, PC)', { timeout: 120_000 }, async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await openConsole(page, BORIS.email, 'en');
    await page.getByRole('textbox', { name: 'Your message' }).fill('Hello');
    await page.getByRole('button', { name: 'Send' }).click();
    // The start script greets and shows the menu; the scenario waits for a choice.
    await chat(page, 'en').getByText('Что вас интересует?').waitFor();
    await page.getByText('waiting for the answer').waitFor();
    await chat(page, 'en').getByRole('button', { name: 'Кружки' }).click();
    await chat(page, 'en')
      .getByText(/Кружка 350 мл — 800 ₽/)
      .waitFor();
    const attributes = page.getByRole('definition').filter({ hasText: 'кружки' });
    await attributes.first().waitFor();
    await expectAccessible(page, 'bot console (en)');
    await screenshot(page, 'pc-en-bot-console');
    // Operators see nothing of it: the test lead is in nobody's panel.
    const rows = (await w.admin.call('GET', '/api/v1/inbox?tab=all&q=Boris')).rows as unknown[];
    expect(rows).toEqual([]);
  });

  it('a script editor uses it on a phone in Russian and starts over', { timeout: 120_000 }, async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await openConsole(page, SVETA.email, 'ru');
    await page.getByText('Напишите /start или то, что написал бы лид.').waitFor();
    await page.getByRole('textbox', { name: 'Ваше сообщение' }).fill('/menu');
    await page.getByRole('button', { name: 'Отправить' }).click();
    await chat(page, 'ru').getByRole('button', { name: 'Тарелки' }).click();
    await chat(page, 'ru')
      .getByText(/Обеденная, 26 см/)
      .waitFor();
    await page.getByRole('definition').filter({ hasText: 'тарелки' }).first().waitFor();
    // Nothing sticks out sideways on a phone: the chat and the tabs fit its width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page, 'bot console (ru, phone)');
    await screenshot(page, 'phone-ru-bot-console');
    await page.getByRole('button', { name: 'Сбросить' }).click();
    await page.getByRole('alertdialog', { name: 'Начать заново?' }).getByRole('button', { name: 'Сбросить' }).click();
    await page.getByText('Напишите /start или то, что написал бы лид.').waitFor();
    await page.getByText('Ни один скрипт не ждёт лида.').waitFor();
  });
});
