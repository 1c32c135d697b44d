import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, openPage, PC, PHONE, row, screenshot, signIn, T } from './workspace-page';
import { buildWorld, received, type World, worldAndBrowser } from './world';

// The satisfaction survey as people meet it: an administrator turns it on, an operator closes a
// dialog, the lead's messenger gets the question with buttons 1–5, the lead answers "5", and the
// lead's page shows the rating. The settings in Russian on a phone, with an empty text refused beside its field.
describe.runIf(browserAvailable())('the satisfaction survey', () => {
  let w: World;
  let browser: Browser;
  const pages: Page[] = [];
  const ADMIN = 'anna@example.test';
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

  it('an administrator turns it on; after the close the lead rates 5 and the lead page shows it (en, PC)', async () => {
    const t = T.en;
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Satisfaction' }).click();
    await page.getByRole('heading', { level: 1, name: 'Satisfaction survey' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings/csat');
    await page.getByRole('switch', { name: 'Ask leads to rate closed dialogs' }).click();
    await page.getByRole('textbox', { name: 'Question (English)' }).fill('How did we do? Rate us from 1 to 5.');
    await page.getByRole('switch', { name: 'Ask for a comment after the rating' }).click();
    await page.getByRole('textbox', { name: 'Request for a comment (English)' }).waitFor();
    await page.getByRole('switch', { name: 'Ask for a comment after the rating' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const csat = (await w.admin.call('GET', '/api/v1/business')).business.settings.csat;
    expect(csat).toMatchObject({ enabled: true, askComment: false, question: { en: 'How did we do? Rate us from 1 to 5.' } });
    await expectAccessible(page, 'satisfaction survey settings (en)');
    await screenshot(page, 'pc-en-csat');

    // A lead asks for a person; Anna takes the dialog and closes it.
    const { leadId } = await w.leadSays('shop', 'csat-lead', 'позовите человека', 'Rated Lead');
    await expect.poll(async () => (await w.admin.call('GET', `/api/v1/leads/${leadId}`)).row.state).toBe('waiting');
    await page.getByRole('link', { name: 'Back to the dialogs' }).click();
    await page.getByRole('tab', { name: t.all }).click();
    await row(page, 'Rated Lead').click();
    await page.getByRole('button', { name: t.take }).click();
    await page.getByRole('button', { name: t.close }).click();
    // The lead's messenger gets the question with its buttons.
    await expect.poll(() => received(w).find((b) => b.includes('How did we do?'))).toBeTruthy();
    const question = JSON.parse(received(w).find((b) => b.includes('How did we do?'))!) as { message: { payload: { buttons: { label: string }[] } } };
    expect(question.message.payload.buttons.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);

    // The lead presses "5": the lead's page shows the rating, and the "5" stays in the history.
    await w.leadSays('shop', 'csat-lead', '5');
    await page.getByRole('link', { name: 'Open the page of Rated Lead' }).click();
    await page.getByRole('heading', { name: 'Rated Lead' }).waitFor();
    const dialogs = page.getByRole('region', { name: 'Dialogs' });
    await dialogs.getByText('Rated 5/5').waitFor();
    await expect.poll(() => received(w).some((b) => b.includes('Thank you for your rating!'))).toBe(true);
    const history = (await w.admin.call('GET', `/api/v1/leads/${leadId}/messages`)).messages as { author: string; text: string }[];
    expect(history.filter((m) => m.author === 'lead').map((m) => m.text)).toContain('5');
    await expectAccessible(page, 'lead page with a rating (en)');
  });

  it('refuses an empty question beside its field (ru, phone)', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Оценка качества' }).click();
    await page.getByRole('heading', { level: 1, name: 'Оценка качества' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Просить лидов оценить закрытый диалог' }).getAttribute('aria-checked')).toBe('true');
    const question = page.getByRole('textbox', { name: 'Вопрос (Русский)' });
    await question.fill('  ');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('#csat-question-ru-err').filter({ hasText: 'Напишите текст.' }).waitFor();
    expect(await question.getAttribute('aria-invalid')).toBe('true');
    expect(await question.getAttribute('aria-describedby')).toBe('csat-question-ru-err');
    await expectAccessible(page, 'satisfaction survey settings (ru, phone)');
    await screenshot(page, 'phone-ru-csat');
    await question.fill('Оцените, пожалуйста, наш ответ');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('status').filter({ hasText: 'Сохранено' }).waitFor();
    expect((await w.admin.call('GET', '/api/v1/business')).business.settings.csat.question.ru).toBe('Оцените, пожалуйста, наш ответ');
  });
});
