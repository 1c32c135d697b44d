import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, screenshot, signIn } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

// The Distribution settings, as an administrator sees them: the business's options, each department's,
// the routing script with its syntax check, and the simulator; Russian on a phone; nothing for operators.
describe.runIf(browserAvailable())('the Distribution settings screen', () => {
  let w: World;
  let browser: Browser;
  let page: Page | undefined;
  const ADMIN = 'anna@example.test';
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
  });
  afterEach(async (ctx) => {
    await keepFailureShot(page, ctx.task.name, ctx.task.result?.state === 'fail');
    await page?.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('an administrator sets distribution, a script and a department, and simulates a day (en, PC)', async () => {
    ({ page } = await openPage(browser, { lang: 'en', viewport: PC }));
    await signIn(page, w.server.url, ADMIN, 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Distribution' }).click();
    await page.getByRole('heading', { level: 1, name: 'Distribution' }).waitFor();

    // The business: automatic distribution on, reassignment after 120 s; kept across a reload.
    const business = page.getByRole('form', { name: 'The whole business' });
    await business.getByRole('switch', { name: 'Automatic distribution', exact: true }).click();
    const reassign = business.getByRole('spinbutton', { name: /Give an unanswered dialog to someone else after/ });
    await reassign.fill('5');
    await business.getByRole('button', { name: 'Save' }).click();
    // Out of range: said beside the field, and nothing sent.
    await page.locator('#dist-reassign-err').filter({ hasText: 'from 30 to 86400' }).waitFor();
    expect(await reassign.getAttribute('aria-describedby')).toContain('dist-reassign-err');
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings).toMatchObject({ autoAssign: false, reassignAfterSec: null });
    await reassign.fill('120');
    await business.getByRole('button', { name: 'Save' }).click();
    await business.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings).toMatchObject({ autoAssign: true, reassignAfterSec: 120 });
    await page.reload();
    const reloaded = page.getByRole('form', { name: 'The whole business' });
    expect(await reloaded.getByRole('switch', { name: 'Automatic distribution', exact: true }).getAttribute('aria-checked')).toBe('true');
    expect(await reloaded.getByRole('spinbutton', { name: /Give an unanswered dialog/ }).inputValue()).toBe('120');
    await expectAccessible(page, 'distribution settings (en)');
    await screenshot(page, 'pc-en-settings');

    // The routing script: a syntax error beside the field, then a good one saved.
    const scriptSection = page.getByRole('region', { name: 'Routing script' });
    const code = scriptSection.getByRole('textbox', { name: 'Routing script' });
    await code.fill('const free = routing.operators({ available: true });\nreturn { operatorId: free[0].id ');
    await scriptSection.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#routing-code-err');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^The script does not parse: line \d/);
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await code.getAttribute('aria-describedby')).toContain('routing-code-err');
    const good = 'const free = routing.operators({ available: true });\nreturn free.length ? { operatorId: free[0].id } : null;';
    await code.fill(good);
    expect(await error.count()).toBe(0);
    await scriptSection.getByRole('button', { name: 'Save' }).click();
    await scriptSection.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await w.admin.call('GET', '/api/v1/routing/script')).script.code).toBe(good);

    // A department of its own: reassign after 300 s.
    await page.getByRole('combobox', { name: 'Reassignment for Support' }).selectOption('seconds');
    await page.getByRole('spinbutton', { name: 'Seconds before reassignment for Support' }).fill('300');
    await page.getByRole('button', { name: 'Save Support' }).click();
    await page
      .getByRole('row', { name: /Support/ })
      .getByRole('status')
      .filter({ hasText: 'Saved' })
      .waitFor();
    const depts = (await w.admin.call('GET', '/api/v1/departments')).departments as {
      code: string;
      reassignAfterSec: number | null;
      autoAssign: boolean | null;
    }[];
    expect(depts.find((d) => d.code === 'support')).toMatchObject({ reassignAfterSec: 300, autoAssign: null });

    // The simulator, with the saved script deciding.
    const sim = page.getByRole('region', { name: 'Simulator' });
    await sim.getByRole('spinbutton', { name: 'Dialogs per day' }).fill('2000');
    await sim.getByRole('combobox', { name: 'Who decides' }).selectOption('script');
    await sim.getByRole('button', { name: 'Run' }).click();
    const perOperator = sim.getByRole('table', { name: 'Per operator' });
    await perOperator.waitFor({ timeout: 30_000 });
    const waiting = sim.getByRole('table', { name: 'Waiting and first answer' }).getByRole('row', { name: /Waiting for an operator/ });
    expect(await waiting.getByRole('cell').nth(1).textContent()).toMatch(/^\d+(\.\d)? (sec|min|hr)/);
    for (const name of ['Anna Admin', 'Olga', 'Pavel']) await perOperator.getByRole('rowheader', { name }).waitFor();
    // Beside the tables, charts; each one's table for screen readers holds the numbers the visible table shows.
    await sim.getByRole('figure', { name: 'Waiting for an operator, seconds' }).waitFor();
    await sim.getByRole('figure', { name: 'First answer, seconds' }).waitFor();
    const dialogsChart = sim.getByRole('figure', { name: 'Dialogs of each operator' }).getByRole('table');
    const dialogsOf = async (table: typeof perOperator, name: string) => {
      const cell = table
        .getByRole('row')
        .filter({ has: table.page().getByRole('rowheader', { name, exact: true }) })
        .getByRole('cell')
        .first();
      return Number((await cell.textContent())?.replace(/\D/g, ''));
    };
    for (const name of ['Anna Admin', 'Olga', 'Pavel']) expect(await dialogsOf(dialogsChart, name)).toBe(await dialogsOf(perOperator, name));
    await sim.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'simulator results (en)');
    await screenshot(page, 'pc-en-settings-simulator');

    // Back to the built-in rule, after a confirmation.
    await scriptSection.getByRole('button', { name: 'Use the built-in rule' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete the script' }).click();
    await scriptSection.getByRole('status').filter({ hasText: 'The built-in rule decides now.' }).waitFor();
    expect((await w.admin.call('GET', '/api/v1/routing/script')).script).toBeNull();

    // And back to the dialogs.
    await page.getByRole('link', { name: 'Back to the dialogs' }).click();
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
  }, 90_000); // a walk through the whole screen and a simulation: long on a busy machine

  it('in Russian on a phone: the same screen, stacked, saves a setting (ru, phone)', async () => {
    ({ page } = await openPage(browser, { lang: 'ru', viewport: PHONE }));
    await signIn(page, w.server.url, ADMIN, 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    const nav = page.getByRole('navigation', { name: 'Разделы настроек' });
    await nav.getByRole('link', { name: 'Распределение' }).click();
    await page.getByRole('heading', { level: 1, name: 'Распределение' }).waitFor();
    // The sections are one row (it scrolls sideways), the current one in sight: the section starts near the top.
    const links = await nav.getByRole('list').getByRole('link').all();
    const tops = new Set(await Promise.all(links.map(async (l) => Math.round((await l.boundingBox())!.y))));
    expect(tops.size).toBe(1);
    await expect
      .poll(() =>
        nav.getByRole('link', { name: 'Распределение' }).evaluate((a) => {
          const r = a.getBoundingClientRect();
          return r.left >= 0 && r.right <= window.innerWidth;
        }),
      )
      .toBe(true);
    const business = page.getByRole('form', { name: 'Весь бизнес' });
    await business.getByRole('switch', { name: 'Автоматическое распределение', exact: true }).waitFor();
    await business.getByRole('spinbutton', { name: /Передать другому диалог без ответа/ }).waitFor();
    await page.getByRole('combobox', { name: 'Передача диалогов отдела Support' }).waitFor();
    await business.getByRole('switch', { name: 'Сначала прежнему оператору лида' }).click();
    await business.getByRole('button', { name: 'Сохранить' }).click();
    await business.getByRole('status').filter({ hasText: 'Сохранено.' }).waitFor();
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings.preferPreviousOperator).toBe(true);
    await expectAccessible(page, 'distribution settings (ru, phone)');
    await page.getByRole('navigation', { name: 'Разделы настроек' }).evaluate((e) => e.scrollIntoView());
    await screenshot(page, 'phone-ru-settings');
  });

  it('an operator without the admin role has no Settings, even by its address', async () => {
    ({ page } = await openPage(browser, { lang: 'en', viewport: PC }));
    await signIn(page, w.server.url, w.operators.olga.email, 'en');
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await page.goto(`${w.server.url}/inbox/waiting#/settings/distribution`);
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Distribution' }).count()).toBe(0);
  });
});
