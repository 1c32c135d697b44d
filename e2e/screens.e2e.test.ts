import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, row, screenshot, signIn, T, type Lang } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

// Every screen of the workspace, in both languages, at PC and phone sizes: axe-core finds no serious
// or critical violation, and the screenshots the operator guide shows are taken here.
describe.runIf(browserAvailable())('every screen is accessible, in Russian and English', () => {
  let w: World;
  let browser: Browser;
  let page: Page | undefined;
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    await w.leadSays('shop', 'maria', 'Здравствуйте', 'Мария');
    await w.leadSays('shop', 'maria', 'хочу поговорить с человеком');
    await w.leadSays('support', 'john', 'Hello', 'John Smith');
  });
  afterEach(async (ctx) => {
    await keepFailureShot(page, ctx.task.name, ctx.task.result?.state === 'fail');
    await page?.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  for (const lang of ['en', 'ru'] as Lang[]) {
    const t = T[lang];
    it(`workspace, dialog, card, menus and the lead page (${lang}, PC)`, async () => {
      ({ page } = await openPage(browser, { lang, viewport: PC }));
      await signIn(page, w.server.url, w.operators.pavel.email, lang);
      await row(page, 'Мария').waitFor();
      await expectAccessible(page, `panel (${lang})`);
      await row(page, 'Мария').click();
      await page.getByRole('button', { name: t.take }).waitFor();
      await page.getByRole('complementary').waitFor();
      await expectAccessible(page, `dialog with card (${lang})`);
      await screenshot(page, `pc-${lang}-workspace`);
      await page.getByRole('button', { name: t.more }).click();
      await page.getByRole('menu').waitFor();
      await expectAccessible(page, `dialog menu (${lang})`);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /Account menu|Меню учётной записи/ }).click();
      await page.getByRole('menuitem', { name: lang === 'en' ? 'Log out' : 'Выйти' }).click();
      await page.getByRole('alertdialog').waitFor();
      await expectAccessible(page, `logout dialog (${lang})`);
      await screenshot(page, `pc-${lang}-logout`);
      await page.getByRole('button', { name: t.cancel }).click();
      await page.getByRole('link', { name: lang === 'en' ? 'Open the page of Мария' : 'Открыть страницу Мария' }).click();
      await page.getByRole('heading', { name: 'Мария' }).waitFor();
      await expectAccessible(page, `lead page (${lang})`);
      await screenshot(page, `pc-${lang}-lead-page`);
    });

    it(`the dialog at phone size (${lang})`, async () => {
      ({ page } = await openPage(browser, { lang, viewport: PHONE }));
      await signIn(page, w.server.url, w.operators.pavel.email, lang);
      await page.getByRole('tab', { name: t.all }).click();
      await row(page, 'John Smith').click();
      await page.getByRole('button', { name: t.back }).waitFor();
      // The lead's name is shown whole in the header (the state chip gives up its word, not the name).
      const lead = page.getByRole('link', { name: lang === 'en' ? 'Open the page of John Smith' : 'Открыть страницу John Smith' });
      const name = lead.getByText('John Smith', { exact: true });
      expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await expectAccessible(page, `phone dialog (${lang})`);
      await screenshot(page, `phone-${lang}-dialog`);
    });
  }
});
