import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, signedInWith, strangerWorld, type Headers } from '../../test/world';
import { FILES, upload } from '../attachments/attachments.testkit';
import { recordBotMessage } from '../bot-runtime/record-bot-message';
import type { App } from '../http/app-type';
import { findLead } from '../leads/index';
import { startSmtpServer, type TestSmtp } from '../mail/smtp.testkit';
import { pdfText } from './pdf-text.testkit';

type World = Awaited<ReturnType<typeof httpWorld>>;
const SMTP_PASSWORD = 'smtp-pass-Lk30';
/** 1 December 2026, 09:30 UTC: the scripted dialog's clock starts here. */
const T0 = Date.UTC(2026, 11, 1, 9, 30, 0);

// A dialog's transcript: its messages in order with who wrote them, notes only when asked for,
// system lines in the transcript's language; as text, as a real PDF, and by e-mail through a real
// SMTP server; for whoever may open the dialog, never another business's.
describe.each(await dialects())('dialog transcripts on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let smtp: TestSmtp;
  // The test's SMTP server is on 127.0.0.1: this installation allows that.
  useTestApp(dialect, (r) => ({ rt, app } = r), { SMTP_ALLOW_PRIVATE: 'true' });
  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'desk@shop.test', password: SMTP_PASSWORD });
  });
  afterAll(async () => smtp?.close());
  afterEach(() => {
    rt.ctx.clock = Date.now;
  });

  /** The app's clock at T0 + seconds from here on. */
  const at = (seconds: number) => {
    rt.ctx.clock = () => T0 + seconds * 1000;
  };
  const transcript = (id: number, headers: Headers, query = '') => app.inject({ method: 'GET', url: `/api/v1/dialogs/${id}/transcript${query}`, headers });

  /** Irina talks to the bot, is transferred, Olga answers with a file and a note, Irina thanks her, Olga closes. */
  async function scriptedDialog(w: World): Promise<{ leadId: number; dialogId: number }> {
    at(0);
    const { leadId } = await leadSays(app, w, `irina-${Math.random()}`, 'Где мой заказ?', 'Ирина Петрова');
    at(1);
    const lead = (await findLead(rt.ctx.db, w.business.id, leadId))!;
    await rt.ctx.db
      .transaction()
      .execute((tx) =>
        recordBotMessage(tx, lead, { text: 'Choose an option:', payload: { buttons: [{ label: 'Track order' }, { label: 'Operator' }] } }, T0 + 1000),
      );
    at(2);
    const dialogId = (await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {})).body.dialog.id as number;
    at(60);
    expect((await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'Checking, one moment' })).status).toBe(200);
    at(90);
    const file = (await upload(app, w.as.olga, leadId, { name: 'label.png', mime: 'image/png', bytes: FILES.png })).body.attachment.id;
    await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'Here is the label\nfor your parcel', attachmentIds: [file] });
    at(120);
    await call(app, 'POST', `/api/v1/leads/${leadId}/notes`, w.as.olga, { text: 'Order 1042 is stuck at the warehouse' });
    at(180);
    await leadSays(app, w, lead.messenger_id, 'Спасибо!');
    at(200);
    expect((await call(app, 'POST', `/api/v1/dialogs/${dialogId}/close`, w.as.olga)).status).toBe(200);
    rt.ctx.clock = Date.now;
    return { leadId, dialogId };
  }

  const SMTP = () => ({ host: '127.0.0.1', port: smtp.port, secure: false, user: 'desk@shop.test', password: SMTP_PASSWORD, from: 'desk@shop.test' });

  it('gives the dialog as text: the header, then every message in order with its time and author, system lines, files', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { dialogId } = await scriptedDialog(w);
    const r = await transcript(dialogId, w.as.olga, '?format=text&lang=en');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="dialog-${dialogId}-transcript.txt"; filename*=UTF-8''dialog-${dialogId}-transcript.txt`,
    );
    expect(r.body).toBe(
      [
        `Dialog transcript #${dialogId}`,
        '',
        `Business:       ${w.business.name}`,
        'Lead:           Ирина Петрова',
        `Channel:        API (${w.channel.name})`,
        'Bot:            Shop bot',
        'Department:     —',
        'Operators:      Olga',
        'Opened:         2026-12-01 09:30:02',
        'Closed:         2026-12-01 09:33:20',
        'Times:          UTC',
        'Internal notes: not included',
        '',
        '2026-12-01 09:30:00  Ирина Петрова',
        '  Где мой заказ?',
        '',
        '2026-12-01 09:30:01  Shop bot (bot)',
        '  Choose an option:',
        '  [Buttons: Track order | Operator]',
        '',
        '2026-12-01 09:30:02  — Transferred to operators —',
        '',
        '2026-12-01 09:31:00  — Olga took the dialog —',
        '',
        '2026-12-01 09:31:00  Olga',
        '  Checking, one moment',
        '',
        '2026-12-01 09:31:30  Olga',
        '  Here is the label',
        '  for your parcel',
        '  Attachments: label.png',
        '',
        '2026-12-01 09:33:00  Ирина Петрова',
        '  Спасибо!',
        '',
        '2026-12-01 09:33:20  — Closed by Olga —',
        '',
      ].join('\n'),
    );
    // The defaults are text in English, without notes.
    expect((await transcript(dialogId, w.as.olga)).body).toBe(r.body);
  });

  it('adds internal notes, marked as such, with notes=1; speaks Russian with lang=ru', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { dialogId } = await scriptedDialog(w);
    const withNotes = (await transcript(dialogId, w.as.olga, '?notes=1')).body;
    expect(withNotes).toContain('Internal notes: included, marked as such\n');
    expect(withNotes).toContain(
      '2026-12-01 09:31:30  Olga\n  Here is the label\n  for your parcel\n  Attachments: label.png\n\n2026-12-01 09:32:00  Olga (internal note)\n  Order 1042 is stuck at the warehouse\n\n2026-12-01 09:33:00  Ирина Петрова\n',
    );
    expect((await transcript(dialogId, w.as.olga)).body).not.toContain('Order 1042');

    const ru = await transcript(dialogId, w.as.olga, '?lang=ru&notes=1');
    expect(ru.headers['content-disposition']).toContain(`filename="dialog-${dialogId}-istoriya.txt"`);
    expect(ru.body).toContain(`История диалога №${dialogId}\n\nКомпания:           ${w.business.name}\nЛид:                Ирина Петрова\n`);
    for (const line of [
      '2026-12-01 09:30:02  — Передан операторам —',
      '2026-12-01 09:31:00  — Olga взял(а) диалог —',
      '2026-12-01 09:32:00  Olga (внутренняя заметка)',
      '2026-12-01 09:33:20  — Закрыл(а) Olga —',
      '  Вложения: label.png',
      '  [Кнопки: Track order | Operator]',
      'Время:              UTC',
    ])
      expect(ru.body).toContain(line);
  });

  it('gives a real PDF whose text holds the Russian lead name and the messages', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { dialogId } = await scriptedDialog(w);
    const r = await transcript(dialogId, w.as.olga, '?format=pdf&lang=ru&notes=1');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toContain(`filename="dialog-${dialogId}-istoriya.pdf"`);
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const { pages, text } = pdfText(pdf);
    expect(pages).toBe(1);
    expect(text).toContain(`История диалога №${dialogId}`);
    expect(text).toContain('Ирина Петрова');
    expect(text).toContain('Где мой заказ?');
    expect(text).toContain('Olga (внутренняя заметка)');
    expect(text).toContain('Order 1042 is stuck at the warehouse');
    expect(text).toContain('2026-12-01 09:31:00 — Olga взял(а) диалог');
    expect(text).toContain('Вложения: label.png');
    expect(text).not.toContain('\uFFFD');
  });

  it("holds only its own dialog's messages: the bot talk that led to it, not an earlier or later dialog", async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId, dialogId: first } = await scriptedDialog(w);
    const lead = (await findLead(rt.ctx.db, w.business.id, leadId))!;
    await leadSays(app, w, lead.messenger_id, 'Ещё вопрос');
    const second = (await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {})).body.dialog.id as number;
    expect(second).not.toBe(first);
    const text = (await transcript(second, w.as.admin)).body;
    expect(text).toContain('  Ещё вопрос\n');
    expect(text).toContain('— Transferred to operators —');
    expect(text).toContain('Status:         open');
    expect(text).not.toContain('Где мой заказ?');
    expect((await transcript(first, w.as.admin)).body).not.toContain('Ещё вопрос');
  });

  it('sends the transcript by e-mail as an attachment through the SMTP server, and records it in the audit log', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { dialogId } = await scriptedDialog(w);
    // No SMTP server yet: 409, saying what to do.
    const none = await call(app, 'POST', `/api/v1/dialogs/${dialogId}/transcript/email`, w.as.olga, { to: 'boss@shop.test' });
    expect(none.status).toBe(409);
    expect(none.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('Settings → E-mail') });

    expect((await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, SMTP())).status).toBe(200);
    const before = smtp.received.length;
    const sent = await call(app, 'POST', `/api/v1/dialogs/${dialogId}/transcript/email`, w.as.olga, { to: 'boss@shop.test', format: 'pdf', lang: 'ru' });
    expect(sent).toEqual({ status: 200, body: { ok: true, to: 'boss@shop.test', fileName: `dialog-${dialogId}-istoriya.pdf` } });
    const { recipients, mail } = (await smtp.waitFor(before + 1))[before]!;
    expect(recipients).toEqual(['boss@shop.test']);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : null).toBe('boss@shop.test');
    expect(mail.subject).toBe(`История диалога №${dialogId}: Ирина Петрова`);
    expect(mail.text).toContain(`история диалога №${dialogId} с Ирина Петрова (${w.business.name}), отправленная из Metadesk.`);
    expect(mail.attachments).toHaveLength(1);
    const [file] = mail.attachments;
    expect(file).toMatchObject({ filename: `dialog-${dialogId}-istoriya.pdf`, contentType: 'application/pdf' });
    expect(pdfText(file!.content).text).toContain('Ирина Петрова');

    // Text, with notes.
    await call(app, 'POST', `/api/v1/dialogs/${dialogId}/transcript/email`, w.as.olga, { to: 'crm@shop.test', format: 'text', notes: true });
    const textMail = (await smtp.waitFor(before + 2))[before + 1]!;
    expect(textMail.recipients).toEqual(['crm@shop.test']);
    expect(textMail.mail.attachments[0]).toMatchObject({ filename: `dialog-${dialogId}-transcript.txt`, contentType: 'text/plain' });
    expect(textMail.mail.attachments[0]!.content.toString('utf8')).toContain('Olga (internal note)\n  Order 1042 is stuck at the warehouse');

    const audit = (await call(app, 'GET', '/api/v1/audit?action=transcript.email', w.as.admin)).body.entries;
    expect(audit.map((e: { details: unknown }) => e.details)).toEqual([
      { to: 'crm@shop.test', format: 'text', lang: 'en', notes: true },
      { to: 'boss@shop.test', format: 'pdf', lang: 'ru', notes: false },
    ]);
    expect(audit[0]).toMatchObject({ target: { type: 'dialog', id: dialogId }, actor: { kind: 'user', id: w.op1.id, name: 'Olga' } });
    expect(JSON.stringify((await call(app, 'GET', '/api/v1/audit', w.as.admin)).body)).not.toContain(SMTP_PASSWORD);
  });

  it("answers 502 with the SMTP server's reply when it refuses, records nothing, and validates the address", async () => {
    const w = await httpWorld(rt.ctx.db);
    const { dialogId } = await scriptedDialog(w);
    await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, { ...SMTP(), password: 'not-the-password' });
    const refused = await call(app, 'POST', `/api/v1/dialogs/${dialogId}/transcript/email`, w.as.olga, { to: 'boss@shop.test' });
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({ code: 'upstream_failed', params: { reply: expect.stringContaining('535') } });
    expect(refused.body.error.message).toContain('refused the login');
    expect(JSON.stringify(refused.body)).not.toContain('not-the-password');
    expect((await call(app, 'GET', '/api/v1/audit?action=transcript.email', w.as.admin)).body.entries).toEqual([]);

    const bad = await call(app, 'POST', `/api/v1/dialogs/${dialogId}/transcript/email`, w.as.olga, { to: 'boss at shop' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'body.to', message: 'Enter an e-mail address, e.g. name@example.com' }]);
    expect((await call(app, 'POST', `/api/v1/dialogs/${dialogId}/transcript/email`, w.as.olga, { to: 'a@b.test', format: 'doc' })).status).toBe(400);
    expect((await transcript(dialogId, w.as.olga, '?format=doc')).statusCode).toBe(400);
    expect((await transcript(dialogId, w.as.olga, '?lang=de')).statusCode).toBe(400);
  });

  it("is for whoever may open the dialog; another business's dialog is not found", async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId, dialogId } = await scriptedDialog(w);
    await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, SMTP());
    // Operators not in the dialog, administrators, viewers and tokens read dialogs: they may.
    const viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    for (const h of [w.as.pavel, w.as.admin, viewer, w.as.bot]) expect((await transcript(dialogId, h)).statusCode).toBe(200);
    // A bot editor does not see the contact center's dialogs: 403, as on the dialog's own routes.
    const editor = await signedInWith(rt.ctx.db, w.business.id, ['bot_editor']);
    expect((await transcript(dialogId, editor)).statusCode).toBe(403);
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}/messages`, editor)).status).toBe(403);
    const refused = await call(app, 'POST', `/api/v1/dialogs/${dialogId}/transcript/email`, editor, { to: 'me@else.test' });
    expect(refused.status).toBe(403);

    const stranger = await strangerWorld(rt.ctx.db);
    await call(app, 'PUT', '/api/v1/business/smtp', stranger.headers, SMTP());
    const before = smtp.received.length;
    const r = await transcript(dialogId, stranger.headers);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: { code: 'not_found', message: 'Dialog not found' } });
    expect((await call(app, 'POST', `/api/v1/dialogs/${dialogId}/transcript/email`, stranger.headers, { to: 'spy@else.test' })).status).toBe(404);
    expect((await transcript(999_999, w.as.admin)).statusCode).toBe(404);
    expect(smtp.received.length).toBe(before);
  });
});
