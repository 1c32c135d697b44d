import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, row, screenshot, signIn } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

// Settings → Service targets as an administrator sets them, and what an operator then sees: the
// waiting dialog counting down to its first-response target, then "Overdue" when the server marks it missed.
describe.runIf(browserAvailable())('service targets', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
  });
  afterEach(async (ctx) => {
    await keepFailureShot(pages[0], ctx.task.name, ctx.task.result?.state === 'fail');
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('an administrator sets the targets; a waiting dialog counts down and turns overdue (en, PC)', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, 'anna@example.test', 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Service targets' }).click();
    await page.getByRole('heading', { level: 1, name: 'Service targets' }).waitFor();
    const business = page.getByRole('form', { name: 'The whole business' });
    // Out of bounds: said beside the field, nothing saved.
    await business.getByLabel('First response, seconds').fill('2');
    await business.getByRole('button', { name: 'Save' }).click();
    await business.locator('#service-first-err').filter({ hasText: 'from 5 to 604800' }).waitFor();
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings.firstResponseTargetSec).toBeNull();
    await business.getByLabel('First response, seconds').fill('6');
    await business.getByLabel('Next response, seconds').fill('120');
    await business.getByRole('button', { name: 'Save' }).click();
    await business.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings).toMatchObject({ firstResponseTargetSec: 6, nextResponseTargetSec: 120 });
    // Support answers faster than the business.
    const support = page.getByRole('form', { name: 'Support' });
    await support.getByLabel('First response, seconds').fill('30');
    await support.getByRole('button', { name: 'Save Support' }).click();
    await support.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const departments = (await w.admin.call('GET', '/api/v1/departments')).departments as { code: string; firstResponseTargetSec: number | null }[];
    expect(departments.find((d) => d.code === 'support')?.firstResponseTargetSec).toBe(30);
    await expectAccessible(page, 'service-targets');
    await screenshot(page, 'pc-en-service-targets');

    // A lead asks for a person: the waiting dialog counts down, then the server marks it overdue.
    await page.getByRole('link', { name: 'Back to the dialogs' }).click();
    await w.leadSays('shop', 'nina', 'нужен человек', 'Nina');
    await row(page, 'Nina').click();
    await page.getByText(/^Answer within \d:\d\d$/).waitFor();
    await row(page, 'Nina').getByText('Overdue', { exact: true }).waitFor();
    await page.getByText(/^Overdue by \d:\d\d$/).waitFor();
    await screenshot(page, 'pc-en-overdue');
  });

  it('the same screen in Russian on a phone', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, 'anna@example.test', 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Сроки ответа' }).click();
    await page.getByRole('heading', { level: 1, name: 'Сроки ответа' }).waitFor();
    await expect.poll(() => page.getByRole('form', { name: 'Весь бизнес' }).getByLabel('Первый ответ, секунд').inputValue()).toBe('6');
    await expectAccessible(page, 'service-targets-ru');
    await screenshot(page, 'phone-ru-service-targets');
  });
});
