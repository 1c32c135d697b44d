import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { chimes, keepFailureShot, message, notifications, openPage, row, screenshot, setHidden, signIn, T } from './workspace-page';
import { buildWorld, received, type World, worldAndBrowser } from './world';

// An operator's day in one browser, on a PC, in English: the lead is transferred by the demo bot,
// the operator hears it only while looking elsewhere, takes, answers, notes, sends a file, returns
// the lead to the bot at a chosen script and logs out Offline.
describe.runIf(browserAvailable())('an operator at a PC', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const t = T.en;
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    let context;
    ({ page, context } = await openPage(browser, { lang: 'en' }));
    await context.grantPermissions(['notifications'], { origin: w.server.url });
    await page.clock.install();
    await signIn(page, w.server.url, w.operators.olga.email, 'en');
  });
  afterEach(async (ctx) => keepFailureShot(page, ctx.task.name, ctx.task.result?.state === 'fail'));
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('is Online after signing in', async () => {
    expect(await page.getByRole('switch', { name: t.online }).getAttribute('aria-checked')).toBe('true');
    const me = await w.admin.call('GET', '/api/v1/users');
    expect(me.users.find((u: { id: number }) => u.id === w.operators.olga.id).status).toBe('online');
  });

  it('sees a lead the bot transferred appear in Waiting, with a badge and the count in the title', async () => {
    await w.leadSays('shop', 'anna-tg', 'Здравствуйте', 'Анна Петрова');
    await w.leadSays('shop', 'anna-tg', 'позовите человека');
    await row(page, 'Анна Петрова').waitFor();
    await expect.poll(() => page.getByRole('tab', { name: t.waiting }).textContent()).toContain('1');
    await expect.poll(() => page.title()).toBe('(1) Metadesk');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon-dot.svg');
    // The lead writes again while waiting: the row gets an unread badge.
    await w.leadSays('shop', 'anna-tg', 'Вы здесь?');
    await expect.poll(() => row(page, 'Анна Петрова').getByLabel('1 unread message').textContent()).toBe('1');
    await screenshot(page, 'pc-en-waiting');
  });

  it('hears a chime for a new lead message only while the page is hidden, and a reminder while it stays hidden', async () => {
    const before = await chimes(page);
    // Visible: the message arrives (the row shows it) and nothing plays.
    await w.leadSays('shop', 'anna-tg', 'Алло');
    await row(page, 'Анна Петрова').filter({ hasText: 'Алло' }).waitFor();
    expect(await chimes(page)).toBe(before);
    // Hidden: the next message chimes.
    await setHidden(page, true);
    await w.leadSays('shop', 'anna-tg', 'Ау!');
    await expect.poll(() => chimes(page)).toBe(before + 1);
    // The operator allowed desktop notifications: one says who is waiting.
    expect(await notifications(page)).toEqual(['Анна Петрова is waiting for an answer']);
    // Still hidden and unanswered: the reminder repeats every 60 s (the business default).
    await page.clock.fastForward('01:01');
    await expect.poll(() => chimes(page)).toBe(before + 2);
    await page.clock.fastForward('01:00');
    await expect.poll(() => chimes(page)).toBe(before + 3);
    // Visible again: time passes, no reminder.
    await setHidden(page, false);
    await page.clock.fastForward('02:00');
    await w.leadSays('shop', 'anna-tg', 'Жду');
    await row(page, 'Анна Петрова').filter({ hasText: 'Жду' }).waitFor();
    expect(await chimes(page)).toBe(before + 3);
  });

  it("takes the dialog and answers; the lead's messenger receives the answer", async () => {
    await row(page, 'Анна Петрова').click();
    await page.getByRole('button', { name: t.take }).click();
    await page.getByRole('button', { name: t.close }).waitFor();
    await expect.poll(() => page.getByRole('tab', { name: t.mine }).textContent()).toContain('1');
    await page.getByLabel(t.message).fill('Добрый день! Чем помочь?');
    await page.getByLabel(t.message).press('Enter');
    await message(page, 'Добрый день! Чем помочь?').waitFor();
    await expect.poll(() => received(w).some((b) => b.includes('Добрый день! Чем помочь?'))).toBe(true);
    await screenshot(page, 'pc-en-dialog');
  });

  it("adds an internal note that the lead's messenger never receives", async () => {
    await page.getByRole('radio', { name: 'Internal note' }).click();
    await page.getByLabel('Internal note (only operators see it)').fill('Постоянный клиент, скидка 5%');
    await page.getByRole('button', { name: 'Add note' }).click();
    await message(page, 'Постоянный клиент, скидка 5%').filter({ hasText: 'Internal note' }).waitFor();
    // The next real message reaches the webhook after the note would have: the note never does.
    await page.getByRole('radio', { name: 'Reply' }).click();
    await page.getByLabel(t.message).fill('Сейчас уточню');
    await page.getByLabel(t.message).press('Enter');
    await expect.poll(() => received(w).some((b) => b.includes('Сейчас уточню'))).toBe(true);
    expect(received(w).some((b) => b.includes('скидка 5%'))).toBe(false);
  });

  it("sends a file; the lead's messenger gets a signed link to it", async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'прайс.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% price list\n%%EOF\n') });
    await page.getByRole('list', { name: 'Attached files' }).getByText('прайс.pdf').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page
      .locator('.messages')
      .getByRole('link', { name: /прайс\.pdf/ })
      .waitFor();
    await expect.poll(() => received(w).find((b) => b.includes('прайс.pdf'))).toBeTruthy();
    const body = JSON.parse(received(w).find((b) => b.includes('прайс.pdf'))!) as { message: { attachments: { url: string }[] } };
    const file = await fetch(body.message.attachments[0]!.url);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('price list');
  });

  it('returns the lead to the bot at a chosen script, and the bot answers from it', async () => {
    await page.getByRole('button', { name: t.more }).click();
    await page.getByRole('menuitem', { name: 'Return to the bot…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return the lead to the bot' });
    await dialog.getByLabel('Script to start from').selectOption({ label: 'Кружки (mugs)' });
    await dialog.getByRole('button', { name: 'Return to the bot' }).click();
    await message(page, 'Returned to the bot, script mugs').waitFor();
    await message(page, 'Кружка 500 мл — 950 ₽').waitFor();
    await expect.poll(() => received(w).some((b) => b.includes('Кружка 500 мл'))).toBe(true);
  });

  it('logs out choosing Offline; the next transfer is not given to them', async () => {
    // While Online, the support bot's transfer script gives the dialog to Olga (support department).
    const first = await w.leadSays('support', 'bob', 'operator', 'Bob');
    await expect.poll(async () => (await w.admin.call('GET', `/api/v1/leads/${first.leadId}`)).row.dialog?.assigneeId).toBe(w.operators.olga.id);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Log out and set Offline (recommended)' }).click();
    await page.getByRole('button', { name: t.signIn }).waitFor();
    const second = await w.leadSays('support', 'carol', 'operator', 'Carol');
    await expect.poll(async () => (await w.admin.call('GET', `/api/v1/leads/${second.leadId}`)).row.state).toBe('waiting');
    expect((await w.admin.call('GET', `/api/v1/leads/${second.leadId}`)).row.dialog.assigneeId).toBeNull();
  });
});
