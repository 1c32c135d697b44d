// The one way Metadesk talks to the Telegram Bot API: grammY's typed client, pointed at the
// configured API root (TELEGRAM_API_ROOT), and what its errors mean to a delivery.
import type { Api, GrammyError, HttpError } from 'grammy';
import type { OutboundResult } from '../outbound';

// grammY (~40 ms to load) is loaded for the first call to Telegram, not at every start.
let grammy: typeof import('grammy') | undefined;
let loading: Promise<typeof import('grammy')> | undefined;
const loadGrammy = () => (loading ??= import('grammy').then((m) => (grammy = m)));

export interface TelegramClientOptions {
  apiRoot: string;
  /** Pace sends as Telegram asks (≤ 1 message/s per chat, ≤ 30/s per bot) in this process; the outbound side turns it on. */
  throttle?: boolean;
  /** Seconds a call may take; a long poll needs its own timeout on top. */
  timeoutSeconds?: number;
}

/**
 * Telegram's limits with a margin (measured with bench:telegram against a server that enforces them):
 * the throttler's defaults start a chat's next send exactly 1000 ms after the previous one started,
 * so with network jitter 15-25% of them arrived under a second apart and were refused (429); 1100 ms
 * gave none. Per bot, 30 per fixed second let up to 60 land within one second across the boundary; a
 * 35 ms spacing on top keeps them under 30 in any second.
 */
const PACING = {
  out: { maxConcurrent: 1, minTime: 1100 },
  global: { reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 1000, minTime: 35 },
};

/** A client for one bot. Its token is inside grammY's request URLs only: grammY's errors and our logs never carry it. */
export async function telegramApi(token: string, o: TelegramClientOptions): Promise<Api> {
  const { Api } = await loadGrammy();
  const api = new Api(token, { apiRoot: o.apiRoot, timeoutSeconds: o.timeoutSeconds ?? 30 });
  if (o.throttle) api.config.use((await import('@grammyjs/transformer-throttler')).apiThrottler(PACING));
  return api;
}

/** Telegram refused a call (there is none before grammY is loaded: only its calls make them). */
export function isGrammyError(err: unknown): err is GrammyError {
  return grammy !== undefined && err instanceof grammy.GrammyError;
}

function isHttpError(err: unknown): err is HttpError {
  return grammy !== undefined && err instanceof grammy.HttpError;
}

/** What a failed call says, for logs and an admin's delivery list: the method and Telegram's own words, never the payload or the token. */
export function describeTelegramError(err: unknown): string {
  if (isGrammyError(err)) return `Telegram ${err.method}: ${err.error_code} ${err.description}`;
  if (isHttpError(err)) return `Telegram unreachable: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Telegram's answers that mean the lead cannot be reached by this bot until it writes again: it
 * blocked the bot, deleted its account, or the chat is gone. Retrying those for days helps nobody.
 * Known ones as a code the workspace words in the operator's language, others as Telegram's words.
 */
export function unreachableReason(err: unknown): string | null {
  if (!isGrammyError(err)) return null;
  const d = err.description;
  if (err.error_code === 403) return /blocked/i.test(d) ? 'blocked' : /deactivated/i.test(d) ? 'deactivated' : d;
  if (err.error_code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(d)) return 'chat_not_found';
  return null;
}

/** A failed send as a delivery outcome: a 429 comes back after Telegram's retry_after, a blocked chat is given up at once. */
export function sendFailure(err: unknown): OutboundResult & { ok: false } {
  const error = describeTelegramError(err);
  const gone = unreachableReason(err);
  if (gone) return { ok: false, error, unreachable: gone };
  if (isGrammyError(err) && err.error_code === 429) {
    const seconds = Number(err.parameters.retry_after ?? 1);
    return { ok: false, error, retryAfterMs: Math.max(1, seconds) * 1000 };
  }
  return { ok: false, error };
}

/** One client per bot token in this process, so the throttle's per-chat pacing spans every send of that bot. */
export function telegramClients(o: TelegramClientOptions): { forToken(token: string): Promise<Api> } {
  const clients = new Map<string, Promise<Api>>();
  return {
    forToken(token) {
      let api = clients.get(token);
      if (!api) {
        api = telegramApi(token, o);
        clients.set(token, api);
      }
      return api;
    },
  };
}
