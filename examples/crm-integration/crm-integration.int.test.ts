import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetadeskClient, type MessageCreatedWebhook, type MetadeskClient, type paths } from '../../client/index';
import { startBackground, type Background } from '../../server/background';
import { signWebhook } from '../../server/channels/api/outbound';
import type { App } from '../../server/app';
import { testApp } from '../../test/app';
import { buildChannel, buildSession, buildWorld } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { freePort } from '../../test/server-process';
import { WEBHOOK_PATH } from './crm-integration';

interface Example {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs the example as its README says (tsx, configured by the environment) and waits for its "listening" line. */
async function startExample(env: Record<string, string>): Promise<Example> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'main.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the example exited with ${code}:\n${out}`)));
  });
  return {
    url: `http://127.0.0.1:${env.PORT}${WEBHOOK_PATH}`,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// examples/crm-integration against a real Metadesk server: the server listens on a port and delivers the
// API channel's webhook to the example, which runs as its own process and calls back through the typed
// client. Every wait is for an effect (polling the API, bounded by expect.poll's timeout), never a sleep.
describe.each(await dialects())('the CRM integration example against a real server on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let background: Background;
  let example: Example | undefined;
  let w: Awaited<ReturnType<typeof buildWorld>>;
  let channel: Awaited<ReturnType<typeof buildChannel>>;
  let metadesk: MetadeskClient;
  let olga: ReturnType<typeof createClient<paths>>;

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    background = startBackground(rt.ctx); // the outbox worker delivers webhooks
    w = await buildWorld(rt.ctx.db); // its API token has the admin role: notes and closing an active dialog need it
    const port = await freePort();
    channel = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, webhookUrl: `http://127.0.0.1:${port}${WEBHOOK_PATH}` });
    example = await startExample({ METADESK_URL: base, METADESK_TOKEN: w.token.secret, WEBHOOK_SECRET: channel.webhook_secret, PORT: String(port) });
    metadesk = createMetadeskClient({ baseUrl: base, token: w.token.secret });
    const session = await buildSession(rt.ctx.db, { userId: w.op1.id, businessId: w.business.id });
    olga = createClient<paths>({ baseUrl: base, headers: session.headers });
  });
  afterAll(async () => {
    await example?.stop();
    await app?.close();
    await background?.stop();
    await rt?.dispose();
  });

  let seq = 0;
  /** A lead writes in through the API channel, is transferred to operators, and Olga answers: the dialog is active. */
  async function olgaAnswers(reply: string) {
    const n = ++seq;
    const inbound = await metadesk.POST('/api/v1/channels/{id}/inbound', {
      params: { path: { id: channel.id } },
      body: { lead: { messengerId: `crm-${n}`, name: 'Ira Petrova' }, message: { clientMessageId: `m-${n}`, text: 'Where is my order 1042?' } },
    });
    expect(inbound.error).toBeUndefined();
    const leadId = inbound.data!.leadId;
    const transfer = await metadesk.POST('/api/v1/leads/{id}/transfer-to-operators', { params: { path: { id: leadId } }, body: {} });
    expect(transfer.data?.dialog.state).toBe('waiting');
    const sent = await olga.POST('/api/v1/leads/{id}/messages', { params: { path: { id: leadId } }, body: { text: reply } });
    expect(sent.error).toBeUndefined();
    return { leadId, messageId: sent.data!.message.id };
  }
  const history = async (leadId: number) => (await metadesk.GET('/api/v1/leads/{id}/messages', { params: { path: { id: leadId } } })).data!.messages;
  const lastDialog = async (leadId: number) => (await metadesk.GET('/api/v1/leads/{id}/dialogs', { params: { path: { id: leadId } } })).data!.dialogs[0]!;
  const notes = async (leadId: number) => (await history(leadId)).filter((m) => m.internal);
  /** Waits until Metadesk recorded the webhook's 2xx: the example answers only after it acted. */
  const delivered = (leadId: number, messageId: number) =>
    expect.poll(async () => (await history(leadId)).find((m) => m.id === messageId)?.delivery, { message: example?.output() }).toBe('sent');

  it("adds a note and closes the dialog when an operator's reply names an order", async () => {
    const { leadId } = await olgaAnswers('Order #1042 left our warehouse today, here is the tracking number: RA123.');
    await expect.poll(async () => (await lastDialog(leadId)).state, { message: example?.output() }).toBe('closed');
    expect(await lastDialog(leadId)).toMatchObject({ state: 'closed', endReason: 'closed' });
    expect(await notes(leadId)).toEqual([
      expect.objectContaining({ author: 'operator', internal: true, delivery: 'none', text: expect.stringContaining('order #1042') as string }),
    ]);
    const card = await metadesk.GET('/api/v1/leads/{id}', { params: { path: { id: leadId } } });
    expect(card.data?.row.state).toBe('closed');
  });

  it("leaves a dialog alone when the operator's reply names no order", async () => {
    const { leadId, messageId } = await olgaAnswers('Let me check, one moment please.');
    await delivered(leadId, messageId);
    expect(await lastDialog(leadId)).toMatchObject({ state: 'active' });
    expect(await notes(leadId)).toEqual([]);
  });

  it('refuses a webhook with a bad signature with 401 and changes nothing', async () => {
    const { leadId, messageId } = await olgaAnswers('Let me check, one moment please.');
    await delivered(leadId, messageId);
    const event: MessageCreatedWebhook = {
      event: 'message.created',
      lead: { id: leadId, messengerId: 'forged', name: 'Ira Petrova', language: null },
      message: {
        id: messageId + 1000,
        author: 'operator',
        authorName: 'Olga',
        text: 'Order #1042 is done.',
        payload: null,
        createdAt: Date.now(),
        attachments: [],
      },
    };
    const body = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    const post = (timestamp: number, signature: string | null, b = body) =>
      fetch(example!.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-metadesk-event': 'message.created',
          'x-metadesk-delivery': '1',
          'x-metadesk-timestamp': String(timestamp),
          ...(signature ? { 'x-metadesk-signature': signature } : {}),
        },
        body: b,
      }).then((r) => r.status);
    expect(await post(now, signWebhook('not-the-secret', now, body))).toBe(401);
    expect(await post(now, null)).toBe(401);
    expect(await post(now, signWebhook(channel.webhook_secret, now, body), body.replace('1042', '1043'))).toBe(401);
    expect(await post(now - 3600, signWebhook(channel.webhook_secret, now - 3600, body))).toBe(401);
    expect(await lastDialog(leadId)).toMatchObject({ state: 'active' });
    expect(await notes(leadId)).toEqual([]);
    // The same request, signed right, is acted on: the refusals above were the signature's doing.
    expect(await post(now, signWebhook(channel.webhook_secret, now, body))).toBe(200);
    expect(await lastDialog(leadId)).toMatchObject({ state: 'closed' });
    expect(await notes(leadId)).toHaveLength(1);
  });
});
