import { createHmac } from 'node:crypto';
import type { Outbound, OutboundResult } from '../outbound';
import { refusedTarget, systemLookup, type Lookup } from './webhook-guard';

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

/**
 * The API channel's way out: POSTs the payload to the channel's webhook URL, signed with its
 * secret. A 2xx acknowledges; anything else (other status, redirect, timeout, refused address) fails.
 */
export function createApiOutbound(opts: ApiOutboundOptions): Outbound {
  const lookup = opts.lookup ?? systemLookup;
  return async ({ deliveryId, body, channel, now }) => {
    if (!channel.webhookUrl) return { ok: false, error: 'the channel has no webhook URL' };
    const url = new URL(channel.webhookUrl);
    if (!opts.allowPrivate) {
      const why = await refusedTarget(url, lookup);
      if (why) return { ok: false, error: why };
    }
    const timestamp = Math.floor(now / 1000);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-metadesk-event': 'message.created',
          'x-metadesk-delivery': String(deliveryId),
          'x-metadesk-timestamp': String(timestamp),
          'x-metadesk-signature': signWebhook(channel.webhookSecret, timestamp, body),
        },
        body,
        // A redirect could point at an address the guard never checked: treat it as a failure.
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      if (res.status >= 200 && res.status < 300) {
        await res.body?.cancel().catch(() => undefined);
        return { ok: true };
      }
      return { ok: false, error: `HTTP ${res.status}${await snippet(res)}` };
    } catch (err) {
      return failure(err, opts.timeoutMs);
    }
  };
}

/** The start of an error response, for the admin's delivery list; never reads a large body whole. */
async function snippet(res: Response, max = 200): Promise<string> {
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel().catch(() => undefined);
    return ` (redirect to ${res.headers.get('location') ?? '?'} not followed)`;
  }
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that breaks off mid-way still leaves us the status line.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString('utf8').slice(0, max).replace(/\s+/g, ' ').trim();
  return text ? `: ${text}` : '';
}

function failure(err: unknown, timeoutMs: number): OutboundResult {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, error: `no answer within ${timeoutMs / 1000} s` };
  if (e.cause?.code) return { ok: false, error: `connection failed: ${e.cause.code}` };
  return { ok: false, error: e.cause?.message ?? e.message ?? String(err) };
}
