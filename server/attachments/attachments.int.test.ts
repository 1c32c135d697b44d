import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventData } from '../../contracts/events';
import { LIMITS } from '../../contracts/limits';
import { useTestApp } from '../../test/app';
import { buildChannel, buildLead } from '../../test/factories';
import { dialects, type TestRuntime } from '../../test/harness';
import { startReceiver, type Receiver } from '../../test/webhook-receiver';
import { call, httpWorld, leadSays, signedInWith, strangerWorld } from '../../test/world';
import { createOutboxWorker } from '../channels/outbox-worker';
import type { App } from '../http/app-type';
import { listEventsSince } from '../realtime/event-log.repo';
import { FILES, upload } from './attachments.testkit';

describe.each(await dialects())('attachments on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let receiver: Receiver | undefined;
  useTestApp(dialect, (r) => ({ rt, app } = r));
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  const world = async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, `lead-${Math.random()}`, 'Can I send you the invoice?', 'Ira');
    return { w, leadId };
  };
  const rows = () => rt.ctx.db.selectFrom('attachments').select(['id', 'storage_key']).execute();
  const storedFiles = () => {
    const root = path.join(rt.config.DATA_DIR, 'attachments');
    return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).filter((f) => String(f).split(path.sep).length === 2) : [];
  };
  const png = { name: 'photo.png', mime: 'image/png', bytes: FILES.png };
  const pdf = { name: 'invoice.pdf', mime: 'application/pdf', bytes: FILES.pdf };

  it('uploads an image and a pdf, and serves them back to the business', async () => {
    const { w, leadId } = await world();
    const image = await upload(app, w.as.olga, leadId, png);
    expect(image.status).toBe(201);
    expect(image.body.attachment).toEqual({
      id: expect.any(Number),
      name: 'photo.png',
      mime: 'image/png',
      size: FILES.png.length,
      kind: 'image',
      url: `/api/v1/attachments/${image.body.attachment.id}`,
    });
    const doc = await upload(app, w.as.admin, leadId, pdf);
    expect(doc.status).toBe(201);
    expect(doc.body.attachment).toMatchObject({ name: 'invoice.pdf', mime: 'application/pdf', kind: 'file' });

    // Past the 256 KiB JSON body limit: multipart streams, so only the attachment limit applies.
    const big = Buffer.concat([FILES.pdf, Buffer.alloc(1024 * 1024, 0x20)]);
    expect((await upload(app, w.as.olga, leadId, { ...pdf, name: 'scan.pdf', bytes: big })).status).toBe(201);

    const back = await app.inject({ method: 'GET', url: image.body.attachment.url, headers: w.as.pavel });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(FILES.png)).toBe(true);
    const asToken = await app.inject({ method: 'GET', url: doc.body.attachment.url, headers: w.as.bot });
    expect(asToken.statusCode).toBe(200);
    expect(asToken.rawPayload.equals(FILES.pdf)).toBe(true);
    // The key on disk is random, never the user's name.
    const stored = await rt.ctx.db.selectFrom('attachments').select('storage_key').where('id', '=', doc.body.attachment.id).executeTakeFirstOrThrow();
    expect(stored.storage_key).toMatch(/^[\w-]{32}$/);
  });

  it('refuses SVG, an .exe renamed to .png and a file over the limit, keeping nothing of them', async () => {
    const { w, leadId } = await world();
    const before = { rows: (await rows()).length, files: storedFiles().length };

    const svg = await upload(app, w.as.olga, leadId, { name: 'logo.svg', mime: 'image/svg+xml', bytes: FILES.svg });
    expect(svg.status).toBe(415);
    expect(svg.body.error).toMatchObject({ code: 'unsupported_type', message: expect.stringContaining('image/svg+xml') });
    const html = await upload(app, w.as.olga, leadId, { name: 'page.html', mime: 'text/html', bytes: Buffer.from('<script>alert(1)</script>') });
    expect(html.body.error).toMatchObject({ code: 'unsupported_type', message: expect.stringContaining('text/html') });

    const exe = await upload(app, w.as.olga, leadId, { name: 'photo.png', mime: 'image/png', bytes: FILES.exe });
    expect(exe.status).toBe(415);
    expect(exe.body.error).toMatchObject({
      code: 'unsupported_type',
      message: 'photo.png is not a real PNG file (image/png): its content does not match the type',
      params: { name: 'photo.png', type: 'image/png' },
    });

    const tooBig = await upload(app, w.as.olga, leadId, { ...pdf, bytes: Buffer.concat([FILES.pdf, Buffer.alloc(LIMITS.attachmentBytes)]) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('10 MiB'), params: { maxMb: 10 } });
    // Exactly at the limit is fine.
    const atLimit = Buffer.concat([FILES.pdf, Buffer.alloc(LIMITS.attachmentBytes - FILES.pdf.length, 0x20)]);
    expect((await upload(app, w.as.olga, leadId, { ...pdf, bytes: atLimit })).status).toBe(201);

    expect((await rows()).length).toBe(before.rows + 1);
    expect(storedFiles().length).toBe(before.files + 1); // no half or temporary files left by the refused ones
  });

  it('lets only operators and administrators of the business upload, and only its people fetch', async () => {
    const { w, leadId } = await world();
    const viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    expect((await upload(app, viewer, leadId, png)).status).toBe(403);
    expect((await upload(app, w.as.bot, leadId, png)).status).toBe(403); // API tokens do not write as operators
    expect((await upload(app, {}, leadId, png)).status).toBe(401);

    const { id, url } = (await upload(app, w.as.olga, leadId, png)).body.attachment;
    expect((await app.inject({ method: 'GET', url, headers: viewer })).statusCode).toBe(200);
    expect((await call(app, 'GET', url, {})).status).toBe(401);

    const stranger = await strangerWorld(rt.ctx.db);
    const theirs = await call(app, 'GET', `/api/v1/attachments/${id}`, stranger.headers);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('not_found');
    expect((await upload(app, stranger.headers, leadId, png)).status).toBe(404);
  });

  it('serves with safe headers: a download (inline only for images), the exact non-ASCII name, nosniff, sandbox', async () => {
    const { w, leadId } = await world();
    const doc = (await upload(app, w.as.olga, leadId, { ...pdf, name: 'Счёт на оплату №5.pdf' })).body.attachment;
    expect(doc.name).toBe('Счёт на оплату №5.pdf');
    const r = await app.inject({ method: 'GET', url: doc.url, headers: w.as.olga });
    expect(r.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(FILES.pdf.length),
      'content-disposition': `attachment; filename="____ __ ______ _5.pdf"; filename*=UTF-8''${encodeURIComponent('Счёт на оплату №5.pdf')}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
    });
    expect(r.headers['cache-control']).toMatch(/^private\b/);

    const image = (await upload(app, w.as.olga, leadId, png)).body.attachment;
    const i = await app.inject({ method: 'GET', url: image.url, headers: w.as.olga });
    expect(i.headers['content-type']).toBe('image/png');
    expect(i.headers['content-disposition']).toBe(`inline; filename="photo.png"; filename*=UTF-8''photo.png`);
    expect(i.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends a message with attachments: the answer, the history and the event carry them; files alone preview as 📎', async () => {
    const { w, leadId } = await world();
    const a = (await upload(app, w.as.olga, leadId, png)).body.attachment;
    const b = (await upload(app, w.as.olga, leadId, pdf)).body.attachment;

    const sent = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { attachmentIds: [a.id, b.id] });
    expect(sent.status).toBe(200);
    expect(sent.body.message).toMatchObject({ author: 'operator', text: '', attachments: [a, b] });
    expect(sent.body.row.lastMessagePreview).toBe('📎 photo.png, invoice.pdf');
    const withText = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, {
      text: 'And the receipt',
      attachmentIds: [(await upload(app, w.as.olga, leadId, { ...pdf, name: 'receipt.pdf' })).body.attachment.id],
    });
    expect(withText.body.row.lastMessagePreview).toBe('And the receipt');

    const history = await call(app, 'GET', `/api/v1/leads/${leadId}/messages`, w.as.pavel);
    const byId = new Map(history.body.messages.map((m: { id: number }) => [m.id, m]));
    expect(byId.get(sent.body.message.id)).toMatchObject({ attachments: [a, b] });
    expect(byId.get(withText.body.message.id)).toMatchObject({ text: 'And the receipt', attachments: [{ name: 'receipt.pdf' }] });
    expect(
      history.body.messages.filter((m: { author: string }) => m.author !== 'operator').every((m: { attachments: unknown[] }) => m.attachments.length === 0),
    ).toBe(true);

    const created = (await listEventsSince(rt.ctx.db, w.business.id, 0, 1000))
      .filter((e) => e.type === 'message.created')
      .map((e) => (e.data as EventData<'message.created'>).message)
      .find((m) => m.id === sent.body.message.id);
    expect(created?.attachments).toEqual([a, b]);

    // Neither text nor files: refused with a message naming the field.
    const empty = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('body.text: write a text or attach at least one file');
    const tooMany = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { attachmentIds: Array.from({ length: 11 }, (_, i) => i + 1) });
    expect(tooMany.body.error.details[0].path).toBe('body.attachmentIds');
  });

  it('links only unsent attachments of the same lead and business, and a refused message writes nothing', async () => {
    const { w, leadId } = await world();
    const { leadId: otherLead } = await leadSays(app, w, `other-${Math.random()}`, 'hi');
    const theirs = (await upload(app, w.as.olga, otherLead, png)).body.attachment;
    const mine = (await upload(app, w.as.olga, leadId, png)).body.attachment;
    const stranger = await strangerWorld(rt.ctx.db);
    const strangerLead = await buildLead(rt.ctx.db, {
      businessId: stranger.world.business.id,
      botId: stranger.world.bot.id,
      channelId: stranger.world.channel.id,
    });
    const foreign = (await upload(app, stranger.headers, strangerLead.id, png)).body.attachment;
    const history = async () => (await call(app, 'GET', `/api/v1/leads/${leadId}/messages`, w.as.olga)).body.messages.length;
    const before = await history();

    for (const id of [theirs.id, foreign.id]) {
      const r = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'see attached', attachmentIds: [mine.id, id] });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'validation_failed', message: `body.attachmentIds: attachment ${id} is not a file uploaded for this lead` });
    }
    expect(await history()).toBe(before); // nothing written, the good one is still free

    expect((await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { attachmentIds: [mine.id] })).status).toBe(200);
    const again = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'once more', attachmentIds: [mine.id] });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', message: `Attachment ${mine.id} was already sent with another message` });
  });

  it('gives the webhook a signed absolute link that downloads without a session; a tampered or expired one is refused', async () => {
    const w = await httpWorld(rt.ctx.db);
    receiver = await startReceiver();
    const channel = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, webhookUrl: receiver.url });
    const lead = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: channel.id });
    const file = (await upload(app, w.as.olga, lead.id, { ...pdf, name: 'Договор.pdf' })).body.attachment;
    const sent = await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, { text: 'The contract', attachmentIds: [file.id] });
    expect(sent.body.message.delivery).toBe('pending');

    const worker = createOutboxWorker(rt.ctx, { random: () => 1 });
    await worker.runOnce();
    await worker.stop();
    const receipt = receiver.receipts.find((x) => JSON.parse(x.body).message.id === sent.body.message.id);
    const payload = JSON.parse(receipt?.body ?? '{}');
    expect(payload.message).toMatchObject({
      text: 'The contract',
      attachments: [{ id: file.id, name: 'Договор.pdf', mime: 'application/pdf', size: FILES.pdf.length, kind: 'file' }],
    });
    const link = new URL(payload.message.attachments[0].url);
    expect(link.origin).toBe(rt.config.PUBLIC_URL);
    expect(link.pathname).toBe(`/api/v1/attachments/${file.id}/download`);
    expect(Number(link.searchParams.get('expires')) * 1000).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const got = await app.inject({ method: 'GET', url: `${link.pathname}${link.search}` }); // no cookie, no token
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(FILES.pdf)).toBe(true);
    expect(got.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff', 'content-security-policy': 'sandbox' });

    const signature = link.searchParams.get('signature') ?? '';
    const tampered = [
      `${link.pathname}?expires=${link.searchParams.get('expires')}&signature=${signature.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'))}`,
      `${link.pathname}?expires=${Number(link.searchParams.get('expires')) + 86_400}&signature=${signature}`,
      `/api/v1/attachments/${file.id + 1}/download${link.search}`,
    ];
    for (const url of tampered) {
      const r = await call(app, 'GET', url, {});
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'forbidden', message: 'This download link is not valid: its signature does not match' });
    }
    const old = new URL(rt.ctx.attachmentLinks.signedUrl(file.id, Date.now() - 8 * 86_400_000));
    const expired = await call(app, 'GET', `${old.pathname}${old.search}`, {});
    expect(expired.status).toBe(403);
    expect(expired.body.error.message).toContain('expired');
  });
});
