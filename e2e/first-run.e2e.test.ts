import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type ServerProcess } from '../test/server-process';
import { browserAvailable, launch } from './browser';

// A person opens a fresh install, creates the owner account, and is signed in; later visitors get the sign-in form.
describe.runIf(browserAvailable())('first run in a browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-e2e-'));
    server = await startServer({ DATABASE_URL: `sqlite:${path.join(dir, 'md.db')}` });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets the first visitor create the owner account, in Russian', async () => {
    const page = await browser.newPage({ locale: 'ru-RU' });
    await page.goto(server.url);
    const form = page.locator('#setup');
    await form.getByLabel('Название бизнеса').fill('Гончарная мастерская');
    await form.getByLabel('Ваше имя').fill('Анна');
    await form.getByLabel('E-mail').fill('anna@example.test');
    await form.getByLabel('Пароль (от 8 символов)').fill('correct horse battery');
    await page.getByRole('button', { name: 'Создать владельца' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Анна (anna@example.test)');
    await page.reload();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Анна (anna@example.test)');
    await page.close();
  });

  it('shows a later visitor the sign-in form, which rejects a wrong password and accepts the right one', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(server.url);
    const form = page.locator('#login');
    await form.getByLabel('E-mail').fill('anna@example.test');
    await form.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#login .error').textContent()).not.toBe('');
    await form.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Анна (anna@example.test)');
    await page.close();
  });
});
