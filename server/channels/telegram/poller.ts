// Long polling for Telegram channels without a webhook (no public https address): one poller per
// channel across every server process, held by a lease in channel_pollers. The update offset moves
// only after the updates before it are stored, so a crash re-reads them (and stores them once).
import { randomBytes } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { AppContext } from '../../context';
import type { Channel } from '../../storage/schema';
import { telegramConfig, telegramToken } from '../channel-config';
import { claimPoller, listPollingChannels, readOffset, releasePoller, saveOffset } from '../pollers.repo';
import { describeTelegramError, isGrammyError, type telegramClients } from './api';
import { ALLOWED_UPDATES } from './update.rules';

export interface TelegramPollerDeps {
  ctx: Pick<AppContext, 'db' | 'clock' | 'log'>;
  clients: ReturnType<typeof telegramClients>;
  /** Stores one update (inbound.ts receiveTelegramUpdate); throws when it could not. */
  receive: (channel: Channel, update: Update) => Promise<void>;
}

export interface TelegramPollerOptions {
  /** Seconds Telegram holds a getUpdates open when there is nothing new. */
  pollTimeoutSec?: number;
  /** How long a claim on a channel lasts without renewal; renewed before every poll. */
  leaseMs?: number;
  /** How often this process looks for channels to poll (new ones, or ones whose poller died). */
  scanMs?: number;
  /** This process's id in channel_pollers.holder. */
  holder?: string;
}

export interface TelegramPoller {
  start(): void;
  /** One scan: claims the polling channels nobody holds and starts their loops; resolves with the channel ids this process polls. */
  scan(): Promise<number[]>;
  stop(): Promise<void>;
}

export function createTelegramPoller(deps: TelegramPollerDeps, opts: TelegramPollerOptions = {}): TelegramPoller {
  const pollTimeoutSec = opts.pollTimeoutSec ?? 25;
  const leaseMs = opts.leaseMs ?? (pollTimeoutSec + 35) * 1000;
  const scanMs = opts.scanMs ?? 5_000;
  const holder = opts.holder ?? randomBytes(8).toString('hex');
  const loops = new Map<number, Promise<void>>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | null = null;

  async function scan(): Promise<number[]> {
    if (abort.signal.aborted) return [...loops.keys()];
    for (const channel of await listPollingChannels(deps.ctx.db)) {
      if (loops.has(channel.id) || telegramConfig(channel)?.updates !== 'polling') continue;
      if (!(await claimPoller(deps.ctx.db, { channelId: channel.id, holder, now: deps.ctx.clock(), leaseMs }))) continue;
      const loop = pollLoop(channel.id).finally(() => loops.delete(channel.id));
      loops.set(channel.id, loop);
    }
    return [...loops.keys()];
  }

  /** Polls one channel while this process holds it and the channel still polls. */
  async function pollLoop(channelId: number): Promise<void> {
    const log = deps.ctx.log.child({ channelId, poller: holder });
    let failures = 0;
    while (!abort.signal.aborted) {
      const channel = (await listPollingChannels(deps.ctx.db, channelId))[0];
      if (!channel || telegramConfig(channel)?.updates !== 'polling') break;
      // Renewed before each poll: a process that stops renewing loses the channel to another within leaseMs.
      if (!(await claimPoller(deps.ctx.db, { channelId, holder, now: deps.ctx.clock(), leaseMs }))) break;
      try {
        await pollOnce(channel, log);
        failures = 0;
      } catch (err) {
        if (abort.signal.aborted) break;
        failures++;
        log.warn({ error: describeTelegramError(err), failures }, 'telegram polling failed; trying again');
        // 409: a webhook is set, or another getUpdates runs for this bot (outside Metadesk).
        const waitMs = isGrammyError(err) && err.error_code === 409 ? 30_000 : Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
        await sleep(waitMs, abort.signal);
      }
    }
    await releasePoller(deps.ctx.db, { channelId, holder }).catch(() => undefined);
  }

  async function pollOnce(channel: Channel, log: AppContext['log']): Promise<void> {
    const api = await deps.clients.forToken(telegramToken(channel));
    const offset = await readOffset(deps.ctx.db, channel.id);
    // grammY's Node build types its signal with the abort-controller package; the platform's works the same.
    const signal = abort.signal as unknown as Parameters<typeof api.getUpdates>[1];
    const updates = await api.getUpdates({ offset, timeout: pollTimeoutSec, allowed_updates: [...ALLOWED_UPDATES] }, signal);
    for (const update of updates) {
      await deps.receive(channel, update);
      // Fenced on the holder: a process that lost the channel meanwhile moves nothing.
      if (!(await saveOffset(deps.ctx.db, { channelId: channel.id, holder, offset: update.update_id + 1 }))) {
        log.info('telegram poller lost its channel to another process');
        return;
      }
    }
  }

  return {
    start() {
      const tick = () => {
        scan()
          .catch((err: unknown) => deps.ctx.log.error({ err }, 'telegram poller scan failed'))
          .finally(() => {
            if (!abort.signal.aborted) timer = setTimeout(tick, scanMs);
          });
      };
      tick();
    },
    scan,
    async stop() {
      abort.abort();
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...loops.values()]);
    },
  };
}

/** Waits `ms`, or less when the poller stops. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
