// The one interface every channel kind's outbound adapter implements (api/outbound.ts, telegram/outbound.ts).

/** One attempt to deliver one outbox row. */
export interface OutboundJob {
  /** The outbox row id: stable across retries, so receivers can dedupe. */
  deliveryId: number;
  /** The outbox payload exactly as stored (JSON text): what is sent and signed. */
  body: string;
  channel: { id: number; businessId: number; webhookUrl: string | null; webhookSecret: string; config: string; credentials: string | null };
  now: number;
}

/**
 * ok: the receiver acknowledged; otherwise why not, in words for an admin's delivery list, and,
 * when the receiver said when to come back (a 429's Retry-After, Telegram's retry_after), after how
 * many ms: that replaces the back-off for this attempt. `unreachable`: the messenger says the lead
 * cannot get messages (it blocked the bot): the delivery is given up at once and the lead marked.
 */
export type OutboundResult = { ok: true } | { ok: false; error: string; retryAfterMs?: number; unreachable?: string };

/** Never throws: every failure (network, timeout, refusal) is an OutboundResult. */
export type Outbound = (job: OutboundJob) => Promise<OutboundResult>;
