import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../../test/webhook-receiver';
import { createApiOutbound, signWebhook } from './outbound';

const secret = 'test-secret';
const body = JSON.stringify({ event: 'message.created', lead: { id: 1 }, message: { id: 2, text: 'Привет' } });
const now = Date.UTC(2026, 0, 1, 12, 0, 0);
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const job = (webhookUrl: string | null) => ({
  deliveryId: 42,
  body,
  channel: { id: 1, businessId: 1, webhookUrl, webhookSecret: secret, config: '{}', credentials: null },
  now,
});
const send = createApiOutbound({ allowPrivate: true, timeoutMs: 2_000 });

describe('API channel outbound', () => {
  it('POSTs the raw payload with the event, delivery id, timestamp and an HMAC over "<timestamp>.<body>"', async () => {
    receiver = await startReceiver();
    expect(await send(job(receiver.url))).toEqual({ ok: true });
    const [r] = receiver.receipts;
    expect(r?.body).toBe(body);
    expect(r?.headers['content-type']).toBe('application/json');
    expect(r?.headers['x-metadesk-event']).toBe('message.created');
    expect(r?.headers['x-metadesk-delivery']).toBe('42');
    expect(r?.headers['x-metadesk-timestamp']).toBe(String(now / 1000));
    const expected = createHmac('sha256', secret)
      .update(`${now / 1000}.${body}`)
      .digest('hex');
    expect(r?.headers['x-metadesk-signature']).toBe(`sha256=${expected}`);
    expect(signWebhook(secret, now / 1000, body)).toBe(`sha256=${expected}`);
  });

  it('fails on a non-2xx answer, quoting the status and the start of the body', async () => {
    receiver = await startReceiver(() => 500);
    expect(await send(job(receiver.url))).toEqual({ ok: false, error: 'HTTP 500: receiver says 500' });
  });

  it('does not follow redirects (they could lead past the address guard)', async () => {
    const server = http.createServer((_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const r = await send(job(url));
    server.close();
    expect(r).toEqual({ ok: false, error: 'HTTP 302 (redirect to http://169.254.169.254/ not followed)' });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    receiver = await startReceiver(() => 'hang');
    const quick = createApiOutbound({ allowPrivate: true, timeoutMs: 200 });
    expect(await quick(job(receiver.url))).toEqual({ ok: false, error: 'no answer within 0.2 s' });
  });

  it('reports a refused connection', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    expect(await send(job(`http://127.0.0.1:${port}/`))).toEqual({ ok: false, error: 'connection failed: ECONNREFUSED' });
  });

  it('refuses loopback targets unless private addresses are allowed, without sending anything', async () => {
    receiver = await startReceiver();
    const guarded = createApiOutbound({ allowPrivate: false, timeoutMs: 2_000 });
    const r = await guarded(job(receiver.url));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1/);
    expect(receiver.receipts).toHaveLength(0);
  });

  it('connects through the lookup it is given (the connection resolves with the guarded lookup)', async () => {
    receiver = await startReceiver();
    const asked: string[] = [];
    const viaName = createApiOutbound({ allowPrivate: true, timeoutMs: 2_000, lookup: async (host) => (asked.push(host), ['127.0.0.1']) });
    const url = receiver.url.replace('127.0.0.1', 'crm.example.test');
    expect(await viaName(job(url))).toEqual({ ok: true });
    expect(asked).toEqual(['crm.example.test']);
    expect(receiver.receipts[0]?.headers.host).toBe(new URL(url).host);
  });

  it('refuses a name that resolves to a private address at delivery, in the words used on save', async () => {
    receiver = await startReceiver();
    const guarded = createApiOutbound({ allowPrivate: false, timeoutMs: 2_000, lookup: async () => ['93.184.216.34', '10.0.0.5'] });
    expect(await guarded(job(receiver.url.replace('127.0.0.1', 'crm.example.test')))).toEqual({
      ok: false,
      error: 'refused: crm.example.test resolves to 10.0.0.5, a loopback/private/link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow)',
    });
    expect(receiver.receipts).toHaveLength(0);
  });

  it('closes the DNS-rebinding gap: the address checked is the address connected to', async () => {
    // The name answers a public address first and the receiver's loopback address every time after:
    // a check followed by a second resolution for the connection would deliver to 127.0.0.1.
    receiver = await startReceiver();
    const asked: string[] = [];
    const rebinding = async (host: string) => (asked.push(host), asked.length === 1 ? ['203.0.113.7'] : ['127.0.0.1']);
    const guarded = createApiOutbound({ allowPrivate: false, timeoutMs: 300, lookup: rebinding });
    const r = await guarded(job(receiver.url.replace('127.0.0.1', 'rebind.example.test')));
    expect(r.ok).toBe(false); // 203.0.113.7 (TEST-NET-3) does not answer: a timeout or a failed connection
    expect(asked).toEqual(['rebind.example.test']);
    expect(receiver.receipts).toHaveLength(0);
  });

  it('keeps only the start of a long error answer', async () => {
    const server = http.createServer((_req, res) => res.writeHead(503).end(`${'busy '.repeat(10_000)}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const r = await send(job(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
    server.close();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^HTTP 503: busy busy/);
    expect(!r.ok && r.error.length).toBeLessThanOrEqual('HTTP 503: '.length + 200);
  });

  it('fails a channel without a webhook URL', async () => {
    expect(await send(job(null))).toEqual({ ok: false, error: 'the channel has no webhook URL' });
  });
});
