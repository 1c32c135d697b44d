// A real server is killed with SIGKILL in the middle of a burst of Telegram updates (posted to its
// webhook by the local Bot API server, test/telegram-server.ts) and of the bot's replies going out
// through sendMessage. After a restart on the same SQLite file (Telegram delivers what is pending
// again), or on PostgreSQL with a second process that shares the database and Redis and takes the
// channel over by long polling (getUpdates hands out what the dead webhook never took), every update
// is stored once as a lead message, answered by the bot once, and every answer reaches Telegram at
// least once. The Bot API has no idempotency key: a reply whose sendMessage succeeded just before the
// kill, before its outbox row was marked done, is sent again; there can be no more of those than the
// killed process had deliveries in flight.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WebhookInfo } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { Client } from '../e2e/world';
import { CRASH_BOT, DELIVERY_SLOTS_PER_PROCESS, openReader, seconds, sharingEnv, useCrashScene } from './crash-support';
import { dialects, freshDatabase, type Dialect } from './harness';
import { freePort, startServer, type ServerProcess } from './server-process';
import { startTelegramServer, type TelegramServer } from './telegram-server';
import { eventually } from './webhook-receiver';

const CHATS = 30;
const MESSAGES_PER_CHAT = 3;
const TOTAL = CHATS * MESSAGES_PER_CHAT;
/** Chats writing at once (each writes its messages one after another, in order). */
const PUSHERS = 10;
/** A chat's pause between two of its messages (at most; a random part of it). */
const PUSH_PAUSE_MS = 60;
/** Killed once this many updates were acknowledged by the webhook… */
const KILL_AFTER_ACKED = TOTAL / 3;
/** …and this many replies reached Telegram: the outbox is sending. */
const KILL_AFTER_SENT = 5;

/** A private chat's id is its user's. */
const userIdOf = (chat: number) => 700_001 + chat;
const firstNameOf = (chat: number) => `Chat${chat}`;
const textOf = (chat: number, n: number) => `message ${n} from chat ${chat}`;
const replyOf = (chat: number) => `Noted, ${firstNameOf(chat)}.`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Pushed {
  chat: number;
  n: number;
  updateId: number;
  /** When pushUpdate was called (the update is queued at Telegram then). */
  at: number;
  /** The webhook's status for this update in its own push (0: no connection); absent when an earlier push delivered it, or the queue stopped before it. */
  status: number | undefined;
}

interface Pushes {
  /** pushUpdate calls made: every one queued an update at Telegram. */
  started: number;
  /** The finished pushes, in the order they finished. */
  list: Pushed[];
  /** While closed, no new update is pushed. */
  gate: Promise<void>;
  done: Promise<void>;
}

/**
 * Every chat writes its messages, PUSHERS chats at a time, each update pushed once: Telegram keeps
 * what its webhook refused and delivers it again on its own (tg.redeliver here), or hands it to
 * getUpdates once the webhook is deleted.
 */
function pushAll(tg: TelegramServer, token: string): Pushes {
  const pushes: Pushes = { started: 0, list: [], gate: Promise.resolve(), done: Promise.resolve() };
  let next = 0;
  const worker = async () => {
    while (next < CHATS) {
      const chat = next++;
      for (let n = 1; n <= MESSAGES_PER_CHAT; n++) {
        await pushes.gate;
        const update = tg.updates.text(token, { userId: userIdOf(chat), firstName: firstNameOf(chat), text: textOf(chat, n) });
        const at = Date.now();
        pushes.started++;
        const r = await tg.pushUpdate(token, update);
        pushes.list.push({ chat, n, updateId: r.update_id, at, status: r.webhookStatus });
        await sleep(Math.random() * PUSH_PAUSE_MS);
      }
    }
  };
  pushes.done = Promise.all(Array.from({ length: PUSHERS }, worker)).then(() => undefined);
  return pushes;
}

