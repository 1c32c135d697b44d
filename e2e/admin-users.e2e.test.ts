import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, screenshot, signIn } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

type UserJson = { id: number; name: string; email: string; maxDialogs: number; departmentIds: number[]; disabled: boolean };

// Settings → Users and the Audit log, as an administrator uses them: invite a user who then chooses a
// password from the link, edit, deactivate and reactivate, a reset link, signing a user out everywhere;
// then the audit log of it all. Russian on a phone; nothing for operators.
describe.runIf(browserAvailable())('the Users and Audit log settings screens', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  const ADMIN = 'anna@example.test';
  const user = async (email: string) => ((await w.admin.call('GET', '/api/v1/users')).users as UserJson[]).find((u) => u.email === email) as UserJson;
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

  it('an administrator invites, edits, deactivates, resets and signs out users, then reads the audit log (en, PC)', async () => {
    const { page, context } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.server.url });
    await signIn(page, w.server.url, ADMIN, 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings/users');
    const support = ((await w.admin.call('GET', '/api/v1/departments')).departments as { id: number; code: string }[]).find((d) => d.code === 'support')!;

    // Invite Irina: a wrong e-mail, then one already taken, each said beside the field; then the link.
    await page.getByRole('button', { name: 'Add user' }).click();
    const add = page.getByRole('dialog', { name: 'Add a user' });
    await add.getByRole('textbox', { name: 'Name' }).fill('Irina');
    const email = add.getByRole('textbox', { name: 'E-mail' });
    await email.fill('irina@');
    await add.getByRole('spinbutton', { name: 'Dialogs at once, at most' }).fill('3');
    await add.getByRole('checkbox', { name: 'Support' }).check();
    expect(await add.getByRole('checkbox', { name: 'Operator' }).isChecked()).toBe(true);
    expect(await add.getByRole('radio', { name: /Send an invitation link/ }).isChecked()).toBe(true);
    await add.getByRole('button', { name: 'Add' }).click();
    await add.locator('#user-email-err').filter({ hasText: 'This is not an e-mail address' }).waitFor();
    expect(await email.getAttribute('aria-describedby')).toContain('user-email-err');
    await expectAccessible(page, 'add a user, with an error (en)');
    await email.fill('olga@example.test');
    await add.getByRole('button', { name: 'Add' }).click();
    await add.locator('#user-email-err').filter({ hasText: 'A user with this e-mail already exists.' }).waitFor();
    await email.fill('irina@example.test');
    await add.getByRole('button', { name: 'Add' }).click();
    const invite = page.getByRole('dialog', { name: 'Invitation for Irina' });
    const inviteUrl = await invite.getByRole('textbox', { name: 'Link' }).inputValue();
    expect(inviteUrl).toMatch(/\/set-password#token=\S{10,}$/);
    await expectAccessible(page, 'the invitation link (en)');
    await invite.getByRole('button', { name: 'Copy' }).click();
    await invite.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
    await invite.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('status').filter({ hasText: 'Irina added.' }).waitFor();
    await page.getByRole('row', { name: /Irina/ }).getByText('Support').waitFor();
    expect(await user('irina@example.test')).toMatchObject({ maxDialogs: 3, departmentIds: [support.id], disabled: false });

    // Irina opens the link in her own browser, chooses a password and is in the workspace.
    const irina = (await openPage(browser, { lang: 'en', viewport: PC })).page;
    pages.push(irina);
    await irina.goto(inviteUrl);
    await irina.getByRole('heading', { name: 'Choose a password' }).waitFor();
    await irina.getByLabel('New password (8 characters or more)').fill('irina-secret-1');
    await irina.getByLabel('The same password again').fill('irina-secret-2');
    await irina.getByRole('button', { name: 'Set the password and sign in' }).click();
    await irina.locator('#set-repeat-err').filter({ hasText: 'The two passwords differ.' }).waitFor();
    await irina.getByLabel('The same password again').fill('irina-secret-1');
    await irina.getByRole('button', { name: 'Set the password and sign in' }).click();
    await irina.getByRole('button', { name: 'Account menu of Irina' }).waitFor();
    await irina.getByRole('switch', { name: 'Online' }).waitFor();
    expect(new URL(irina.url()).hash).toBe('');
    // The link worked once: used again, the server's reason and the way to sign in.
    await irina.goto(inviteUrl);
    await irina.getByLabel('New password (8 characters or more)').fill('irina-secret-3');
    await irina.getByLabel('The same password again').fill('irina-secret-3');
    await irina.getByRole('button', { name: 'Set the password and sign in' }).click();
    await irina.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    await irina
      .getByRole('alert')
      .filter({ hasText: /expired or was already used/ })
      .waitFor();
    await irina.getByRole('link', { name: 'Go to sign-in' }).waitFor();

    // Pavel: a limit out of range beside its field, then 7 dialogs and the Support department.
    await page.getByRole('button', { name: 'Actions for Pavel' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Pavel' });
    const limit = edit.getByRole('spinbutton', { name: 'Dialogs at once, at most' });
    await limit.fill('5000');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.locator('#user-maxDialogs-err').filter({ hasText: 'from 0 to 1000' }).waitFor();
    expect(await limit.getAttribute('aria-describedby')).toContain('user-maxDialogs-err');
    await limit.fill('7');
    await edit.getByRole('checkbox', { name: 'Support' }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Pavel saved.' }).waitFor();
    expect(await user('pavel@example.test')).toMatchObject({ maxDialogs: 7, departmentIds: [support.id] });
    await page.getByRole('row', { name: /Pavel/ }).getByText('0 / 7').waitFor();

    // Deactivate Pavel, then reactivate him, each after a confirmation.
    for (const [action, disabled] of [
      ['Deactivate', true],
      ['Reactivate', false],
    ] as const) {
      await page.getByRole('button', { name: 'Actions for Pavel' }).click();
      await page.getByRole('menuitem', { name: action }).click();
      await page
        .getByRole('alertdialog', { name: `${action} Pavel?` })
        .getByRole('button', { name: action })
        .click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pavel ${action.toLowerCase()}d.` })
        .waitFor();
      expect((await user('pavel@example.test')).disabled).toBe(disabled);
      expect(await page.getByRole('row', { name: /Pavel/ }).getByText('Deactivated').count()).toBe(disabled ? 1 : 0);
    }

    // A password reset link for Olga, to copy.
    await page.getByRole('button', { name: 'Actions for Olga' }).click();
    await page.getByRole('menuitem', { name: 'Password reset link' }).click();
    const reset = page.getByRole('dialog', { name: 'Password reset link for Olga' });
    expect(await reset.getByRole('textbox', { name: 'Link' }).inputValue()).toMatch(/\/set-password#token=/);
    await reset.getByText(/^The link works once, until /).waitFor();
    await reset.getByRole('button', { name: 'Done' }).click();

    // Olga, signed in elsewhere, is signed out everywhere.
    const olga = (await openPage(browser, { lang: 'en', viewport: PC })).page;
    pages.push(olga);
    await signIn(olga, w.server.url, w.operators.olga.email, 'en');
    await page.getByRole('button', { name: 'Actions for Olga' }).click();
    await page.getByRole('menuitem', { name: 'Sign out everywhere' }).click();
    await page.getByRole('alertdialog', { name: 'Sign Olga out everywhere?' }).getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('status').filter({ hasText: 'Olga is signed out everywhere.' }).waitFor();
    await olga.reload();
    await olga.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await olga.getByRole('switch', { name: 'Online' }).count()).toBe(0);

    await expectAccessible(page, 'users (en)');
    await screenshot(page, 'pc-en-users');

    // The audit log: what was done, by whom.
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const entries = page.getByRole('table', { name: 'Changes' });
    await entries.getByRole('cell', { name: 'User added' }).first().waitFor();
    await page.getByRole('combobox', { name: 'What' }).selectOption({ label: 'User changed' });
    await page.getByRole('combobox', { name: 'Who' }).selectOption({ label: 'Anna Admin' });
    const pavel = entries.getByRole('row').filter({ hasText: 'User Pavel' });
    // Details as "key: value" lines (the colon is drawn by CSS), departments by name.
    await pavel
      .filter({ hasText: /maxDialogs\s*7/ })
      .filter({ hasText: /departmentIds\s*Support/ })
      .waitFor();
    await pavel.filter({ hasText: /disabled\s*true/ }).waitFor();
    await pavel.filter({ hasText: /disabled\s*false/ }).waitFor();
    const rows = entries.getByRole('row');
    const texts = (await rows.allInnerTexts()).slice(1);
    expect(texts.length).toBe(3);
    for (const t of texts) expect(t).toMatch(/Anna Admin\s+User changed\s+User Pavel/);
    await page.getByRole('combobox', { name: 'What' }).selectOption({ label: 'User signed out everywhere' });
    await entries.getByRole('row').filter({ hasText: 'User Olga' }).filter({ hasText: 'Anna Admin' }).waitFor();
    await page.getByRole('combobox', { name: 'What' }).selectOption({ label: 'Any change' });
    await entries.getByRole('cell', { name: 'Password link made' }).waitFor();
    await expectAccessible(page, 'audit log (en)');
    await screenshot(page, 'pc-en-audit');
  });

  it('in Russian on a phone: the users as cards, and the audit log (ru, phone)', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('heading', { level: 1, name: 'Пользователи' }).waitFor();
    await page.getByRole('button', { name: 'Добавить пользователя' }).waitFor();
    const olga = page.getByRole('row', { name: /Olga/ });
    await olga.getByText('Оператор').waitFor();
    await olga.getByText(/^(Онлайн|Офлайн)$/).waitFor();
    await page
      .getByRole('row', { name: /Anna Admin/ })
      .getByText('Администратор, Оператор')
      .waitFor();
    await page.getByRole('button', { name: 'Действия: Olga' }).click();
    await page.getByRole('menuitem', { name: 'Выйти на всех устройствах' }).waitFor();
    await page.keyboard.press('Escape');
    await expectAccessible(page, 'users (ru, phone)');
    await screenshot(page, 'phone-ru-users');
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Журнал изменений' }).click();
    await page.getByRole('heading', { level: 1, name: 'Журнал изменений' }).waitFor();
    await page.getByRole('cell', { name: 'Добавлен пользователь' }).first().waitFor();
    await expectAccessible(page, 'audit log (ru, phone)');
  });

  it('an operator has no Settings: not Users, not the audit log, even by their address', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, w.operators.pavel.email, 'en');
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    for (const section of ['users', 'audit']) {
      await page.goto(`${w.server.url}/inbox/waiting#/settings/${section}`);
      await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
      expect(await page.getByRole('heading', { name: /Users|Audit log/ }).count()).toBe(0);
    }
  });
});
