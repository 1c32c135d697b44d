// A real server is killed with SIGKILL under load: lead messages are being posted, the bot is
// answering, webhook deliveries are in flight. After a restart on the same SQLite file (or, on
// PostgreSQL, with a second process that shares the database and Redis and survives), every lead
// message is stored once, answered by the bot once, and every answer reaches the webhook at least
// once, a repeat always under the same delivery id (docs/ARCHITECTURE.md, "How a job runs").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '../e2e/world';
import { CRASH_BOT, DELIVERY_SLOTS_PER_PROCESS, openReader, seconds, sharingEnv, useCrashScene } from './crash-support';
import { dialects, freshDatabase, type Dialect } from './harness';
import { startServer, type ServerProcess } from './server-process';
import { eventually, startReceiver, type Receipt, type Receiver } from './webhook-receiver';

const LEADS = 40;
const MESSAGES_PER_LEAD = 3;
const TOTAL = LEADS * MESSAGES_PER_LEAD;
/** Lead workers posting at once (each posts its lead's messages one after another, in order). */
const POSTERS = 10;
/** Killed once this many posts were acknowledged: the rest are still to come or in flight. */
const KILL_AFTER_ACKED = 40;

interface Hook {
  event: string;
  lead: { id: number; messengerId: string };
  message: { id: number; author: string; text: string };
}

const messengerId = (lead: number) => `crash-${lead}`;
const clientMessageId = (lead: number, n: number) => `crash-${lead}-${n}`;
const textOf = (lead: number, n: number) => `message ${n} of lead ${lead}`;
const hookOf = (r: Receipt) => JSON.parse(r.body) as Hook;

interface Posts {
  acked: number;
  /** The acknowledged posts in the order of their answers. */
  ackedOrder: { lead: number; n: number }[];
  /** Posts that failed (the server died under them, or a stale keep-alive connection to it) and were sent again. */
  failures: number;
  /** Retries answered `duplicate: true`: the first attempt had been committed, its answer lost. */
  duplicates: number;
  /** Messages stored for the first time by a retry. */
  storedByRetry: number;
  done: Promise<void>;
}

/** Posts message `n` of `lead` once; status 0 when no answer came (the server died, the connection was refused). */
function postMessage(base: string, o: { channelId: number; token: string }, lead: number, n: number) {
  return fetch(`${base}/api/v1/channels/${o.channelId}/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
    body: JSON.stringify({ lead: { messengerId: messengerId(lead) }, message: { clientMessageId: clientMessageId(lead, n), text: textOf(lead, n) } }),
    signal: AbortSignal.timeout(20_000),
  }).then(
    async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as { duplicate?: boolean } | null }),
    (err: unknown) => ({ status: 0, body: null, err }),
  );
}

/**
 * Posts every lead's messages through the API channel, POSTERS leads at a time. A post that fails
 * is sent again with the same clientMessageId once `recovered` says where (the restarted server or
 * the survivor), as a messenger bridge would.
 */
function postAll(o: { base: (lead: number) => string; channelId: number; token: string; recovered: Promise<void>; errors: string[] }): Posts {
  const posts: Posts = { acked: 0, ackedOrder: [], failures: 0, duplicates: 0, storedByRetry: 0, done: Promise.resolve() };
  const post = async (lead: number, n: number) => {
    let failed = 0;
    for (;;) {
      const answer = await postMessage(o.base(lead), o, lead, n);
      if (answer.status === 200) {
        posts.acked++;
        posts.ackedOrder.push({ lead, n });
        if (failed > 0 && answer.body?.duplicate) posts.duplicates++;
        if (failed > 0 && !answer.body?.duplicate) posts.storedByRetry++;
        if (failed === 0 && answer.body?.duplicate) o.errors.push(`${clientMessageId(lead, n)}: a first post was answered as a duplicate`);
        return;
      }
      // Only a dead server's refusals are retried: any answer other than 200 is a failure of the test.
      if (answer.status !== 0) {
        o.errors.push(`${clientMessageId(lead, n)}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
        return;
      }
      posts.failures++;
      if (++failed > 20) {
        o.errors.push(`${clientMessageId(lead, n)}: gave up after ${failed} failures: ${String((answer as { err?: unknown }).err)}`);
        return;
      }
      await o.recovered;
      if (failed > 1) await new Promise((r) => setTimeout(r, 100));
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < LEADS) {
      const lead = next++;
      for (let n = 1; n <= MESSAGES_PER_LEAD; n++) await post(lead, n);
    }
  };
  posts.done = Promise.all(Array.from({ length: POSTERS }, worker)).then(() => undefined);
  return posts;
}

