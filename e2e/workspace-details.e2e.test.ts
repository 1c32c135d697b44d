import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { chimes, expectAccessible, keepFailureShot, message, openPage, row, screenshot, setHidden, signIn, T } from './workspace-page';
import { buildWorld, Client, PASSWORD, type World, worldAndBrowser } from './world';

// The small things that make the workspace real: drafts, the keyboard, quick replies, a list that
// holds still under the pointer, reopening, a composer that says why it is closed, dark theme, PWA.
describe.runIf(browserAvailable())('workspace details', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const t = T.en;
  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    await w.admin.call('POST', '/api/v1/quick-replies', { shortcut: 'hello', text: 'Hello! How can I help you today?' });
    await w.admin.call('POST', '/api/v1/quick-replies', { shortcut: 'bye', text: 'Thank you, have a nice day!' });
    for (let i = 1; i <= 12; i++) await w.leadSays('support', `lead-${i}`, 'Hello', `Lead ${String(i).padStart(2, '0')}`);
    ({ page } = await openPage(browser, { lang: 'en' }));
    await signIn(page, w.server.url, w.operators.pavel.email, 'en');
  });
  afterEach(async (ctx) => keepFailureShot(page, ctx.task.name, ctx.task.result?.state === 'fail'));
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('keeps a draft per dialog when switching and after a reload', async () => {
    await page.getByRole('tab', { name: t.all }).click();
    await row(page, 'Lead 01').click();
    await page.getByLabel(t.message).fill('A draft for lead one');
    await row(page, 'Lead 02').click();
    expect(await page.getByLabel(t.message).inputValue()).toBe('');
    await row(page, 'Lead 01').click();
    expect(await page.getByLabel(t.message).inputValue()).toBe('A draft for lead one');
    await page.reload();
    await page.getByLabel(t.message).waitFor();
    expect(await page.getByLabel(t.message).inputValue()).toBe('A draft for lead one');
    await page.getByLabel(t.message).fill('');
  });

  it('moves with j/k, opens with Enter, takes with t, closes with e, goes back with Esc, and "/" focuses search', async () => {
    await page.getByRole('log').click();
    await page.keyboard.press('Escape');
    await page.getByText('Choose a dialog on the left.').waitFor();
    const focusedLead = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.lead);
    await page.keyboard.press('j');
    await expect.poll(focusedLead).toBeTruthy();
    const first = await focusedLead();
    await page.keyboard.press('j');
    await expect.poll(focusedLead).not.toBe(first);
    const focused = await focusedLead();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`/inbox/all/${focused}`);
    await page.getByRole('button', { name: t.more }).waitFor();
    await page.getByRole('log').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inbox-search');
    await page.keyboard.press('Escape');
    await page.getByRole('log').click();
    // A bot conversation: "Take from the bot" is in the menu; open a waiting one to take with t.
    await w.leadSays('shop', 'kbd', 'позовите человека', 'Keyboard Lead');
    await page.getByRole('tab', { name: t.waiting }).click();
    await row(page, 'Keyboard Lead').click();
    await page.getByRole('button', { name: t.take }).waitFor();
    await page.getByRole('log').click();
    await page.keyboard.press('t');
    await page.getByRole('button', { name: t.close }).waitFor();
    await page.getByRole('log').click();
    await page.keyboard.press('e');
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
  });

  it('reopens a closed dialog', async () => {
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByRole('button', { name: t.close }).waitFor();
    await message(page, 'Pavel took the dialog').waitFor();
  });

  it('takes a bot conversation by writing into it', async () => {
    await page.getByRole('tab', { name: t.all }).click();
    await row(page, 'Lead 04').click();
    await page.getByText('Sending takes the dialog from the bot').waitFor();
    await page.getByLabel(t.message).fill('Hi, I am a person');
    await page.getByLabel(t.message).press('Enter');
    await page.getByRole('button', { name: t.close }).waitFor();
    await message(page, 'Pavel took the dialog').waitFor();
    await page.getByRole('tab', { name: t.mine }).click();
    await row(page, 'Lead 04').waitFor();
  });

  it('stays silent when muted, even with the page hidden', async () => {
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Mute sounds and reminders' }).click();
    await setHidden(page, true);
    const before = await chimes(page);
    await w.leadSays('support', 'lead-4', 'Are you there?');
    await row(page, 'Lead 04').filter({ hasText: 'Are you there?' }).waitFor();
    expect(await chimes(page)).toBe(before);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Mute sounds and reminders' }).click();
    await w.leadSays('support', 'lead-4', 'Hello?');
    await expect.poll(() => chimes(page)).toBe(before + 1);
    await setHidden(page, false);
  });

  it('offers quick replies after "/" and puts the chosen one in the composer', async () => {
    await row(page, 'Lead 04').click();
    await page.getByLabel(t.message).fill('/he');
    const list = page.getByRole('listbox', { name: 'Quick replies' });
    await list.getByRole('option', { name: /\/hello/ }).waitFor();
    expect(await list.getByRole('option').count()).toBe(1);
    await page.getByLabel(t.message).press('Enter');
    expect(await page.getByLabel(t.message).inputValue()).toBe('Hello! How can I help you today?');
    await page.getByLabel(t.message).press('Enter');
    await message(page, 'Hello! How can I help you today?').waitFor();
  });

  it('attaches a file dropped on the composer and an image pasted into it', async () => {
    await page.evaluate(() => {
      const file = (name: string, type: string, body: BlobPart) => {
        const dt = new DataTransfer();
        dt.items.add(new File([body], name, { type }));
        return dt;
      };
      const form = document.querySelector('form.composer')!;
      form.dispatchEvent(
        Object.assign(new Event('drop', { bubbles: true, cancelable: true }), { dataTransfer: file('notes.txt', 'text/plain', 'order 1042') }),
      );
      // A 1×1 PNG, as a screenshot pasted from the clipboard.
      const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) =>
        c.charCodeAt(0),
      );
      document
        .querySelector('textarea')!
        .dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: file('screenshot.png', 'image/png', png) }));
    });
    const attached = page.getByRole('list', { name: 'Attached files' });
    await attached.getByText('notes.txt').waitFor();
    await attached.getByText('screenshot.png').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log').getByRole('img', { name: 'screenshot.png' }).waitFor();
    await page
      .getByRole('log')
      .getByRole('link', { name: /notes\.txt/ })
      .waitFor();
  });

  it('searches and filters by bot and messenger, and keeps them in the address', async () => {
    await page.getByRole('tab', { name: t.all }).click();
    await page.getByLabel('Bot', { exact: true }).selectOption({ label: 'Бот-Магазин глиняных изделий' });
    await row(page, 'Lead 01').waitFor({ state: 'detached' });
    await row(page, 'Keyboard Lead').waitFor();
    expect(new URL(page.url()).searchParams.get('bot')).toBe(String(w.shop.botId));
    await page.reload();
    await row(page, 'Keyboard Lead').waitFor();
    expect(await row(page, 'Lead 01').count()).toBe(0);
    // The rows can come before the bots' list that fills the select: its value shows once the options are there.
    await expect.poll(() => page.getByLabel('Bot', { exact: true }).inputValue()).toBe(String(w.shop.botId));
    await page.getByLabel('Bot', { exact: true }).selectOption({ label: 'All bots' });
    await page.getByLabel('Messenger').selectOption({ label: 'Telegram' });
    await page.getByText('Nothing found').or(page.getByText('No conversations yet.')).waitFor();
    await page.getByLabel('Messenger').selectOption({ label: 'All messengers' });
    await page.getByLabel('Search dialogs').fill('Lead 07');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('Lead 07');
    await row(page, 'Lead 08').waitFor({ state: 'detached' });
    await row(page, 'Lead 07').waitFor();
    await page.getByLabel('Search dialogs').fill('');
    await row(page, 'Lead 08').waitFor();
  });

  it('holds the row under the pointer still when a new dialog arrives above it', async () => {
    await page.getByRole('tab', { name: t.all }).click();
    const target = row(page, 'Lead 09');
    await target.waitFor();
    const box = (await target.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const under = () =>
      page.evaluate(
        ([x, y]) => (document.elementFromPoint(x!, y!)?.closest('[data-lead]') as HTMLElement | null)?.textContent ?? '',
        [box.x + box.width / 2, box.y + box.height / 2],
      );
    expect(await under()).toContain('Lead 09');
    await w.leadSays('support', 'newcomer', 'Hello', 'Newcomer');
    await row(page, 'Newcomer').waitFor({ state: 'attached' });
    expect(await under()).toContain('Lead 09');
  });

  it("says why the composer is closed in another operator's dialog", async () => {
    const olga = new Client(w.server.url);
    await olga.call('POST', '/api/v1/auth/login', { email: w.operators.olga.email, password: PASSWORD });
    const lead = await w.leadSays('shop', 'taken', 'позовите человека', 'Taken Lead');
    await expect.poll(async () => (await olga.call('GET', `/api/v1/leads/${lead.leadId}`)).row.state).toBe('waiting');
    await olga.call('POST', `/api/v1/leads/${lead.leadId}/open`);
    await row(page, 'Taken Lead').click();
    await page.getByText('The dialog is with Olga. Ask to be invited to write.').waitFor();
    expect(await page.getByLabel(t.message).isDisabled()).toBe(true);
  });

  it('edits the lead on their page: a wrong phone is explained beside the field, a right one is saved normalised', async () => {
    await page.getByRole('tab', { name: t.all }).click();
    await row(page, 'Keyboard Lead').click();
    await page.getByRole('link', { name: 'Open the page of Keyboard Lead' }).click();
    await page.getByRole('heading', { name: 'Keyboard Lead' }).waitFor();
    // Its dialogs: the one Pavel took, closed, and the reopened one.
    const dialogs = page.getByRole('region', { name: 'Dialogs' });
    await dialogs.getByText('Closed').waitFor();
    expect(await dialogs.getByRole('listitem').count()).toBe(2);
    await page.getByLabel('Phone').fill('call me maybe');
    await page.getByRole('button', { name: 'Save' }).click();
    const phone = page.getByLabel('Phone');
    await page.locator('#lead-phone-err').filter({ hasText: 'This is not a phone number' }).waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    await phone.fill('8 (999) 555-01-02');
    await page.getByLabel('Tags (comma-separated)').fill('vip, callback');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await phone.inputValue()).toBe('+79995550102');
    await page.getByRole('button', { name: t.back }).click();
    await page.getByRole('complementary').getByText('vip').waitFor();
  });

  it('shows a viewer the workspace read-only, saying why', async () => {
    await w.admin.call('POST', '/api/v1/users', { name: 'Vera Viewer', email: 'vera@example.test', password: PASSWORD, roles: ['viewer'] });
    const v = await openPage(browser, { lang: 'en' });
    await v.page.goto(w.server.url);
    await v.page.getByLabel('E-mail').fill('vera@example.test');
    await v.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await v.page.getByRole('button', { name: 'Sign in' }).click();
    await v.page.getByRole('tab', { name: t.all }).click();
    await row(v.page, 'Lead 03').click();
    await v.page.getByText('Your role lets you read dialogs, not write in them.').waitFor();
    expect(await v.page.getByLabel(t.message).isDisabled()).toBe(true);
    expect(await v.page.getByRole('switch').count()).toBe(0); // not an operator: no Online/Offline
    expect(await v.page.getByRole('button', { name: t.more }).count()).toBe(0);
    await v.context.close();
  });

  it('switches the language from the avatar menu, and remembers it', async () => {
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitemradio', { name: 'Русский' }).click();
    await page.getByRole('tab', { name: T.ru.waiting }).waitFor();
    await page.reload();
    await page.getByRole('tab', { name: T.ru.waiting }).waitFor();
    await page.getByRole('button', { name: /Меню учётной записи/ }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await page.getByRole('tab', { name: t.waiting }).waitFor();
  });

  it("follows the system's dark theme and stays accessible in it", async () => {
    const dark = await openPage(browser, { lang: 'ru' });
    await dark.page.emulateMedia({ colorScheme: 'dark' });
    await signIn(dark.page, w.server.url, w.operators.olga.email, 'ru');
    await dark.page.getByRole('tab', { name: T.ru.all }).click();
    await row(dark.page, 'Taken Lead').click();
    await dark.page.getByRole('log').waitFor();
    const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(15, 17, 21)');
    await expectAccessible(dark.page, 'dark dialog (ru)');
    await screenshot(dark.page, 'pc-ru-dark');
    await dark.context.close();
  });

  it('is installable: a manifest, icons and a service worker that never caches the API', async () => {
    const manifest = (await (await fetch(`${w.server.url}/manifest.webmanifest`)).json()) as { icons: { src: string }[]; start_url: string };
    expect(manifest.start_url).toBe('/inbox/waiting');
    for (const icon of manifest.icons) expect((await fetch(`${w.server.url}${icon.src}`)).status).toBe(200);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.filter((u) => u.startsWith('/api/'))).toEqual([]);
  });
});
