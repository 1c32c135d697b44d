import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, screenshot, signIn } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

type DepartmentJson = { id: number; code: string; name: string };
type TokenJson = { id: number; name: string; roles: string[]; lastUsedAt: number | null; revokedAt: number | null };

// Settings → Departments and API tokens, as an administrator uses them: add a department (a taken
// code said beside its field), rename and delete it; a new token whose secret is shown once, then
// revoked. Russian on a phone.
describe.runIf(browserAvailable())('the Departments and API tokens settings screens', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  const ADMIN = 'anna@example.test';
  const departments = async () => (await w.admin.call('GET', '/api/v1/departments')).departments as DepartmentJson[];
  const tokens = async () => (await w.admin.call('GET', '/api/v1/tokens')).tokens as TokenJson[];
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

  it('an administrator adds, renames and deletes a department, then creates and revokes a token (en, PC)', async () => {
    const { page, context } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.server.url });
    await signIn(page, w.server.url, ADMIN, 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    const sections = page.getByRole('navigation', { name: 'Settings sections' });
    await sections.getByRole('link', { name: 'Departments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Departments' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings/departments');
    // Support and who works in it (from the users).
    await page
      .getByRole('row', { name: /Support/ })
      .getByText('Olga')
      .waitFor();

    // Add Sales: a wrong code, then one already taken, each beside the field; then the right one.
    await page.getByRole('button', { name: 'Add department' }).click();
    const add = page.getByRole('dialog', { name: 'Add a department' });
    await add.getByRole('textbox', { name: 'Name' }).fill('Sales');
    const code = add.getByRole('textbox', { name: 'Code' });
    await code.fill('Sales!');
    await add.getByRole('button', { name: 'Add' }).click();
    await add.locator('#department-code-err').filter({ hasText: 'Use 1 to 32 characters' }).waitFor();
    await code.fill('support');
    await add.getByRole('button', { name: 'Add' }).click();
    await add.locator('#department-code-err').filter({ hasText: 'A department with this code already exists.' }).waitFor();
    expect(await code.getAttribute('aria-describedby')).toContain('department-code-err');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'add a department, code taken (en)');
    await code.fill('sales');
    await add.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('status').filter({ hasText: 'Sales added.' }).waitFor();
    await page.getByRole('row', { name: /Sales/ }).getByText('—').waitFor();
    expect((await departments()).find((d) => d.code === 'sales')).toMatchObject({ name: 'Sales' });

    // Rename it: only the name is sent.
    await page.getByRole('button', { name: 'Actions for Sales' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Sales' });
    await edit.getByRole('textbox', { name: 'Name' }).fill('Wholesale');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Wholesale saved.' }).waitFor();
    expect((await departments()).find((d) => d.code === 'sales')).toMatchObject({ name: 'Wholesale' });
    await expectAccessible(page, 'departments (en)');
    await screenshot(page, 'pc-en-departments');

    // Delete it, after a confirmation.
    await page.getByRole('button', { name: 'Actions for Wholesale' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('alertdialog', { name: 'Delete Wholesale?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Wholesale deleted.' }).waitFor();
    expect(await page.getByRole('row', { name: /Wholesale/ }).count()).toBe(0);
    expect((await departments()).map((d) => d.code)).toEqual(['support']);

    // A new token: a name is required; the secret is shown once, with Copy.
    await sections.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings/tokens');
    await page
      .getByRole('row', { name: /messenger/ })
      .getByText('Administrator')
      .waitFor();
    await page.getByRole('button', { name: 'New token' }).click();
    const create = page.getByRole('dialog', { name: 'New API token' });
    await create.getByRole('button', { name: 'Create' }).click();
    await create.locator('#token-name-err').filter({ hasText: 'Enter a name.' }).waitFor();
    await create.getByRole('textbox', { name: 'Name' }).fill('CRM sync');
    await create.getByRole('checkbox', { name: 'Administrator' }).uncheck();
    await create.getByRole('checkbox', { name: 'Viewer' }).check();
    await create.getByRole('button', { name: 'Create' }).click();
    const shown = page.getByRole('dialog', { name: 'Token CRM sync is ready' });
    await shown.getByText('it will not be shown again').waitFor();
    const secret = await shown.getByRole('textbox', { name: 'Secret' }).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await expectAccessible(page, 'the new token secret (en)');
    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('status').filter({ hasText: 'CRM sync created.' }).waitFor();
    const crm = page.getByRole('row', { name: /CRM sync/ });
    await crm.getByText('Viewer').waitFor();
    await crm.getByText('Never').waitFor();
    // Once: nowhere on the screen any more, and the API lists the token, not its secret.
    expect(await page.content()).not.toContain(secret);
    const listed = (await tokens()).find((k) => k.name === 'CRM sync');
    expect(listed).toMatchObject({ roles: ['viewer'], lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(await tokens())).not.toContain(secret);
    await expectAccessible(page, 'tokens (en)');
    await screenshot(page, 'pc-en-tokens');

    // Revoke it, after a confirmation.
    await page.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await page.getByRole('alertdialog', { name: 'Revoke CRM sync?' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'CRM sync revoked.' }).waitFor();
    await crm.getByText('Revoked').waitFor();
    expect(await page.getByRole('button', { name: 'Revoke CRM sync' }).count()).toBe(0);
    expect((await tokens()).find((k) => k.name === 'CRM sync')?.revokedAt).toEqual(expect.any(Number));

    // The requests a minute each token may make: a wrong value is said beside the field, nothing is sent.
    const rate = page.getByRole('form', { name: 'Rate limit' });
    const perMinute = rate.getByRole('spinbutton', { name: 'Requests a minute per token' });
    expect(await perMinute.inputValue()).toBe('3000');
    await perMinute.fill('0');
    await rate.getByRole('button', { name: 'Save' }).click();
    await rate.locator('#tokens-rate-err').filter({ hasText: 'A whole number from 1 to 100000.' }).waitFor();
    await perMinute.fill('120');
    await rate.getByRole('button', { name: 'Save' }).click();
    await rate.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await rate.locator('#tokens-rate-err').count()).toBe(0);
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings.apiRateLimitPerMinute).toBe(120);
  });

  it('in Russian on a phone: departments and tokens as cards (ru, phone)', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    const sections = page.getByRole('navigation', { name: 'Разделы настроек' });
    await sections.getByRole('link', { name: 'Отделы' }).click();
    await page.getByRole('heading', { level: 1, name: 'Отделы' }).waitFor();
    await page.getByRole('button', { name: 'Добавить отдел' }).waitFor();
    const support = page.getByRole('row', { name: /Support/ });
    // Each value under its column's name (drawn from data-label on a phone).
    await support.locator('td[data-label="Сотрудники"]').filter({ hasText: 'Olga' }).waitFor();
    await support.locator('td[data-label="Код"]').filter({ hasText: 'support' }).waitFor();
    await page.getByRole('button', { name: 'Действия: Support' }).click();
    await page.getByRole('menuitem', { name: 'Переименовать' }).waitFor();
    await page.getByRole('menuitem', { name: 'Удалить' }).waitFor();
    await page.keyboard.press('Escape');
    await expectAccessible(page, 'departments (ru, phone)');

    await sections.getByRole('link', { name: 'API-токены' }).click();
    await page.getByRole('heading', { level: 1, name: 'API-токены' }).waitFor();
    await page.getByRole('button', { name: 'Новый токен' }).waitFor();
    const messenger = page.getByRole('row', { name: /messenger/ });
    await messenger.getByText('Администратор').waitFor();
    await messenger.locator('td[data-label="Последнее использование"]').waitFor();
    await page.getByRole('button', { name: 'Отозвать messenger' }).waitFor();
    await expectAccessible(page, 'tokens (ru, phone)');
  });

  it('an operator has neither screen, even by its address', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, w.operators.pavel.email, 'en');
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    for (const section of ['departments', 'tokens']) {
      await page.goto(`${w.server.url}/inbox/waiting#/settings/${section}`);
      await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
      expect(await page.getByRole('heading', { name: /Departments|API tokens/ }).count()).toBe(0);
    }
  });
});