describe.each(await dialects())('a SIGKILL under load on %s', (dialect: Dialect) => {
  const { servers, cleanups } = useCrashScene();

  it(
    dialect === 'sqlite'
      ? 'loses and doubles nothing when the server is killed and restarted on the same file'
      : 'loses and doubles nothing when one of two servers is killed: the survivor takes its work over',
    async () => {
      const { url: databaseUrl, drop } = await freshDatabase(dialect);
      cleanups.push(drop);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-crash-data-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, WEBHOOK_ALLOW_PRIVATE: 'true', ...sharingEnv(dialect, 'crash-test') };

      // Before the kill the receiver answers the first few deliveries, then holds every one: the
      // channel's delivery slots fill up with requests in flight. After it, it answers everything,
      // every fifth a little slowly.
      let killed = false;
      const held = new Set<string>();
      const arrivedAt = new WeakMap<Receipt, number>();
      const receiver: Receiver = await startReceiver(async (r, n) => {
        arrivedAt.set(r, Date.now());
        const slowly = (ms: number) => new Promise<number>((ok) => setTimeout(() => ok(200), ms));
        if (killed) return n % 5 === 0 ? slowly(100) : 200;
        if (n <= 3) return slowly(50);
        held.add(r.deliveryId);
        return 'hang';
      });
      cleanups.push(() => receiver.close());

      // The first process migrates the new database; a second one (PostgreSQL) starts on it after.
      const victim = await startServer(env);
      servers.push(victim);
      const survivor = dialect === 'postgres' ? await startServer(env) : undefined;
      if (survivor) servers.push(survivor);
      const processes = survivor ? 2 : 1;

      const admin = new Client(victim.url);
      await admin.call('POST', '/api/v1/setup/owner', {
        businessName: 'Crash test',
        name: 'Anna Admin',
        email: 'anna@example.test',
        password: 'correct horse battery',
      });
      const bot = await admin.call('POST', '/api/v1/bots/import', CRASH_BOT);
      const channel = await admin.call('POST', '/api/v1/channels', { botId: bot.bot.id, kind: 'api', name: 'Crash API', webhookUrl: receiver.url });
      const token = (await admin.call('POST', '/api/v1/tokens', { name: 'messenger', roles: ['admin'] })).secret as string;
      const channelId = channel.channel.id as number;

      // 2. The load: on PostgreSQL, even leads talk to the victim and odd ones to the survivor.
      let recover!: () => void;
      const recovered = new Promise<void>((ok) => (recover = ok));
      let restarted: ServerProcess | undefined;
      const errors: string[] = [];
      const base = (lead: number) => (survivor ? (lead % 2 === 1 || killed ? survivor.url : victim.url) : (restarted ?? victim).url);
      const posts = postAll({ base, channelId, token, recovered, errors });

      // 3. The kill: once some posts are in, and every delivery slot of every process holds a request.
      await eventually(() => posts.acked >= KILL_AFTER_ACKED && held.size >= DELIVERY_SLOTS_PER_PROCESS * processes, 60_000);
      const inFlightAtKill = new Set(held);
      const ackedAtKill = posts.acked;
      // The last answers before the kill, as if they had been lost on the way: sent again below.
      const lastAcked = posts.ackedOrder.slice(-10);
      await victim.kill('SIGKILL');
      const killedAt = Date.now();
      killed = true;
      // The survivor's held requests are answered 200 now; the victim's died with it.
      receiver.release(200);

      // 4. Restart on the same file (SQLite), or go on with the survivor (PostgreSQL).
      let upAt = killedAt;
      if (!survivor) {
        restarted = await startServer({ ...env, PORT: String(victim.port) });
        servers.push(restarted);
        upAt = Date.now();
      }
      recover();

      // A messenger that never saw its answer posts again: acknowledged as a duplicate, stored once.
      for (const { lead, n } of lastAcked) {
        let again = await postMessage(base(lead), { channelId, token }, lead, n);
        // A keep-alive connection to the dead process may still be in the pool and fail.
        for (let i = 0; again.status === 0 && i < 5; i++) again = await postMessage(base(lead), { channelId, token }, lead, n);
        expect({ id: clientMessageId(lead, n), status: again.status, duplicate: again.body?.duplicate }).toEqual({
          id: clientMessageId(lead, n),
          status: 200,
          duplicate: true,
        });
      }

      // Every lead's every message answered at the webhook (a reply is a bot message not seen before).
      const answered = new Map<string, Set<number>>();
      let lastNewReplyAt = 0;
      let seen = 0;
      const allAnswered = () => {
        for (; seen < receiver.receipts.length; seen++) {
          const receipt = receiver.receipts[seen]!;
          const hook = hookOf(receipt);
          const ids = answered.get(hook.lead.messengerId) ?? new Set<number>();
          answered.set(hook.lead.messengerId, ids);
          if (!ids.has(hook.message.id)) lastNewReplyAt = arrivedAt.get(receipt) ?? Date.now();
          ids.add(hook.message.id);
        }
        if (answered.size < LEADS) return false;
        for (const ids of answered.values()) if (ids.size < MESSAGES_PER_LEAD) return false;
        return true;
      };
      await posts.done;
      expect(errors).toEqual([]);
      await eventually(allAnswered, 60_000);
      // How many claims of the process that went on were takeovers of an expired lease, per queue.
      const metrics = await fetch(`${(restarted ?? survivor)!.url}/metrics`).then((r) => r.text());
      const takeovers =
        [...metrics.matchAll(/^metadesk_job_lease_takeovers_total\{[^}]*queue="([^"]+)"[^}]*\} (\d+)/gm)].map(([, q, n]) => `${q} ${n}`).join(', ') || 'none';
      // What the processes logged about their leases (warnings, for the report).
      const logged = (needle: string) => servers.reduce((sum, s) => sum + s.output().split(needle).length - 1, 0);
      const lease = `${logged('taking over a job')} takeovers logged, ${logged('taken over by another worker')} leases lost, ${logged('could not renew')} renewals failed, ${logged('"job failed')} jobs failed`;
      await Promise.all(servers.splice(0).map((s) => s.stop()));

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
            'leads.messenger_id',
          ])
          .orderBy('messages.id')
          .execute();
        const leadMessages = messages.filter((m) => m.author === 'lead');
        const botMessages = messages.filter((m) => m.author === 'bot');
        expect(messages.filter((m) => m.author !== 'lead' && m.author !== 'bot')).toEqual([]);

        // Every lead message stored exactly once, the posted one.
        const expected = Array.from({ length: LEADS }, (_, lead) =>
          Array.from({ length: MESSAGES_PER_LEAD }, (_, i) => `${messengerId(lead)} ${clientMessageId(lead, i + 1)} ${textOf(lead, i + 1)}`),
        ).flat();
        expect(leadMessages.map((m) => `${m.messenger_id} ${m.client_message_id} ${m.text}`).sort()).toEqual(expected.sort());

        // Every lead message ran the bot exactly once: no job is left (a finished job is deleted; a
        // failed one would stay), and each lead has as many replies as messages.
        expect(await db.selectFrom('bot_jobs').select(['id', 'kind', 'ref', 'status', 'attempts', 'last_error']).execute()).toEqual([]);
        const perLead = new Map<number, { lead: number; bot: number }>();
        for (const m of messages) {
          const c = perLead.get(m.lead_id) ?? { lead: 0, bot: 0 };
          c[m.author as 'lead' | 'bot']++;
          perLead.set(m.lead_id, c);
        }
        expect(perLead.size).toBe(LEADS);
        for (const [leadId, c] of perLead) expect({ leadId, ...c }).toEqual({ leadId, lead: MESSAGES_PER_LEAD, bot: MESSAGES_PER_LEAD });
        expect(botMessages).toHaveLength(TOTAL);

        // Every reply has one delivery, done, and its message says sent.
        const outbox = await db.selectFrom('outbox').select(['id', 'message_id', 'lead_id', 'status', 'attempts']).execute();
        expect(outbox.filter((o) => o.status !== 'done')).toEqual([]);
        expect(outbox.map((o) => o.message_id).sort((a, b) => a! - b!)).toEqual(botMessages.map((m) => m.id));
        expect(botMessages.filter((m) => m.delivery !== 'sent')).toEqual([]);

        // The webhook: every reply arrived at least once; every receipt names a real reply under its
        // delivery's id; a message arrived twice only under the same delivery id.
        const deliveryOf = new Map(outbox.map((o) => [String(o.id), o.message_id]));
        const botById = new Map(botMessages.map((m) => [m.id, m]));
        const idsOfMessage = new Map<number, Set<string>>();
        for (const r of receiver.receipts) {
          const hook = hookOf(r);
          expect(hook.event).toBe('message.created');
          expect(deliveryOf.get(r.deliveryId), `delivery ${r.deliveryId} is not a row of the outbox`).toBe(hook.message.id);
          const stored = botById.get(hook.message.id);
          expect(stored, `message ${hook.message.id} at the webhook is not a stored bot reply`).toBeDefined();
          expect(hook.lead.messengerId).toBe(stored!.messenger_id);
          expect(hook.message.author).toBe('bot');
          idsOfMessage.set(hook.message.id, (idsOfMessage.get(hook.message.id) ?? new Set()).add(r.deliveryId));
        }
        expect([...botById.keys()].filter((id) => !idsOfMessage.has(id))).toEqual([]);
        expect([...idsOfMessage].filter(([, ids]) => ids.size !== 1)).toEqual([]);

        // The deliveries in flight in the victim when it died were sent again (by the restarted
        // process or the survivor): on SQLite every held one, on PostgreSQL at least one.
        const countOf = (id: string) => receiver.receipts.filter((r) => r.deliveryId === id).length;
        const redelivered = [...inFlightAtKill].filter((id) => countOf(id) >= 2);
        if (!survivor) expect(redelivered.sort()).toEqual([...inFlightAtKill].sort());
        else expect(redelivered.length).toBeGreaterThan(0);

        const doubles = receiver.receipts.length - idsOfMessage.size;
        console.log(
          `[crash ${dialect}] killed after ${ackedAtKill}/${TOTAL} posts acknowledged, ${inFlightAtKill.size} deliveries in flight; ` +
            (survivor ? '' : `restart took ${seconds(upAt - killedAt)}; `) +
            (survivor ? '' : `last new reply ${seconds(lastNewReplyAt - upAt)} after the restart, `) +
            `last new reply ${seconds(lastNewReplyAt - killedAt)} after the kill; lease takeovers: ${takeovers} (${lease}); ` +
            `posts: ${posts.failures} failed and retried, ${posts.duplicates} retries were duplicates, ${posts.storedByRetry} stored by the retry, ${lastAcked.length} acknowledged ones re-posted (duplicates); ` +
            `webhook: ${receiver.receipts.length} receipts for ${idsOfMessage.size} replies (${doubles} repeated, ${redelivered.length} of the in-flight ones)`,
        );
      } finally {
        await reader.close();
      }
    },
    120_000,
  );
});