describe.each(await dialects())('a SIGKILL amid Telegram updates and replies on %s', (dialect: Dialect) => {
  const { servers, cleanups } = useCrashScene();

  it(
    dialect === 'sqlite'
      ? 'loses and doubles nothing when the server is killed and restarted on the same file, Telegram redelivering to its webhook'
      : 'loses and doubles nothing when the webhook’s server is killed: the other takes the channel over by long polling',
    async () => {
      const { url: databaseUrl, drop } = await freshDatabase(dialect);
      cleanups.push(drop);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-crash-tg-data-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const tg = await startTelegramServer();
      cleanups.push(() => tg.close());
      const { token } = tg.addBot({ username: 'crash_test_bot' });
      const webhookInfo = async () => ((await fetch(`${tg.url}/bot${token}/getWebhookInfo`).then((r) => r.json())) as { result: WebhookInfo }).result;

      const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, TELEGRAM_API_ROOT: tg.url, ...sharingEnv(dialect, 'crash-tg-test') };
      // Each process's PUBLIC_URL is its own address: the webhook set through a process points at it.
      const on = (port: number) => ({ ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });

      // 1. The victim (Telegram's webhook points at it) migrates the new database; on PostgreSQL a
      // second process starts on it after, sharing the bot jobs and the outbox.
      const victim = await startServer(on(await freePort()));
      servers.push(victim);
      const survivor = dialect === 'postgres' ? await startServer(on(await freePort())) : undefined;
      if (survivor) servers.push(survivor);

      const admin = new Client(victim.url);
      await admin.call('POST', '/api/v1/setup/owner', {
        businessName: 'Crash test',
        name: 'Anna Admin',
        email: 'anna@example.test',
        password: 'correct horse battery',
      });
      const bot = await admin.call('POST', '/api/v1/bots/import', CRASH_BOT);
      const created = await admin.call('POST', '/api/v1/channels', { botId: bot.bot.id, kind: 'telegram', name: 'Crash Telegram', token, updates: 'webhook' });
      const channelId = created.channel.id as number;
      const apiToken = (await admin.call('POST', '/api/v1/tokens', { name: 'ops', roles: ['admin'] })).secret as string;
      expect((await webhookInfo()).url).toBe(`${victim.url}/api/v1/channels/${channelId}/telegram`);

      // When each reply (by its index in sent()) was first seen at Telegram, and when getUpdates first handed updates out.
      const sentSeenAt: number[] = [];
      let firstPolledAt = 0;
      const watch = setInterval(() => {
        const now = Date.now();
        for (let i = sentSeenAt.length; i < tg.sent(token).length; i++) sentSeenAt.push(now);
        if (!firstPolledAt && tg.calls.some((c) => c.methodLower === 'getupdates' && c.response?.body.ok && (c.response.body.result as unknown[]).length > 0))
          firstPolledAt = now;
      }, 10);
      cleanups.push(async () => clearInterval(watch));

      // 2. The burst.
      const pushes = pushAll(tg, token);
      // An update whose push came back without a status was delivered by an earlier push's run, as long as none failed.
      const acked = () => pushes.list.filter((p) => p.status === 200 || p.status === undefined).length;

      // 3. The kill: once a third of the updates are in and replies are going out.
      await eventually(() => acked() >= KILL_AFTER_ACKED && tg.sent(token).length >= KILL_AFTER_SENT, 30_000);
      // At a random point of the webhook calls under way (the pushes come in waves: Telegram delivers one
      // update after another, and a push returns once what was queued before it is through): an update
      // may be in the middle of its transaction, or committed with its 200 not yet sent.
      await sleep(Math.random() * 80);
      const sentAtKill = tg.sent(token).length;
      await victim.kill('SIGKILL');
      const killedAt = Date.now();
      // What Telegram holds now: pushes wait while it is counted (the webhook call in flight has failed by then).
      let reopen!: () => void;
      pushes.gate = new Promise<void>((r) => (reopen = r));
      await sleep(50);
      const startedAtKill = pushes.started;
      const pendingAtKill = (await webhookInfo()).pending_update_count;
      expect(pushes.started).toBe(startedAtKill);
      const ackedAtKill = startedAtKill - pendingAtKill;
      reopen();

      // 4. Recovery. SQLite: restart on the same file and port, and Telegram delivers the pending
      // updates again. PostgreSQL: the webhook's address is dead; the channel is switched to long
      // polling through the survivor (deleteWebhook keeps the pending updates for getUpdates).
      let restarted: ServerProcess | undefined;
      if (!survivor) {
        restarted = await startServer(on(victim.port));
        servers.push(restarted);
      } else {
        const patched = await new Client(survivor.url).call(
          'PATCH',
          `/api/v1/channels/${channelId}`,
          { updates: 'polling' },
          { authorization: `Bearer ${apiToken}` },
        );
        expect(patched.channel.telegram.updates).toBe('polling');
        expect((await webhookInfo()).url).toBe('');
      }
      const recoveredAt = Date.now();
      const live = (restarted ?? survivor)!;

      // Telegram retries a webhook until it takes every update; the poller empties the queue itself.
      await pushes.done;
      await eventually(async () => {
        if (!survivor) await tg.redeliver(token);
        if ((await webhookInfo()).pending_update_count === 0) return true;
        await sleep(100);
        return false;
      }, 30_000);
      const doneAt = Date.now();

      // Everything stored, answered and delivered: no bot job left, every outbox row done.
      const watcher = openReader(databaseUrl);
      try {
        const { db } = watcher;
        await eventually(async () => {
          const authors = await db.selectFrom('messages').select('author').execute();
          const outbox = await db.selectFrom('outbox').select('status').execute();
          const jobs = await db.selectFrom('bot_jobs').select('id').execute();
          const count = (author: string) => authors.filter((m) => m.author === author).length;
          if (count('lead') >= TOTAL && count('bot') >= TOTAL && outbox.length >= TOTAL && outbox.every((o) => o.status === 'done') && jobs.length === 0)
            return true;
          await sleep(100);
          return false;
        }, 60_000);
      } finally {
        await watcher.close();
      }
      const metrics = await fetch(`${live.url}/metrics`).then((r) => r.text());
      const takeovers =
        [...metrics.matchAll(/^metadesk_job_lease_takeovers_total\{[^}]*queue="([^"]+)"[^}]*\} (\d+)/gm)].map(([, q, n]) => `${q} ${n}`).join(', ') || 'none';
      await Promise.all(servers.splice(0).map((s) => s.stop()));
      clearInterval(watch);

      // 5. What the database holds, read after the last process stopped.
      const reader = openReader(databaseUrl);
      try {
        const { db } = reader;
        const messages = await db
          .selectFrom('messages')
          .innerJoin('leads', 'leads.id', 'messages.lead_id')
          .select([
            'messages.id',
            'messages.lead_id',
            'messages.author',
            'messages.client_message_id',
            'messages.text',
            'messages.delivery',
            'messages.created_at',
            'leads.messenger_id',
          ])
          .where('leads.channel_id', '=', channelId)
          .orderBy('messages.id')
          .execute();
        const leadMessages = messages.filter((m) => m.author === 'lead');
        const botMessages = messages.filter((m) => m.author === 'bot');
        expect(messages.filter((m) => m.author !== 'lead' && m.author !== 'bot')).toEqual([]);

        // Every update pushed stored exactly once, as its chat's message under tg:<update_id>.
        expect(pushes.list).toHaveLength(TOTAL);
        const expected = pushes.list.map((p) => `${userIdOf(p.chat)} tg:${p.updateId} ${textOf(p.chat, p.n)}`);
        expect(leadMessages.map((m) => `${m.messenger_id} ${m.client_message_id} ${m.text}`).sort()).toEqual(expected.sort());

        // Every lead message ran the bot exactly once: no job is left, each chat has as many replies as messages.
        expect(await db.selectFrom('bot_jobs').select(['id', 'kind', 'ref', 'status', 'attempts', 'last_error']).execute()).toEqual([]);
        const perChat = new Map<string, { lead: number; bot: number }>();
        for (const m of messages) {
          const c = perChat.get(m.messenger_id) ?? { lead: 0, bot: 0 };
          c[m.author as 'lead' | 'bot']++;
          perChat.set(m.messenger_id, c);
        }
        expect(perChat.size).toBe(CHATS);
        for (const [chatId, c] of perChat) expect({ chatId, ...c }).toEqual({ chatId, lead: MESSAGES_PER_CHAT, bot: MESSAGES_PER_CHAT });
        expect(botMessages.map((m) => m.text).sort()).toEqual(
          Array.from({ length: CHATS }, (_, chat) => Array.from({ length: MESSAGES_PER_CHAT }, () => replyOf(chat)))
            .flat()
            .sort(),
        );

        // Every reply has one delivery, done, and its message says sent.
        const outbox = await db.selectFrom('outbox').select(['id', 'message_id', 'lead_id', 'status', 'attempts', 'last_error']).execute();
        expect(outbox.filter((o) => o.status !== 'done')).toEqual([]);
        expect(outbox.map((o) => o.message_id).sort((a, b) => a! - b!)).toEqual(botMessages.map((m) => m.id));
        expect(botMessages.filter((m) => m.delivery !== 'sent')).toEqual([]);

        // Telegram: each chat got its replies at least once (they are all one text, so a chat's count
        // tells), nothing went to a chat that did not write; a reply sent twice is one whose
        // sendMessage succeeded before the kill and whose done mark died with the process.
        const sent = tg.sent(token);
        expect(sent.filter((m) => m.method !== 'sendMessage')).toEqual([]);
        const repeats: string[] = [];
        for (let chat = 0; chat < CHATS; chat++) {
          const texts = tg.sent(token, userIdOf(chat)).map((m) => m.text);
          expect({ chat, texts: [...new Set(texts)] }).toEqual({ chat, texts: [replyOf(chat)] });
          expect(texts.length, `replies at Telegram in chat ${userIdOf(chat)}`).toBeGreaterThanOrEqual(MESSAGES_PER_CHAT);
          if (texts.length > MESSAGES_PER_CHAT) repeats.push(`${userIdOf(chat)} ×${texts.length - MESSAGES_PER_CHAT}`);
        }
        const chats = new Set(Array.from({ length: CHATS }, (_, chat) => userIdOf(chat)));
        expect(sent.filter((m) => !chats.has(m.chat_id))).toEqual([]);
        const repeated = sent.length - botMessages.length;
        expect(repeated).toBeLessThanOrEqual(DELIVERY_SLOTS_PER_PROCESS);

        // The numbers, for the report.
        const storedByVictim = leadMessages.filter((m) => m.created_at <= killedAt).length;
        const lastStoredAt = Math.max(...leadMessages.map((m) => m.created_at));
        const lastReplyAt = sentSeenAt[sent.length - 1] ?? 0;
        const pushedBefore = pushes.list.filter((p) => p.at < killedAt).length;
        const pushedDuring = pushes.list.filter((p) => p.at >= killedAt && p.at < recoveredAt).length;
        const statuses = new Map<string, number>();
        for (const p of pushes.list) statuses.set(String(p.status ?? '-'), (statuses.get(String(p.status ?? '-')) ?? 0) + 1);
        const getUpdates = tg.calls.filter((c) => c.methodLower === 'getupdates' && c.response?.body.ok);
        const polled = getUpdates.reduce((sum, c) => sum + (c.response!.body.ok ? (c.response!.body.result as unknown[]).length : 0), 0);
        // On PostgreSQL everything pushed after the kill can only have come by getUpdates.
        if (survivor) expect(polled).toBeGreaterThanOrEqual(TOTAL - ackedAtKill);
        console.log(
          `[crash-telegram ${dialect}] killed with ${ackedAtKill}/${TOTAL} updates acknowledged and ${storedByVictim} stored ` +
            `(${storedByVictim - ackedAtKill} stored but unacknowledged: delivered again, stored once), ${pendingAtKill} pending at Telegram, ` +
            `${sentAtKill}/${TOTAL} replies at Telegram; ` +
            `pushes: ${pushedBefore} before the kill, ${pushedDuring} during the outage, ${TOTAL - pushedBefore - pushedDuring} after ` +
            `(own webhook status: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}); ` +
            (survivor
              ? `switched to polling ${seconds(recoveredAt - killedAt)} after the kill, getUpdates handed out ${polled} updates, the first ${seconds(firstPolledAt - killedAt)} after the kill; `
              : `restart took ${seconds(recoveredAt - killedAt)}; Telegram's queue empty ${seconds(doneAt - killedAt)} after the kill; `) +
            `last update stored ${seconds(lastStoredAt - killedAt)} after the kill, last reply at Telegram ${seconds(lastReplyAt - killedAt)} after the kill; ` +
            `lease takeovers: ${takeovers}; ` +
            `Telegram: ${sent.length} sendMessage for ${botMessages.length} replies (${repeated} repeated${repeats.length ? `: ${repeats.join(', ')}` : ''})`,
        );
      } finally {
        await reader.close();
      }
    },
    120_000,
  );
});
