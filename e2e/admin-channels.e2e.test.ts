import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTelegramServer, type TelegramServer } from '../test/telegram-server';
import { startReceiver, type Receiver } from '../test/webhook-receiver';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, screenshot, signIn } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

type ChannelJson = { id: number; kind: string; name: string; telegram: { username: string } | null; widget: { key: string; snippet: string } | null };
type HealthJson = { lastDeliveredAt: number | null; failing: number; waiting: number; lastError: string | null };

// Settings → Channels as an administrator uses them: an API channel whose webhook fails, seen failing in
// its health with the receiver's error, then delivered after Retry; a Telegram bot connected against a
// local Bot API server (a token Telegram does not know said beside its field); a web widget and its
// snippet copied. Russian on a phone; an operator has no such screen.
describe.runIf(browserAvailable())('the Channels settings screen', () => {
  let w: World;
  let browser: Browser;
  let tg: TelegramServer;
  let crm: Receiver; // the customer's webhook receiver: fails until the test fixes it
  const pages: Page[] = [];
  const ADMIN = 'anna@example.test';
  const channels = async () => (await w.admin.call('GET', '/api/v1/channels')).channels as ChannelJson[];
  const health = async (id: number) => (await w.admin.call('GET', `/api/v1/channels/${id}/health`)).health as HealthJson;
  /** An administrator's page on Settings → Channels (English, PC), allowed to use the clipboard. */
  const channelsScreen = async () => {
    const { page, context } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.server.url });
    await signIn(page, w.server.url, ADMIN, 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    return page;
  };

  beforeAll(async () => {
    tg = await startTelegramServer();
    crm = await startReceiver(() => 500);
    [w, browser] = await worldAndBrowser({ world: () => buildWorld({ TELEGRAM_API_ROOT: tg.url }), browser: launch });
  });
  afterEach(async (ctx) => {
    await keepFailureShot(pages[0], ctx.task.name, ctx.task.result?.state === 'fail');
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
    await crm?.close();
    await tg?.close();
  });

  it('an administrator adds an API channel whose webhook fails, sees why in its health, and brings it back with Retry (en, PC)', async () => {
    const page = await channelsScreen();
    expect(new URL(page.url()).hash).toBe('#/settings/channels');
    await page
      .getByRole('row', { name: /shop\.json API/ })
      .getByText('API', { exact: true })
      .waitFor();

    // An API channel: a URL that is not one is said beside the field; then the receiver's.
    await page.getByRole('button', { name: 'Add channel' }).click();
    const add = page.getByRole('dialog', { name: 'Add a channel' });
    await add.getByRole('radio', { name: 'API' }).check();
    await add.getByRole('textbox', { name: 'Name' }).fill('CRM');
    const url = add.getByRole('textbox', { name: 'Webhook URL' });
    await url.fill('ftp://crm.example.com/hook');
    await add.getByRole('button', { name: 'Create' }).click();
    await add.locator('#channel-webhook-err').filter({ hasText: 'starting with http:// or https://' }).waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await url.getAttribute('aria-describedby')).toContain('channel-webhook-err');
    await url.fill(crm.url);
    await add.getByRole('button', { name: 'Create' }).click();
    // The secret, once, with Copy.
    const ready = page.getByRole('dialog', { name: 'Channel CRM is ready' });
    await ready.getByText('it will not be shown again').waitFor();
    const secret = await ready.getByRole('textbox', { name: 'Webhook secret' }).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await ready.getByRole('button', { name: 'Copy Webhook secret' }).click();
    await ready.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectAccessible(page, 'the new API channel and its secret (en)');
    await ready.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('status').filter({ hasText: 'CRM added.' }).waitFor();
    const crmChannel = (await channels()).filter((c) => c.name === 'CRM');
    expect(crmChannel).toHaveLength(1); // the refused attempt left nothing behind
    const crmId = crmChannel[0]!.id;
    expect(await page.content()).not.toContain(secret);

    // A lead writes through it; the bot's answer cannot reach the receiver.
    await w.admin.call(
      'POST',
      `/api/v1/channels/${crmId}/inbound`,
      { lead: { messengerId: 'crm-1', name: 'Vera' }, message: { clientMessageId: 'crm-m1', text: 'Hello' } },
      { authorization: `Bearer ${w.token}` },
    );
    const row = page.getByRole('row', { name: /CRM/ });
    await row.getByText('1 failing').waitFor();
    await page.getByRole('button', { name: 'Details of CRM' }).click();
    const details = page.getByRole('dialog', { name: 'CRM' });
    await details.getByText('HTTP 500: receiver says 500').first().waitFor();
    await details.getByRole('heading', { name: 'Failed deliveries' }).waitFor();
    const retry = details.getByRole('button', { name: /^Retry delivery #/ });
    await retry.waitFor();
    await expectAccessible(page, 'a failing channel (en)');
    await screenshot(page, 'pc-en-channels-health');

    // The receiver is fixed at the moment Retry is pressed (so the worker's own back-off does not get
    // there first), and the delivery goes through: the health says so.
    await page.route('**/api/v1/channels/*/deliveries/*/retry', async (route) => {
      crm.respond = () => 200;
      await route.continue();
    });
    await retry.click();
    await details
      .getByRole('status')
      .filter({ hasText: /Sent again|delivered meanwhile/ })
      .waitFor();
    await details.getByText('None.').waitFor();
    await expect.poll(async () => (await health(crmId)).failing).toBe(0);
    const after = await health(crmId);
    expect(after).toMatchObject({ failing: 0, waiting: 0, lastError: null });
    expect(after.lastDeliveredAt).toEqual(expect.any(Number));
    expect(crm.receipts.at(-1)?.body).toContain('crm-1');
    await details.getByRole('button', { name: 'Done' }).click();
    await row.getByText('Delivering').waitFor();
    // A long walk on a machine shared with other runs: the bot's answer, the worker and four axe checks.
  }, 60_000);

  it('an administrator connects a Telegram bot: an unknown token is refused beside its field, then the bot is polled (en, PC)', async () => {
    const page = await channelsScreen();
    const add = page.getByRole('dialog', { name: 'Add a channel' });
    // Telegram: a token Telegram does not know is said beside its field, and nothing is created.
    const bot = tg.addBot({ username: 'pottery_shop_bot' });
    await page.getByRole('button', { name: 'Add channel' }).click();
    await add.getByRole('radio', { name: 'Telegram' }).check();
    await add.getByRole('textbox', { name: 'Name' }).fill('Shop in Telegram');
    const token = add.getByLabel('Bot token');
    await token.fill('123456789:AAunknown-token-xxxxxxxxxxxxxx');
    await add.getByRole('button', { name: 'Connect' }).click();
    await add.locator('#channel-token-err').filter({ hasText: 'Telegram does not know this token' }).waitFor();
    expect(await token.getAttribute('aria-invalid')).toBe('true');
    expect((await channels()).filter((c) => c.kind === 'telegram')).toEqual([]);
    await expectAccessible(page, 'a Telegram token refused (en)');
    await token.fill(bot.token);
    await add.getByRole('button', { name: 'Connect' }).click();
    // Connecting asks Telegram twice (getMe, then deleteWebhook for polling) before answering: on a busy
    // machine that has taken over the default 15 s, so this one wait is longer.
    await page
      .getByRole('dialog', { name: 'Channel Shop in Telegram is ready' })
      .getByText('Connected to @pottery_shop_bot: this server asks Telegram for updates (polling).')
      .waitFor({ timeout: 40_000 });
    await page.getByRole('button', { name: 'Done' }).click();
    await page
      .getByRole('row', { name: /Shop in Telegram/ })
      .getByText('@pottery_shop_bot')
      .waitFor();
    expect((await channels()).find((c) => c.kind === 'telegram')?.telegram?.username).toBe('pottery_shop_bot');
    expect(await page.content()).not.toContain(bot.token);
    // The server polls the bot (getUpdates at the local Bot API server), and the details say so.
    await tg.waitForCall((c) => c.token === bot.token && c.methodLower === 'getupdates');
    await page.getByRole('button', { name: 'Details of Shop in Telegram' }).click();
    await page.getByRole('dialog', { name: 'Shop in Telegram' }).getByText('A server is polling now.').waitFor();
    await page.getByRole('dialog', { name: 'Shop in Telegram' }).getByRole('button', { name: 'Done' }).click();
  }, 90_000);

  it('an administrator adds a web widget and copies its snippet (en, PC)', async () => {
    const page = await channelsScreen();
    const add = page.getByRole('dialog', { name: 'Add a channel' });
    // A widget: a site that is not an address is said beside its field; then the snippet to copy.
    await page.getByRole('button', { name: 'Add channel' }).click();
    await add.getByRole('radio', { name: 'Web widget' }).check();
    await add.getByRole('textbox', { name: 'Name' }).fill('Website chat');
    await add.getByRole('textbox', { name: 'Title' }).fill('Pottery help');
    const origins = add.getByRole('textbox', { name: 'Sites allowed' });
    await origins.fill('shop.example.com');
    await add.getByRole('button', { name: 'Create' }).click();
    await add.locator('#channel-widget-origins-err').filter({ hasText: 'starting with http:// or https://' }).waitFor();
    await origins.fill('https://shop.example.com');
    await add.getByRole('button', { name: 'Create' }).click();
    const widget = page.getByRole('dialog', { name: 'Channel Website chat is ready' });
    const snippet = await widget.getByRole('textbox', { name: 'Snippet' }).inputValue();
    const created = (await channels()).find((c) => c.name === 'Website chat');
    expect(created?.widget?.snippet).toBe(snippet);
    expect(snippet).toContain(`data-key="${created?.widget?.key}"`);
    expect(snippet).toContain('/widget.js');
    await widget.getByRole('button', { name: 'Copy Snippet' }).click();
    await widget.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    await expectAccessible(page, 'the new widget and its snippet (en)');
    await screenshot(page, 'pc-en-channels-widget');
    await widget.getByRole('button', { name: 'Done' }).click();
    await page
      .getByRole('row', { name: /Website chat/ })
      .getByText('Live (visitors’ own connection)')
      .waitFor();
    expect((await w.admin.call('GET', '/api/v1/channels')).channels.find((c: ChannelJson) => c.name === 'Website chat').widget.settings).toMatchObject({
      title: 'Pottery help',
      allowedOrigins: ['https://shop.example.com'],
    });
    await expectAccessible(page, 'channels (en)');
    await screenshot(page, 'pc-en-channels');

    // Its settings change later from its details: a colour that is not one is said beside its field.
    await page.getByRole('button', { name: 'Details of Website chat' }).click();
    const details = page.getByRole('dialog', { name: 'Website chat' });
    expect(await details.getByRole('textbox', { name: 'Snippet' }).inputValue()).toBe(snippet);
    const color = details.getByRole('textbox', { name: 'Accent colour' });
    await color.fill('orange');
    await details.getByRole('button', { name: 'Save' }).click();
    await details.locator('.field-error').filter({ hasText: 'Enter a colour as #rrggbb' }).waitFor();
    expect(await color.getAttribute('aria-invalid')).toBe('true');
    await color.fill('#aa3300');
    await details.getByRole('button', { name: 'Save' }).click();
    await details.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const saved = (await w.admin.call('GET', '/api/v1/channels')).channels.find((c: ChannelJson) => c.name === 'Website chat').widget.settings;
    expect(saved).toMatchObject({ color: '#aa3300', title: 'Pottery help', allowedOrigins: ['https://shop.example.com'] });
  }, 60_000);

  it('in Russian on a phone: channels as cards, a channel’s health and its new secret after a confirmation (ru, phone)', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Каналы' }).click();
    await page.getByRole('heading', { level: 1, name: 'Каналы' }).waitFor();
    const shop = page.getByRole('row', { name: /shop\.json API/ });
    await shop.locator('td[data-label="Вид"]').filter({ hasText: 'API' }).waitFor();
    await shop.locator('td[data-label="Состояние"]').waitFor();
    await expectAccessible(page, 'channels (ru, phone)');
    await screenshot(page, 'phone-ru-channels');

    await page.getByRole('button', { name: 'Подробнее: shop.json API' }).click();
    const details = page.getByRole('dialog', { name: 'shop.json API' });
    await details.getByText('Последняя доставка').waitFor();
    await details.getByRole('button', { name: 'Новый секрет' }).click();
    await page.getByRole('alertdialog', { name: 'Заменить секрет канала shop.json API?' }).getByRole('button', { name: 'Новый секрет' }).click();
    await details.getByText('больше он показан не будет').waitFor();
    expect((await details.getByRole('textbox', { name: 'Секрет вебхука' }).inputValue()).length).toBeGreaterThan(20);
    await expectAccessible(page, 'a channel’s details and new secret (ru, phone)');
    await screenshot(page, 'phone-ru-channels-details');
  });

  it('an operator has no Channels screen, even by its address', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, w.operators.pavel.email, 'en');
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    await page.goto(`${w.server.url}/inbox/waiting#/settings/channels`);
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Channels' }).count()).toBe(0);
  });
});
