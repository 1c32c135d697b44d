import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PHONE, row, screenshot, signIn, T } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

// The collision notice: operators who have the same dialog open see each other there ("Anna Admin is
// viewing", "… is typing…"), so two people do not answer the lead at once. Anna works on a PC in
// English; Olga watches on a PC in English, Pavel on a phone in Russian.
describe.runIf(browserAvailable())('who else is in the dialog', () => {
  let w: World;
  let browser: Browser;
  let anna: Page;
  let olga: Page;
  let pavel: Page;
  /** The notice under the dialog's header that names someone. */
  const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });
  /** Opens a lead's dialog from the Waiting tab (on a PC, leaving the one open before). */
  const open = async (page: Page, lang: 'en' | 'ru', name = 'Вера') => {
    await row(page, name).click();
    await page.getByRole('region', { name: lang === 'en' ? `Dialog with ${name}` : `Диалог с ${name}` }).waitFor();
  };

  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    ({ page: anna } = await openPage(browser, { lang: 'en' }));
    ({ page: olga } = await openPage(browser, { lang: 'en' }));
    ({ page: pavel } = await openPage(browser, { lang: 'ru', viewport: PHONE }));
    await Promise.all([
      signIn(anna, w.server.url, 'anna@example.test', 'en'),
      signIn(olga, w.server.url, w.operators.olga.email, 'en'),
      signIn(pavel, w.server.url, w.operators.pavel.email, 'ru'),
    ]);
    await w.leadSays('shop', 'vera', 'нужен человек', 'Вера');
    await w.leadSays('shop', 'ivan', 'позовите оператора', 'Иван');
    await Promise.all([anna, olga, pavel].map((page) => row(page, 'Иван').waitFor()));
  });
  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    await keepFailureShot(anna, `${ctx.task.name} anna`, failed);
    await keepFailureShot(olga, `${ctx.task.name} olga`, failed);
    await keepFailureShot(pavel, `${ctx.task.name} pavel`, failed);
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('on a PC: Olga sees Anna viewing, then typing, and the notice goes when Anna switches to another dialog', async () => {
    await open(olga, 'en');
    await open(anna, 'en');
    await notice(olga, 'Anna Admin is viewing').waitFor();
    await notice(anna, 'Olga is viewing').waitFor();

    await anna.getByLabel(T.en.message).pressSequentially('Hello Vera, one moment');
    await notice(olga, 'Anna Admin is typing…').waitFor();
    await screenshot(olga, 'pc-en-collision');
    await expectAccessible(olga, 'PC dialog with the collision notice (en)');

    await open(anna, 'en', 'Иван');
    await notice(olga, 'Anna Admin').waitFor({ state: 'detached' });
    // And the other way round: Anna comes back, Olga switches away.
    await open(anna, 'en');
    await notice(anna, 'Olga is viewing').waitFor();
    await open(olga, 'en', 'Иван');
    await notice(anna, 'Olga').waitFor({ state: 'detached' });
    await open(anna, 'en', 'Иван');
  });

  it('on a phone, in Russian: Pavel sees Anna typing a reply, then a note, and the notice goes when she switches away', async () => {
    await open(pavel, 'ru');
    await open(anna, 'en');
    await notice(pavel, 'Anna Admin смотрит диалог').waitFor();

    await anna.getByLabel(T.en.message).pressSequentially(' — checking the order');
    await notice(pavel, 'Anna Admin печатает…').waitFor();
    await screenshot(pavel, 'phone-ru-collision');
    await expectAccessible(pavel, 'phone dialog with the collision notice (ru)');

    await anna.getByRole('radio', { name: 'Internal note' }).click();
    await anna.getByLabel('Internal note (only operators see it)').pressSequentially('Vera asked twice');
    await notice(pavel, 'Anna Admin пишет заметку…').waitFor();

    await open(anna, 'en', 'Иван');
    await notice(pavel, 'Anna Admin').waitFor({ state: 'detached' });
  });
});
