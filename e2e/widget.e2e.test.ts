import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, PHONE, screenshot } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

/** A customer's site on another origin: one page with the snippet, as the admin copied it. */
async function startSite(snippet: string): Promise<{ url: string; close(): Promise<void> }> {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pottery shop</title><style>body{font:16px Georgia,serif;color:#333} button{all:unset;color:red}</style></head>
<body><h1>Pottery shop</h1><p>Cups, plates and vases.</p>${snippet}</body></html>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const T = {
  en: { open: 'Open chat', close: 'Close chat', message: 'Message', send: 'Send' },
  ru: { open: 'Открыть чат', close: 'Закрыть чат', message: 'Сообщение', send: 'Отправить' },
};

// The web widget as a visitor uses it: on a site of another origin, against the real server, through a
// reload and a cut connection; the operator answers from the contact center.
describe.runIf(browserAvailable())('the web widget on a customer site', () => {
  let w: World;
  let browser: Browser;
  let proxy: TcpProxy;
  let site: Awaited<ReturnType<typeof startSite>>;
  let context: BrowserContext;
  let page: Page;
  let channelId: number;
  const chat = () => page.getByRole('dialog');
  const bubble = (text: string) => chat().getByText(text, { exact: true });

  beforeAll(async () => {
    [w, browser] = await worldAndBrowser({ world: () => buildWorld(), browser: launch });
    // The widget is loaded (and talks to the server) through a proxy the test can cut.
    proxy = await startTcpProxy(w.server.port);
    const created = await w.admin.call('POST', '/api/v1/channels', {
      botId: w.support.botId,
      kind: 'widget',
      name: 'Site chat',
      settings: { title: 'Pottery help' },
    });
    channelId = created.channel.id;
    const key = created.channel.widget.key as string;
    site = await startSite(`<script src="${proxy.url}/widget.js" data-key="${key}" async></script>`);
    // Only the site may embed it (its origin is known once it listens).
    await w.admin.call('PATCH', `/api/v1/channels/${channelId}`, { widget: { allowedOrigins: [new URL(site.url).origin] } });
    context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
  });
  afterEach(async (ctx) => keepFailureShot(page, `widget ${ctx.task.name}`, ctx.task.result?.state === 'fail'));
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await proxy?.close();
    await w?.close();
  });

  it('opens from the launcher, in a shadow root the site CSS does not reach, and the bot answers', async () => {
    await page.goto(site.url);
    await page.getByRole('button', { name: T.en.open }).click();
    await expect.poll(() => chat().getAttribute('aria-label')).toBe('Pottery help');
    // The site's `button { all: unset; color: red }` does not reach the widget's buttons.
    const color = await page.getByRole('button', { name: T.en.send }).evaluate((b) => getComputedStyle(b).color);
    expect(color).not.toBe('rgb(255, 0, 0)');
    await page.getByLabel(T.en.message).fill('Hello, I broke a cup');
    await page.getByRole('button', { name: T.en.send }).click();
    await bubble('Hello, I broke a cup').waitFor();
    // The support bot greets a first contact and asks for a phone.
    await chat()
      .getByText(/This is Pottery & Co\. support/)
      .waitFor();
    await chat().getByText('What is your phone number? We will call you back if the chat gets cut off.').waitFor();
    await expectAccessible(page, 'widget open (en)');
    await screenshot(page, 'widget-pc-en');
  });

  it('keeps the conversation through a reload', async () => {
    await page.reload();
    await page.getByRole('button', { name: T.en.open }).click();
    await bubble('Hello, I broke a cup').waitFor();
    await chat().getByText('What is your phone number? We will call you back if the chat gets cut off.').waitFor();
  });

  it('gets an operator’s reply live, with the operator’s name', async () => {
    await page.getByLabel(T.en.message).fill('+1 555 123 4567');
    await page.getByRole('button', { name: T.en.send }).click();
    await chat().getByText('Thank you! Connecting you to our support team, one moment please.').waitFor();
    const lead = await leadOf(w, channelId);
    await replyAsOperator(w, lead, 'Hi, this is Anna. Which cup was it?');
    await bubble('Hi, this is Anna. Which cup was it?').waitFor();
    await chat().getByText('Anna Admin', { exact: true }).first().waitFor();
    await screenshot(page, 'widget-pc-en-operator');
  });

  it('recovers what was sent while its connection was cut', async () => {
    proxy.cut();
    const lead = await leadOf(w, channelId);
    await replyAsOperator(w, lead, 'Are you still there?');
    proxy.restore();
    await bubble('Are you still there?').waitFor({ timeout: 45_000 });
    await page.getByLabel(T.en.message).fill('Yes, the blue one');
    await page.getByRole('button', { name: T.en.send }).click();
    await expect
      .poll(async () => (await w.admin.call('GET', `/api/v1/leads/${lead}/messages`)).messages.map((m: { text: string }) => m.text))
      .toContain('Yes, the blue one');
  });

  it('fills the screen on a phone, in Russian', async () => {
    const phone = await browser.newContext({ locale: 'ru-RU', viewport: PHONE, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    try {
      await p.goto(site.url);
      await p.getByRole('button', { name: T.ru.open }).click();
      const box = await p.getByRole('dialog').boundingBox();
      expect(box).not.toBeNull();
      expect(box!.width).toBeGreaterThanOrEqual(PHONE.width - 1);
      await p.getByLabel(T.ru.message).waitFor();
      await expectAccessible(p, 'widget phone (ru)');
      await screenshot(p, 'widget-phone-ru');
      await p.getByRole('button', { name: T.ru.close }).click();
      await p.getByRole('button', { name: T.ru.open }).waitFor();
    } finally {
      await phone.close();
    }
  });
});

async function leadOf(w: World, channelId: number): Promise<number> {
  const inbox = await w.admin.call('GET', '/api/v1/inbox?tab=all');
  const row = (inbox.rows as { leadId: number; channelId: number }[]).find((r) => r.channelId === channelId);
  if (!row) throw new Error('the visitor is not in the inbox');
  return row.leadId;
}

/** The admin (an operator too) answers: opening the dialog if needed, then writing. */
async function replyAsOperator(w: World, leadId: number, text: string): Promise<void> {
  await w.admin.call('POST', `/api/v1/leads/${leadId}/messages`, { text });
}
