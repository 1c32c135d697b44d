import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { DAY, writeScriptedDay } from './report-day';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, screenshot, signIn } from './workspace-page';
import { buildWorld, PASSWORD, type World } from './world';
import { worldAndBrowser } from './world';

// Settings → Reports as an administrator and a viewer read it: a scripted day in the event log gives
// exactly its figures on the screen and in the CSV; a viewer sees only the reports; an operator none.
describe.runIf(browserAvailable())('the Reports screen', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    const me = await w.admin.call('GET', '/api/v1/me');
    const departments = (await w.admin.call('GET', '/api/v1/departments')).departments as { id: number; code: string }[];
    await w.admin.call('PATCH', '/api/v1/business', { settings: { timeZone: 'Europe/Moscow', abandonAfterSec: 300 } });
    await w.admin.call('POST', '/api/v1/users', { name: 'Vera Viewer', email: 'vera@example.test', password: PASSWORD, roles: ['viewer'] });
    writeScriptedDay(path.join(w.dir, 'md.db'), {
      businessId: me.user.businessId ?? 1,
      botId: w.shop.botId,
      channelId: w.shop.channelId,
      supportId: departments.find((d) => d.code === 'support')!.id,
      olga: w.operators.olga.id,
      pavel: w.operators.pavel.id,
      admin: me.user.id,
    });
  });
  afterEach(async (ctx) => {
    await keepFailureShot(pages[0], ctx.task.name, ctx.task.result?.state === 'fail');
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  const tile = (page: Page, name: string) =>
    page
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${name}$`) })
      .locator('xpath=..')
      .locator('.kpi-value');

  it('shows the exact figures of a scripted day and downloads them as CSV (en, PC)', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, 'anna@example.test', 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    const filters = page.getByRole('form', { name: 'Report filters' });
    // A period that ends before it begins is said beside its end.
    await filters.getByLabel('From').fill('2026-11-03');
    await filters.getByLabel('To').fill(DAY);
    await filters.locator('#report-to-err').filter({ hasText: 'The period ends before it begins.' }).waitFor();
    await filters.getByLabel('From').fill(DAY);

    await expect.poll(() => tile(page, 'Transferred').textContent()).toBe('4');
    expect(await tile(page, 'Taken').textContent()).toBe('3');
    expect(await tile(page, 'Abandoned').textContent()).toBe('2');
    expect(await tile(page, 'Still waiting').textContent()).toBe('0');
    expect(await tile(page, 'Service level').textContent()).toBe('25%');
    expect(await tile(page, 'Wait for an operator').textContent()).toBe('30 sec / 6 min 10 sec');
    expect(await tile(page, 'First response').textContent()).toBe('1 min / 6 min 20 sec');
    expect(await tile(page, 'Time to close').textContent()).toBe('1 min 20 sec / 5 min');
    expect(await tile(page, 'Missed targets').textContent()).toBe('2 / 1');
    const olga = page.getByRole('table', { name: 'By operator' }).getByRole('row', { name: /Olga/ });
    expect(await olga.getByRole('cell').allTextContents()).toEqual(['2', '1', '0', '50 sec / 6 min 20 sec', '1', '—', '10.2 hr', '13.8 hr']);
    const support = page.getByRole('table', { name: 'By department' }).getByRole('row', { name: /Support/ });
    expect(await support.getByRole('cell').allTextContents()).toEqual(['1', '1', '0', '30 sec / 30 sec', '1 min / 1 min', '0%', '1', '—']);
    // The load: all four at 10 in Moscow, on a Monday.
    expect(await page.getByRole('table', { name: 'Transfers by hour (Europe/Moscow)' }).getByRole('row', { name: '10' }).getByRole('cell').textContent()).toBe(
      '4',
    );
    await expectAccessible(page, 'reports');
    await screenshot(page, 'pc-en-reports');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Summary' }).click()]);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(csv[1]).toBe('total,,4,3,2,1,0,2,30,370,370,60,380,380,80,300,300,4,1,25,2,1,0,');
  });

  it('a viewer reads the reports and nothing else; an operator has no settings (ru, phone)', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, 'vera@example.test', 'ru', { operator: false });
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('heading', { level: 1, name: 'Отчёты' }).waitFor();
    const sections = page.getByRole('navigation', { name: 'Разделы настроек' });
    expect(await sections.getByRole('listitem').allTextContents()).toEqual(['Отчёты', 'Монитор']);
    const filters = page.getByRole('form', { name: 'Фильтры отчёта' });
    await filters.getByLabel('С', { exact: true }).fill(DAY);
    await filters.getByLabel('По', { exact: true }).fill(DAY);
    await expect.poll(() => tile(page, 'Переведено').textContent()).toBe('4');
    expect(await tile(page, 'Уровень сервиса').textContent()).toBe('25\u00a0%');
    await expectAccessible(page, 'reports-ru');
    await screenshot(page, 'phone-ru-reports');
    // Another section by its address opens the viewer's own instead.
    await page.evaluate(() => {
      location.hash = '#/settings/users';
    });
    await page.waitForURL(/#\/settings\/users$/);
    await page.getByRole('heading', { level: 1, name: 'Отчёты' }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Пользователи' }).count()).toBe(0);

    const op = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(op.page);
    await signIn(op.page, w.server.url, w.operators.pavel.email, 'ru');
    await op.page.getByRole('banner').waitFor();
    expect(await op.page.getByRole('link', { name: 'Настройки' }).count()).toBe(0);
  });
});
