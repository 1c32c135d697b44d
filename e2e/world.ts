// A business built over the real HTTP API of a running server: owner, operators, the demo bots,
// API channels whose webhooks a local receiver records, and a token to play the lead's messenger.
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import os from 'node:os';
import path from 'node:path';
import { startServer, type ServerProcess } from '../test/server-process';
import { startReceiver, type Receiver } from '../test/webhook-receiver';
import type { Answer } from '../test/world';

export const PASSWORD = 'correct horse battery';

export class Client {
  private cookie = '';
  private csrf = '';
  constructor(readonly base: string) {}

  async call<T = Answer>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie, 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    const json = (await res.json().catch(() => null)) as { csrfToken?: string } | null;
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
    if (json?.csrfToken) this.csrf = json.csrfToken;
    return json as T;
  }
}

export interface World {
  server: ServerProcess;
  dir: string;
  admin: Client;
  receiver: Receiver;
  token: string;
  shop: { botId: number; channelId: number };
  support: { botId: number; channelId: number };
  operators: { olga: { id: number; email: string }; pavel: { id: number; email: string } };
  /** The lead writes through the API channel (as their messenger would). */
  leadSays(channel: 'shop' | 'support', messengerId: string, text: string, name?: string): Promise<{ leadId: number }>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;
export async function buildWorld(env: Record<string, string> = {}): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-e2e-'));
  const serverEnv = { DATABASE_URL: `sqlite:${path.join(dir, 'md.db')}`, DATA_DIR: dir, WEBHOOK_ALLOW_PRIVATE: 'true', ...env };
  let server = await startServer(serverEnv);
  const receiver = await startReceiver();
  const admin = new Client(server.url);
  await admin.call('POST', '/api/v1/setup/owner', { businessName: 'Гончарный круг', name: 'Anna Admin', email: 'anna@example.test', password: PASSWORD });
  const support = await admin.call('POST', '/api/v1/departments', { code: 'support', name: 'Support' });
  const user = (name: string, email: string, departmentIds: number[]) =>
    admin
      .call('POST', '/api/v1/users', { name, email, password: PASSWORD, roles: ['operator'], departmentIds })
      .then((r) => ({ id: r.user.id as number, email }));
  const olga = await user('Olga', 'olga@example.test', [support.department.id]);
  const pavel = await user('Pavel', 'pavel@example.test', []);
  const bot = async (file: string) => {
    const doc = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../server/demo/bots/${file}`), 'utf8'));
    const b = await admin.call('POST', '/api/v1/bots/import', doc);
    const c = await admin.call('POST', '/api/v1/channels', { botId: b.bot.id, kind: 'api', name: `${file} API`, webhookUrl: receiver.url });
    return { botId: b.bot.id as number, channelId: c.channel.id as number };
  };
  const shop = await bot('shop.json');
  const supportBot = await bot('support.json');
  const token = (await admin.call('POST', '/api/v1/tokens', { name: 'messenger', roles: ['admin'] })).secret as string;
  const world: World = {
    server,
    dir,
    admin,
    receiver,
    token,
    shop,
    support: supportBot,
    operators: { olga, pavel },
    async leadSays(channel, messengerId, text, name) {
      const id = channel === 'shop' ? shop.channelId : supportBot.channelId;
      const r = await admin.call(
        'POST',
        `/api/v1/channels/${id}/inbound`,
        {
          lead: { messengerId, ...(name ? { name } : {}) },
          message: { clientMessageId: `m${++seq}`, text },
        },
        { authorization: `Bearer ${token}` },
      );
      return { leadId: r.leadId as number };
    },
    async restart() {
      const port = server.port;
      await server.stop();
      server = await startServer({ ...serverEnv, PORT: String(port) });
      world.server = server;
    },
    async close() {
      await server.stop();
      await receiver.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Webhook bodies the lead's messenger received, as text. */
export function received(w: World): string[] {
  return w.receiver.receipts.map((r) => r.body);
}

/**
 * A world and a browser, started together; if either fails to start, the other is closed before the
 * error is thrown (a bare Promise.all would leave a server process running after the tests).
 */
export async function worldAndBrowser(start: { world: () => Promise<World>; browser: () => Promise<Browser> }) {
  const [world, browser] = await Promise.allSettled([start.world(), start.browser()]);
  if (world.status === 'fulfilled' && browser.status === 'fulfilled') return [world.value, browser.value] as const;
  if (world.status === 'fulfilled') await world.value.close();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw world.status === 'rejected' ? world.reason : (browser as PromiseRejectedResult).reason;
}
