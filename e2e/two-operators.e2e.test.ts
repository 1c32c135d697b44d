import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy';
import { browserAvailable, launch } from './browser';
import { keepFailureShot, message, openPage, row, signIn, T } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

// Two operators in two browsers see the same contact center live; a dropped socket catches up
// without a reload.
describe.runIf(browserAvailable())('two operators, live', () => {
  let w: World;
  let browser: Browser;
  let olga: Page;
  let pavel: Page;
  // Olga reaches the server through a TCP proxy the test can cut: while cut, every connection drops.
  let proxy: TcpProxy;
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    proxy = await startTcpProxy(w.server.port);
    ({ page: olga } = await openPage(browser, { lang: 'en' }));
    ({ page: pavel } = await openPage(browser, { lang: 'ru' }));
    await Promise.all([signIn(olga, proxy.url, w.operators.olga.email, 'en'), signIn(pavel, w.server.url, w.operators.pavel.email, 'ru')]);
  });
  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    await keepFailureShot(olga, `${ctx.task.name} olga`, failed);
    await keepFailureShot(pavel, `${ctx.task.name} pavel`, failed);
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await w?.close();
  });

  it('one takes a waiting dialog; the other sees it leave Waiting at once', async () => {
    await w.leadSays('shop', 'vera', 'нужен человек', 'Вера');
    await Promise.all([row(olga, 'Вера').waitFor(), row(pavel, 'Вера').waitFor()]);
    await row(pavel, 'Вера').click();
    await pavel.getByRole('button', { name: T.ru.take }).click();
    await pavel.getByRole('button', { name: T.ru.close }).waitFor();
    await row(olga, 'Вера').waitFor({ state: 'detached' });
    await expect.poll(() => olga.getByRole('tab', { name: T.en.waiting }).textContent()).toContain('0');
    // In All, Olga sees it is with another operator.
    await olga.getByRole('tab', { name: T.en.all }).click();
    await row(olga, 'Вера').filter({ hasText: 'With an operator' }).waitFor();
  });

  it('catches up after the socket is cut: missed messages appear without a reload', async () => {
    await row(olga, 'Вера').click();
    await message(olga, 'нужен человек').waitFor();
    const marker = await olga.evaluate(() => ((window as unknown as { __loaded?: number }).__loaded = Date.now()));
    proxy.cut();
    await olga.getByRole('status').filter({ hasText: 'Connection lost' }).waitFor();
    // While Olga is away: the lead writes twice, Pavel answers.
    await w.leadSays('shop', 'vera', 'алло, вы тут?');
    await w.leadSays('shop', 'vera', 'жду ответа');
    await pavel.getByLabel(T.ru.message).fill('Да, я здесь');
    await pavel.getByLabel(T.ru.message).press('Enter');
    await message(pavel, 'Да, я здесь').waitFor();
    proxy.restore();
    for (const text of ['алло, вы тут?', 'жду ответа', 'Да, я здесь']) {
      await message(olga, text).waitFor();
    }
    await olga.getByRole('status').filter({ hasText: 'Connection lost' }).waitFor({ state: 'detached' });
    // The same page, not a reload.
    expect(await olga.evaluate(() => (window as unknown as { __loaded?: number }).__loaded)).toBe(marker);
  });
});
