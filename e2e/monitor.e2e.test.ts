import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, message, openPage, PC, PHONE, screenshot, signIn } from './workspace-page';
import { buildWorld, Client, PASSWORD, type World } from './world';
import { worldAndBrowser } from './world';

// Settings → Live monitor as a supervisor watches it: a lead transferred to Support raises the queue
// without a reload, misses the department's 5-second target and shows under "Breached now"; an operator
// taking it empties the queue and raises their load, live. A viewer sees the same on a phone, in Russian.
describe.runIf(browserAvailable())('the live monitor', () => {
  let w: World;
  let browser: Browser;
  let olga: Client;
  const pages: Page[] = [];
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    const departments = (await w.admin.call('GET', '/api/v1/departments')).departments as { id: number; code: string }[];
    const support = departments.find((d) => d.code === 'support')!;
    await w.admin.call('PATCH', `/api/v1/departments/${support.id}`, { firstResponseTargetSec: 5 });
    await w.admin.call('PATCH', `/api/v1/users/${w.operators.olga.id}`, { maxDialogs: 4 });
    await w.admin.call('POST', '/api/v1/users', { name: 'Vera Viewer', email: 'vera@example.test', password: PASSWORD, roles: ['viewer'] });
    olga = new Client(w.server.url);
    await olga.call('POST', '/api/v1/auth/login', { email: w.operators.olga.email, password: PASSWORD });
  });
  afterEach(async (ctx) => {
    await keepFailureShot(pages[0], ctx.task.name, ctx.task.result?.state === 'fail');
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  const bearer = () => ({ authorization: `Bearer ${w.token}` });
  const transfer = async (messengerId: string, name: string, departmentCode?: string) => {
    const { leadId } = await w.leadSays('shop', messengerId, 'hello, is anybody there?', name);
    await w.admin.call('POST', `/api/v1/leads/${leadId}/transfer-to-operators`, departmentCode ? { departmentCode } : {}, bearer());
    return leadId;
  };
  const cells = (page: Page, table: RegExp, row: RegExp) => page.getByRole('table', { name: table }).getByRole('row', { name: row }).getByRole('cell');

  it('raises the queue, shows the missed target and the operator taking it, live (en, PC)', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, 'anna@example.test', 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Live monitor' }).click();
    await page.getByRole('heading', { level: 1, name: 'Live monitor' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings/monitor');
    const support = () => cells(page, /^Queue/, /Support/);
    await expect.poll(() => support().first().textContent()).toBe('0');
    await page.getByText('No targets missed.').waitFor();

    // A lead is transferred to Support: the queue grows without a reload.
    const leadId = await transfer('monitor-marta', 'Marta Monitor', 'support');
    await expect.poll(() => support().first().textContent()).toBe('1');
    await page
      .getByRole('heading', { name: /^Queue/ })
      .getByText('1 waiting')
      .waitFor();
    // Support answers within 5 seconds; nobody did: the dialog shows as breached, waiting in the queue.
    const breach = page.getByRole('table', { name: /^Breached now/ }).getByRole('row', { name: /Marta Monitor/ });
    await breach.waitFor({ timeout: 20_000 });
    expect(await breach.getByRole('cell').allTextContents()).toEqual(['Support', 'In the queue', 'First response', expect.stringMatching(/sec$/)]);
    expect(await support().nth(2).textContent()).toBe('1');

    // Olga takes it: the queue empties and her load goes up, live; the breach now names her.
    const olgaRow = () => cells(page, /^Operators/, /Olga/);
    expect(await olgaRow().nth(1).textContent()).toBe('0 / 4');
    const dialogId = (await w.admin.call('GET', `/api/v1/leads/${leadId}/dialogs`)).dialogs[0].id as number;
    await olga.call('POST', `/api/v1/dialogs/${dialogId}/take`);
    await expect.poll(() => support().first().textContent()).toBe('0');
    await expect.poll(() => olgaRow().nth(1).textContent()).toBe('1 / 4');
    expect(await olgaRow().last().textContent()).toBe('1'); // awaiting her answer
    await expect.poll(() => breach.getByRole('cell').nth(1).textContent()).toBe('Olga');

    // Her answer ends the breach and shows as her last reply.
    await olga.call('POST', `/api/v1/leads/${leadId}/messages`, { text: 'Hello, Olga here', clientMessageId: 'monitor-1' });
    await page.getByText('No targets missed.').waitFor();
    await expect.poll(() => olgaRow().last().textContent()).toBe('0');
    expect(await olgaRow().nth(4).textContent()).toMatch(/ago$/);

    // Another lead waits, for the screenshot: the queue and a fresh breach.
    await transfer('monitor-nikolai', 'Nikolai', 'support');
    await page
      .getByRole('table', { name: /^Breached now/ })
      .getByRole('row', { name: /Nikolai/ })
      .waitFor({ timeout: 20_000 });
    await expectAccessible(page, 'monitor');
    await screenshot(page, 'pc-en-monitor');

    // The lead's name opens their dialog in the workspace.
    await page.getByRole('link', { name: 'Open the dialog with Nikolai' }).click();
    await page.waitForURL(/\/inbox\/all\/\d+$/);
    await message(page, 'hello, is anybody there?').waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Live monitor' }).count()).toBe(0);
  }, 90_000);

  it('a viewer watches the same on a phone, in Russian, and sees a lead of no department join the queue', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, 'vera@example.test', 'ru', { operator: false });
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Монитор' }).click();
    await page.getByRole('heading', { level: 1, name: 'Монитор' }).waitFor();
    const olgaRow = cells(page, /^Операторы/, /Olga/);
    await expect.poll(() => olgaRow.nth(1).textContent()).toBe('1 / 4');
    await page
      .getByRole('table', { name: /^Нарушено сейчас/ })
      .getByRole('row', { name: /Nikolai/ })
      .waitFor();
    const none = () => cells(page, /^Очередь/, /Без отдела/);
    const before = Number(await none().first().textContent());

    await transfer('monitor-zoya', 'Зоя');
    await expect.poll(() => none().first().textContent()).toBe(String(before + 1));
    await expectAccessible(page, 'monitor-ru');
    await screenshot(page, 'phone-ru-monitor');
  });
});
