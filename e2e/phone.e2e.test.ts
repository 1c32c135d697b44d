import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, message, openPage, PHONE, row, screenshot, signIn, T } from './workspace-page';
import { buildWorld, received, type World, worldAndBrowser } from './world';

// The main flow on a phone (390×844), in Russian: one column at a time, a back button, big targets.
describe.runIf(browserAvailable())('an operator on a phone', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const t = T.ru;
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    ({ page } = await openPage(browser, { lang: 'ru', viewport: PHONE }));
    await signIn(page, w.server.url, w.operators.olga.email, 'ru');
  });
  afterEach(async (ctx) => keepFailureShot(page, ctx.task.name, ctx.task.result?.state === 'fail'));
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('shows the panel alone, then the dialog alone with a back button', async () => {
    await w.leadSays('shop', 'ivan', 'позовите человека', 'Иван');
    await row(page, 'Иван').waitFor();
    await expectAccessible(page, 'phone panel (ru)');
    await screenshot(page, 'phone-ru-panel');
    await row(page, 'Иван').click();
    await page.getByRole('button', { name: t.take }).waitFor();
    expect(await page.getByRole('tab', { name: t.waiting }).isVisible()).toBe(false);
  });

  it('takes and answers; the composer and every button are big enough to tap', async () => {
    await page.getByRole('button', { name: t.take }).click();
    await page.getByRole('button', { name: t.close }).waitFor();
    await page.getByLabel(t.message).fill('Здравствуйте, Иван!');
    await page.getByRole('button', { name: 'Отправить' }).click();
    await message(page, 'Здравствуйте, Иван!').waitFor();
    await expect.poll(() => received(w).some((b) => b.includes('Здравствуйте, Иван!'))).toBe(true);
    for (const name of [t.back, t.close, t.more, 'Отправить', 'Прикрепить файлы', 'Карточка лида']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(Math.min(box!.width, box!.height), name).toBeGreaterThanOrEqual(44);
    }
    // The composer is on screen, at the bottom.
    const composer = await page.getByLabel(t.message).boundingBox();
    expect(composer!.y + composer!.height).toBeLessThanOrEqual(PHONE.height);
    await expectAccessible(page, 'phone dialog (ru)');
    await screenshot(page, 'phone-ru-mine');
  });

  it('opens the lead card over the dialog and goes back to the panel', async () => {
    await page.getByRole('button', { name: 'Карточка лида' }).click();
    await page.getByRole('complementary', { name: 'Лид' }).waitFor();
    await screenshot(page, 'phone-ru-card');
    await page.getByRole('button', { name: 'Скрыть' }).click();
    await page.getByRole('button', { name: t.back }).click();
    await page.getByRole('tab', { name: t.mine }).waitFor();
    await page.getByRole('tab', { name: t.mine }).click();
    await row(page, 'Иван').waitFor();
  });
});
