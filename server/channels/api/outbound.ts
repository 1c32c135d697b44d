import { createHmac } from 'node:crypto';
import type { Lookup } from '../../net/address-guard';
import { OutboundHttpError, sendOutbound, type OutboundResponse } from '../../net/outbound-http';
import { describeWebhookRefusal } from '../../net/webhook-target';
import type { Outbound, OutboundResult } from '../outbound';

export interface ApiOutboundOptions {
  /** WEBHOOK_ALLOW_PRIVATE: allow loopback and private targets (self-hosted CRMs on the LAN). */
  allowPrivate: boolean;
  timeoutMs: number;
  lookup?: Lookup;
}

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<raw body>`: the timestamp is signed too, so replays can be bounded. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

// Only the start of an answer is kept (for the admin's delivery list); a payload is far below this.
const KEPT_RESPONSE_BYTES = 1024;
const MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * The API channel's way out: POSTs the payload to the channel's webhook URL, signed with its
 * secret, through the shared outbound client (the address it checks is the one it connects to). A
 * 2xx acknowledges; anything else (other status, redirect, timeout, refused address) fails.
 */
export function createApiOutbound(opts: ApiOutboundOptions): Outbound {
  return async ({ deliveryId, body, channel, now }) => {
    if (!channel.webhookUrl) return { ok: false, error: 'the channel has no webhook URL' };
    const timestamp = Math.floor(now / 1000);
    try {
      const res = await sendOutbound(
        {
          method: 'POST',
          url: new URL(channel.webhookUrl),
          headers: {
            'content-type': 'application/json',
            'x-metadesk-event': 'message.created',
            'x-metadesk-delivery': String(deliveryId),
            'x-metadesk-timestamp': String(timestamp),
            'x-metadesk-signature': signWebhook(channel.webhookSecret, timestamp, body),
          },
          body,
        },
        {
          allowPrivate: opts.allowPrivate,
          timeoutMs: opts.timeoutMs,
          maxRequestBytes: MAX_PAYLOAD_BYTES,
          maxResponseBytes: KEPT_RESPONSE_BYTES,
          overflow: 'truncate',
          lookup: opts.lookup,
        },
      );
      if (res.status >= 200 && res.status < 300) return { ok: true };
      return { ok: false, error: `HTTP ${res.status}${snippet(res)}` };
    } catch (err) {
      return failure(err, opts.timeoutMs);
    }
  };
}

/** The start of an error response, for the admin's delivery list. */
function snippet(res: OutboundResponse, max = 200): string {
  // A redirect could point at an address the guard never checked: it is a failure, not followed.
  if (res.status >= 300 && res.status < 400) return ` (redirect to ${res.headers.location ?? '?'} not followed)`;
  const text = res.body.toString('utf8').slice(0, max).replace(/\s+/g, ' ').trim();
  return text ? `: ${text}` : '';
}

function failure(err: unknown, timeoutMs: number): OutboundResult {
  if (!(err instanceof OutboundHttpError)) return { ok: false, error: String(err) };
  switch (err.code) {
    case 'refused':
    case 'unresolved':
      return { ok: false, error: err.detail.refusal ? describeWebhookRefusal(err.detail.refusal) : err.message };
    case 'timeout':
      return { ok: false, error: `no answer within ${timeoutMs / 1000} s` };
    case 'failed':
      return { ok: false, error: `connection failed: ${err.detail.cause ?? err.message}` };
    case 'bad_url':
    case 'request_too_large':
    case 'response_too_large':
      return { ok: false, error: err.message };
  }
}
