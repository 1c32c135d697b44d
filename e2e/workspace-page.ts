/// <reference lib="dom" />
// The operator workspace as a person sees it: found by role and label, in either language.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from './world';

export const PC = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export type Lang = 'en' | 'ru';

/** Texts the tests look for, in both languages (the app's own texts come from its i18n files). */
export const T = {
  en: {
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    online: 'Online',
    waiting: /^Waiting/,
    mine: /^Mine/,
    all: /^All/,
    take: 'Take',
    close: 'Close',
    cancel: 'Cancel',
    message: 'Message to the lead',
    more: 'More actions',
    back: 'Back',
  },
  ru: {
    email: 'E-mail',
    password: 'Пароль',
    signIn: 'Войти',
    online: 'Онлайн',
    waiting: /^Ожидают/,
    mine: /^Мои/,
    all: /^Все/,
    take: 'Взять',
    close: 'Закрыть',
    cancel: 'Отмена',
    message: 'Сообщение лиду',
    more: 'Другие действия',
    back: 'Назад',
  },
} as const;

/**
 * A browser page whose visibility the test controls (Page Visibility API) and whose Web Audio
 * oscillators are counted: each chime starts two.
 */
export async function openPage(
  browser: Browser,
  o: { lang: Lang; viewport?: { width: number; height: number } },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: o.lang === 'ru' ? 'ru-RU' : 'en-US', viewport: o.viewport ?? PC });
  await context.addInitScript(() => {
    let hidden = false;
    Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
    const w = window as unknown as { __setHidden(h: boolean): void; __oscillators: number };
    w.__oscillators = 0;
    w.__setHidden = (h) => {
      hidden = h;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    // Desktop notifications shown (once the operator allowed them).
    const shown: string[] = [];
    (window as unknown as { __notifications: string[] }).__notifications = shown;
    const Native = window.Notification;
    class Counted extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(options?.body ?? title);
      }
    }
    window.Notification = Counted as typeof Notification;
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.__oscillators++;
      return create.call(this);
    };
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

export const setHidden = (page: Page, hidden: boolean) => page.evaluate((h) => (window as unknown as { __setHidden(h: boolean): void }).__setHidden(h), hidden);
/** Bodies of the desktop notifications shown so far. */
export const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications);
/** Chimes played so far (two oscillators each). */
export const chimes = (page: Page) => page.evaluate(() => (window as unknown as { __oscillators: number }).__oscillators / 2);

export async function signIn(page: Page, url: string, email: string, lang: Lang, o: { operator?: boolean } = {}): Promise<void> {
  await page.goto(url);
  await page.getByLabel(T[lang].email).fill(email);
  await page.getByLabel(T[lang].password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: T[lang].signIn }).click();
  // Operators land with their Online switch; others (a viewer, a bot editor) with the workspace's header.
  if (o.operator ?? true) await page.getByRole('switch', { name: T[lang].online }).waitFor();
  else await page.getByRole('banner').waitFor();
}

/** The row of a lead in the open tab of the dialog panel. */
export const row = (page: Page, name: string) => page.getByRole('link').filter({ hasText: name }).first();

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.help} → ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    ),
  ).toEqual([]);
}

const SHOTS = path.resolve(import.meta.dirname, '../docs/screenshots');
/** A screenshot for docs/ (the operator guide shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** After a failed test, what the page looked like (test-results/, kept by CI). */
export async function keepFailureShot(page: Page | undefined, name: string, failed: boolean): Promise<void> {
  if (!failed || !page) return;
  const dir = path.resolve(import.meta.dirname, '../test-results');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)}.png`) }).catch(() => undefined);
}

/** A line of the open dialog's history. */
export const message = (page: Page, text: string) => page.getByRole('log').getByRole('listitem').filter({ hasText: text }).first();
