import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../test/server-process';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, screenshot } from './workspace-page';

// A person opens a fresh install, creates the owner account, and is signed in; later visitors get the sign-in form.
describe.runIf(browserAvailable())('first run in a browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dir: string;
  let page: Page | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-e2e-'));
    [server, browser] = await Promise.all([startServer({ DATABASE_URL: `sqlite:${path.join(dir, 'md.db')}`, DATA_DIR: dir }), launch()]);
  });
  afterEach(async (ctx) => {
    await keepFailureShot(page, ctx.task.name, ctx.task.result?.state === 'fail');
    await page?.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets the first visitor create the owner account, in Russian, and opens the workspace', async () => {
    ({ page } = await openPage(browser, { lang: 'ru' }));
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Добро пожаловать в Metadesk' }).waitFor();
    await expectAccessible(page, 'setup (ru)');
    await screenshot(page, 'pc-ru-setup');
    await page.getByLabel('Язык').selectOption('en');
    await page.getByRole('heading', { name: 'Welcome to Metadesk' }).waitFor();
    await expectAccessible(page, 'setup (en)');
    await page.getByLabel('Language').selectOption('ru');
    await page.getByLabel('Название бизнеса').fill('Гончарная мастерская');
    await page.getByLabel('Ваше имя').fill('Анна');
    await page.getByLabel('E-mail').fill('anna@example.test');
    await page.getByLabel('Пароль (от 8 символов)').fill('correct horse battery');
    await page.getByRole('button', { name: 'Создать владельца' }).click();
    await page.getByRole('tab', { name: /^Ожидают/ }).waitFor();
    expect(await page.getByText('Гончарная мастерская').count()).toBe(1);
    await page.reload();
    await page.getByRole('tab', { name: /^Ожидают/ }).waitFor();
  });

  it('shows a later visitor the sign-in form, which rejects a wrong password and accepts the right one', async () => {
    ({ page } = await openPage(browser, { lang: 'en' }));
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign-in (en)');
    await screenshot(page, 'pc-en-sign-in');
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    await expectAccessible(page, 'sign-in (ru)');
    await page.getByLabel('Язык').selectOption('en');
    await page.getByLabel('E-mail').fill('anna@example.test');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page!.getByRole('alert').textContent()).not.toBe('');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor();
  });

  it('serves the page with a strict Content-Security-Policy and hashed assets cached for a year', async () => {
    const res = await fetch(`${server.url}/inbox/waiting`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const a = await fetch(`${server.url}${asset}`);
    expect(a.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // The API is never answered with the page.
    expect((await fetch(`${server.url}/api/v1/nothing-here`)).status).toBe(404);
  });
});
