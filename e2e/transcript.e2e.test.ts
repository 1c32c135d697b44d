import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSmtpServer, type TestSmtp } from '../server/mail/smtp.testkit';
import { pdfText } from '../server/transcripts/pdf-text.testkit';
import { browserAvailable, launch } from './browser';
import { expectAccessible, keepFailureShot, message, openPage, PC, PHONE, row, screenshot, signIn } from './workspace-page';
import { buildWorld, type World, worldAndBrowser } from './world';

const SMTP_USER = 'desk@goncharny.test';
const SMTP_PASSWORD = 'smtp-pass-Vb52';

// Transcripts as people use them: an administrator sets the business's SMTP server in Settings →
// E-mail (a real SMTP server runs in the test) and sends a test message; an operator downloads a
// dialog's transcript as text and sends it as a PDF by e-mail, which arrives. English on a PC,
// Russian on a phone.
describe.runIf(browserAvailable())('dialog transcripts and the e-mail settings', () => {
  let w: World;
  let browser: Browser;
  let smtp: TestSmtp;
  const pages: Page[] = [];
  const ADMIN = 'anna@example.test';
  beforeAll(async () => {
    smtp = await startSmtpServer({ user: SMTP_USER, password: SMTP_PASSWORD });
    // The test's SMTP server is on 127.0.0.1: this installation allows that.
    [w, browser] = await worldAndBrowser({ world: () => buildWorld({ SMTP_ALLOW_PRIVATE: 'true' }), browser: launch });
  });
  afterEach(async (ctx) => {
    await keepFailureShot(pages[0], ctx.task.name, ctx.task.result?.state === 'fail');
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
    await smtp?.close();
  });

  it('an administrator sets the SMTP server in Settings → E-mail and sends a test message (en, PC)', async () => {
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'en');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'E-mail' }).click();
    await page.getByRole('heading', { level: 1, name: 'E-mail' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings/email');
    // Nothing set yet: the test message waits for the settings.
    await page.getByText('Save the SMTP server first').waitFor();
    expect(await page.getByRole('button', { name: 'Send a test message' }).isDisabled()).toBe(true);

    const form = page.getByRole('form', { name: 'SMTP server' });
    await form.getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await form.getByRole('spinbutton', { name: 'Port' }).fill(String(smtp.port));
    await form.getByRole('textbox', { name: 'Login' }).fill(SMTP_USER);
    await form.getByLabel('Password', { exact: true }).fill('a-wrong-password');
    const from = form.getByRole('textbox', { name: 'From address' });
    await from.fill('desk at goncharny');
    await form.getByRole('button', { name: 'Save' }).click();
    // A wrong address is said beside its field, and nothing is saved.
    await form.locator('#smtp-from-err').filter({ hasText: 'Enter an e-mail address' }).waitFor();
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    expect((await w.admin.call('GET', '/api/v1/business/smtp')).smtp).toBeNull();
    await from.fill(SMTP_USER);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // The password is write-only: the field is empty again, and the hint says one is kept.
    expect(await form.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await form.getByText('A password is saved and never shown').waitFor();

    // The server refuses the login: its own reply is shown.
    const test = page.getByRole('form', { name: 'Test message' });
    await test.getByRole('textbox', { name: 'Send to' }).fill('boss@goncharny.test');
    await test.getByRole('button', { name: 'Send a test message' }).click();
    await test
      .getByRole('alert')
      .filter({ hasText: /The mail server refused: .*535 Authentication credentials invalid/ })
      .waitFor();
    expect(smtp.received).toHaveLength(0);

    // The right password, then the test message arrives.
    await form.getByLabel('Password', { exact: true }).fill(SMTP_PASSWORD);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await test.getByRole('button', { name: 'Send a test message' }).click();
    await test.getByRole('status').filter({ hasText: 'Sent to boss@goncharny.test: the server accepted it.' }).waitFor();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.recipients).toEqual(['boss@goncharny.test']);
    expect(mail!.mail.subject).toBe('Metadesk: test message');
    expect(JSON.stringify((await w.admin.call('GET', '/api/v1/business/smtp')).smtp)).not.toContain(SMTP_PASSWORD);
    expect(await page.content()).not.toContain(SMTP_PASSWORD);
    await expectAccessible(page, 'e-mail settings (en)');
  });

  it('the e-mail settings in Russian on a phone (ru, phone)', async () => {
    const { page } = await openPage(browser, { lang: 'ru', viewport: PHONE });
    pages.push(page);
    await signIn(page, w.server.url, ADMIN, 'ru');
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Разделы настроек' }).getByRole('link', { name: 'Почта' }).click();
    await page.getByRole('heading', { level: 1, name: 'Почта' }).waitFor();
    const form = page.getByRole('form', { name: 'SMTP-сервер' });
    expect(await form.getByRole('textbox', { name: 'Сервер' }).inputValue()).toBe('127.0.0.1');
    await form.getByText('Пароль сохранён и не показывается').waitFor();
    const test = page.getByRole('form', { name: 'Проверочное письмо' });
    await test.getByRole('textbox', { name: 'Кому' }).fill('не адрес');
    await test.getByRole('button', { name: 'Отправить проверочное письмо' }).click();
    await test.locator('#smtp-test-to-err').filter({ hasText: 'Введите адрес электронной почты' }).waitFor();
    await expectAccessible(page, 'e-mail settings (ru, phone)');
    await screenshot(page, 'phone-ru-email-settings');
  });

  it('an operator downloads the text transcript of a dialog and sends the PDF by e-mail (en, PC)', async () => {
    await w.leadSays('shop', 'irina-tx', 'Здравствуйте', 'Ирина Петрова');
    await w.leadSays('shop', 'irina-tx', 'позовите человека');
    const { page } = await openPage(browser, { lang: 'en', viewport: PC });
    pages.push(page);
    await signIn(page, w.server.url, w.operators.olga.email, 'en');
    await row(page, 'Ирина Петрова').click();
    await page.getByRole('button', { name: 'Take' }).click();
    await page.getByRole('button', { name: 'Close' }).waitFor();
    await page.getByLabel('Message to the lead').fill('Your order ships tomorrow');
    await page.getByLabel('Message to the lead').press('Enter');
    await message(page, 'Your order ships tomorrow').waitFor();

    // From the dialog's ⋯ menu.
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Transcript…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dialog transcript' });
    await dialog.getByText('The dialog with Ирина Петрова').waitFor();
    const download = page.waitForEvent('download');
    await dialog.getByRole('link', { name: 'Download text' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^dialog-\d+-transcript\.txt$/);
    const text = fs.readFileSync((await file.path())!, 'utf8');
    expect(text).toMatch(/^Dialog transcript #\d+\n/);
    expect(text).toContain('Lead:           Ирина Петрова');
    expect(text).toContain('Operators:      Olga');
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}Ирина Петрова\n {2}позовите человека\n/);
    expect(text).toMatch(/— Olga took the dialog —/);
    expect(text).toMatch(/ {2}Olga\n {2}Your order ships tomorrow\n/);

    // By e-mail: a wrong address is said beside the field; then the PDF arrives.
    const to = dialog.getByRole('textbox', { name: 'E-mail address' });
    await to.fill('boss at goncharny');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.locator('#transcript-to-err').filter({ hasText: 'Enter an e-mail address, e.g. name@example.com' }).waitFor();
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    await to.fill('boss@goncharny.test');
    expect(await dialog.getByRole('combobox', { name: 'Format' }).inputValue()).toBe('pdf');
    const before = smtp.received.length;
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Sent to boss@goncharny.test.' }).waitFor();
    const mail = (await smtp.waitFor(before + 1))[before]!;
    expect(mail.recipients).toEqual(['boss@goncharny.test']);
    expect(mail.mail.subject).toMatch(/^Dialog transcript #\d+: Ирина Петрова$/);
    const [pdf] = mail.mail.attachments;
    expect(pdf!.filename).toMatch(/^dialog-\d+-transcript\.pdf$/);
    expect(pdf!.contentType).toBe('application/pdf');
    const read = pdfText(pdf!.content).text;
    expect(read).toContain('Ирина Петрова');
    expect(read).toContain('Your order ships tomorrow');
    await expectAccessible(page, 'transcript dialog (en)');
    await screenshot(page, 'pc-en-transcript');

    // The audit log names who sent which dialog where.
    const audit = await w.admin.call('GET', '/api/v1/audit?action=transcript.email');
    expect(audit.entries[0]).toMatchObject({ actor: { name: 'Olga' }, details: { to: 'boss@goncharny.test', format: 'pdf', lang: 'en' } });
  });
});
