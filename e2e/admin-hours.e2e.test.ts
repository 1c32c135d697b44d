import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, screenshot, signIn } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

type HoursJson = { week: Record<string, { from: string; to: string }[]>; holidays: { date: string; spans: unknown[] }[] } | null;
type ViewJson = { business: HoursJson; departments: { code: string; hours: HoursJson }[] };

// Settings → Working hours, as an administrator uses them: the time zone, the week (a mistake said
// beside its day), a holiday, the out-of-hours reply and what happens outside the hours; a
// department with hours of its own. English on a PC, Russian on a phone.
describe.runIf(browserAvailable())('the Working hours settings screen', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  const ADMIN = 'anna@example.test';
  const hours = async () => (await w.admin.call('GET', '/api/v1/working-hours')) as ViewJson;
  const settings = async () => (await w.admin.call('GET', '/api/v1/business')).business.settings as Record<string, unknown>;
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

  it('an administrator sets the hours, a holiday and the out-of-hours reply (en, PC)', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Working hours' }).click();
    await page.getByRole('heading', { level: 1, name: 'Working hours' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings/hours');
    await page.getByText('No hours are set: always open.').waitFor();

    const business = page.getByRole('form', { name: 'The business' });
    await business.getByRole('combobox', { name: 'Time zone' }).selectOption('Europe/Moscow');
    await business.getByRole('checkbox', { name: 'Set working hours' }).check();
    // Monday closing when it opens: said beside Monday, nothing saved.
    const monday = business.getByRole('group', { name: 'Monday', exact: true });
    await monday.getByLabel('To', { exact: true }).fill('09:00');
    await business.getByRole('button', { name: 'Save' }).click();
    await monday.getByText('Opens and closes at the same time').waitFor();
    expect(await monday.getAttribute('aria-describedby')).toBe('hours-business-monday-err');
    await expectAccessible(page, 'working hours, a mistake (en)');
    expect((await hours()).business).toBeNull();
    await monday.getByLabel('To', { exact: true }).fill('18:00');
    // Saturday: a night span, to the next morning.
    const saturday = business.getByRole('group', { name: 'Saturday', exact: true });
    await saturday.getByRole('checkbox', { name: 'Open' }).check();
    await saturday.getByLabel('From', { exact: true }).fill('22:00');
    await saturday.getByLabel('To', { exact: true }).fill('06:00');
    await saturday.getByText('until the next day').waitFor();

    await business.getByLabel('Date', { exact: true }).fill('2026-12-31');
    await business.getByRole('button', { name: 'Add holiday' }).click();
    await business.getByRole('button', { name: 'Remove December 31, 2026' }).waitFor();
    await business.getByRole('textbox', { name: 'Out-of-hours reply (EN)' }).fill('We are closed now; we will answer in the morning.');
    await business.getByRole('textbox', { name: 'Out-of-hours reply (RU)' }).fill('Сейчас мы не работаем; ответим утром.');
    await business.getByRole('radio', { name: 'is not created: the lead stays with the bot' }).check();
    await business.getByRole('button', { name: 'Save' }).click();
    await business.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const saved = await hours();
    expect(saved.business?.week.monday).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(saved.business?.week.saturday).toEqual([{ from: '22:00', to: '06:00' }]);
    expect(saved.business?.week.sunday).toEqual([]);
    expect(saved.business?.holidays).toEqual([{ date: '2026-12-31', spans: [] }]);
    expect(await settings()).toMatchObject({
      timeZone: 'Europe/Moscow',
      outOfHours: 'bot',
      outOfHoursReply: { en: 'We are closed now; we will answer in the morning.', ru: 'Сейчас мы не работаем; ответим утром.' },
    });
    await expectAccessible(page, 'working hours (en)');
    await page.getByRole('heading', { level: 1, name: 'Working hours' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'pc-en-hours');
  });

  it('gives a department hours of its own, in Russian on a phone', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Часы работы' }).click();
    await page.getByRole('heading', { level: 1, name: 'Часы работы' }).waitFor();
    const support = page.getByRole('form', { name: /Часы отдела Support/ });
    await support.getByRole('radio', { name: 'Свои часы' }).check();
    const sunday = support.getByRole('group', { name: 'Воскресенье', exact: true });
    await sunday.getByRole('checkbox', { name: 'Открыто' }).check();
    await sunday.getByRole('button', { name: 'Добавить часы: Воскресенье' }).click();
    // The second span overlaps the first: said beside Sunday.
    await sunday.getByRole('group', { name: 'Воскресенье, часы 2' }).getByLabel('С', { exact: true }).fill('17:00');
    await support.getByRole('button', { name: 'Сохранить' }).click();
    await sunday.getByText('Промежутки пересекаются').waitFor();
    await sunday.getByRole('group', { name: 'Воскресенье, часы 2' }).getByLabel('С', { exact: true }).fill('19:00');
    await support.getByRole('button', { name: 'Сохранить' }).click();
    await support.getByRole('status').filter({ hasText: 'Сохранено.' }).waitFor();
    const dep = (await hours()).departments.find((d) => d.code === 'support');
    expect(dep?.hours?.week.sunday).toEqual([
      { from: '09:00', to: '18:00' },
      { from: '19:00', to: '21:00' },
    ]);
    await expectAccessible(page, 'working hours (ru, phone)');
    await support.getByRole('heading', { name: /Часы отдела Support/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'phone-ru-hours');
  });
});
