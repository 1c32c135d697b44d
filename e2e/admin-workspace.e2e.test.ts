import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, row, screenshot, signIn, T } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

// Settings → Workspace as an administrator uses it: the reminder interval, and the business's quick
// replies added, refused, changed and deleted; an operator's composer then offers the new reply.
describe.runIf(browserAvailable())('the Workspace settings screen', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  const ADMIN = 'anna@example.test';
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    await w.leadSays('support', 'ws-lead-1', 'Hello, is anyone there?', 'Lead Vera');
  });
  afterEach(async (ctx) => {
    await keepFailureShot(pages[0], ctx.task.name, ctx.task.result?.state === 'fail');
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });
  const quickReplies = async () =>
    ((await w.admin.call('GET', '/api/v1/quick-replies')).quickReplies as { shortcut: string; text: string }[]).map((q) => [q.shortcut, q.text]);

  it('an administrator sets the reminder and manages quick replies; an operator is offered them (en, PC)', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Workspace' }).click();
    await page.getByRole('heading', { level: 1, name: 'Workspace' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings/workspace');

    // The reminder: out of range said beside the field and nothing saved; then 30 s saved.
    const reminders = page.getByRole('form', { name: 'Reminders and sounds' });
    await reminders.getByText(/only while the workspace page is hidden.*mute them in their own menu/).waitFor();
    const interval = reminders.getByRole('spinbutton', { name: 'Remind every, seconds' });
    expect(await interval.inputValue()).toBe('60');
    await interval.fill('5');
    await reminders.getByRole('button', { name: 'Save' }).click();
    await reminders.locator('#ws-reminder-err').filter({ hasText: 'from 10 to 3600' }).waitFor();
    expect(await interval.getAttribute('aria-describedby')).toContain('ws-reminder-err');
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings.reminderIntervalSec).toBe(60);
    await interval.fill('30');
    await reminders.getByRole('button', { name: 'Save' }).click();
    await reminders.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await reminders.locator('#ws-reminder-err').count()).toBe(0);
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings.reminderIntervalSec).toBe(30);

    // A quick reply added; shown in the list.
    const section = page.getByRole('region', { name: 'Quick replies' });
    await section.getByText('No quick replies yet.').waitFor();
    const add = section.getByRole('form', { name: 'Add a quick reply' });
    await add.getByRole('textbox', { name: 'Shortcut' }).fill('/thanks');
    await add.getByRole('textbox', { name: 'Text' }).fill('Thank you for waiting!');
    await add.getByRole('button', { name: 'Add' }).click();
    await section.getByRole('status').filter({ hasText: '/thanks added.' }).waitFor();
    const list = section.getByRole('table', { name: 'Quick replies' });
    await list.getByRole('rowheader', { name: '/thanks' }).waitFor();
    expect(await quickReplies()).toEqual([['thanks', 'Thank you for waiting!']]);
    expect(await add.getByRole('textbox', { name: 'Shortcut' }).inputValue()).toBe('');

    // The same shortcut again: refused beside the shortcut, nothing added; a bad one is refused before sending.
    await add.getByRole('textbox', { name: 'Shortcut' }).fill('thanks');
    await add.getByRole('textbox', { name: 'Text' }).fill('Thanks again');
    await add.getByRole('button', { name: 'Add' }).click();
    await add.locator('#ws-qr-shortcut-err').filter({ hasText: 'The shortcut /thanks is already taken.' }).waitFor();
    expect(await add.getByRole('textbox', { name: 'Shortcut' }).getAttribute('aria-invalid')).toBe('true');
    await add.getByRole('textbox', { name: 'Shortcut' }).fill('Two Words');
    await add.getByRole('button', { name: 'Add' }).click();
    await add.locator('#ws-qr-shortcut-err').filter({ hasText: 'lowercase letters' }).waitFor();
    expect(await quickReplies()).toEqual([['thanks', 'Thank you for waiting!']]);

    // Changed.
    await list.getByRole('button', { name: 'Edit /thanks' }).click();
    const edit = section.getByRole('form', { name: 'Change /thanks' });
    expect(await edit.getByRole('textbox', { name: 'Text' }).inputValue()).toBe('Thank you for waiting!');
    await edit.getByRole('textbox', { name: 'Text' }).fill('Thank you for waiting, I am with you now.');
    await edit.getByRole('button', { name: 'Save' }).click();
    await section.getByRole('status').filter({ hasText: '/thanks changed.' }).waitFor();
    await list.getByRole('cell', { name: 'Thank you for waiting, I am with you now.' }).waitFor();
    expect(await quickReplies()).toEqual([['thanks', 'Thank you for waiting, I am with you now.']]);
    await expectAccessible(page, 'workspace settings (en)');
    await screenshot(page, 'pc-en-workspace-settings');

    // An operator typing "/" and the shortcut is offered the reply.
    const { page: op } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(op);
    await signIn(op, w.server.url, w.operators.pavel.email, 'en');
    await op.getByRole('tab', { name: T.en.all }).click();
    await row(op, 'Lead Vera').click();
    await op.getByLabel(T.en.message).fill('/than');
    await op
      .getByRole('listbox', { name: 'Quick replies' })
      .getByRole('option', { name: /\/thanks/ })
      .waitFor();
    await op.getByLabel(T.en.message).press('Enter');
    expect(await op.getByLabel(T.en.message).inputValue()).toBe('Thank you for waiting, I am with you now.');

    // Deleted, after a confirmation.
    await list.getByRole('button', { name: 'Delete /thanks' }).click();
    await page.getByRole('alertdialog', { name: 'Delete /thanks?' }).getByRole('button', { name: 'Delete' }).click();
    await section.getByRole('status').filter({ hasText: '/thanks deleted.' }).waitFor();
    await section.getByText('No quick replies yet.').waitFor();
    expect(await quickReplies()).toEqual([]);
  });

  it('in Russian on a phone: the same screen (ru, phone)', async () => {
    await w.admin.call('POST', '/api/v1/quick-replies', { shortcut: 'привет', text: 'Здравствуйте! Чем могу помочь?' });
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Рабочее место' }).click();
    await page.getByRole('heading', { level: 1, name: 'Рабочее место' }).waitFor();
    const reminders = page.getByRole('form', { name: 'Напоминания и звуки' });
    expect(await reminders.getByRole('spinbutton', { name: 'Напоминать каждые, секунд' }).inputValue()).toBe('30');
    const section = page.getByRole('region', { name: 'Быстрые ответы' });
    await section.getByRole('table', { name: 'Быстрые ответы' }).getByRole('rowheader', { name: '/привет' }).waitFor();
    await section.getByRole('form', { name: 'Новый быстрый ответ' }).waitFor();
    await expectAccessible(page, 'workspace settings (ru, phone)');
    await page.getByRole('heading', { level: 1, name: 'Рабочее место' }).evaluate((e) => e.scrollIntoView());
    await screenshot(page, 'phone-ru-workspace-settings');
  });
});
