import { createHmac, timingSafeEqual } from 'node:crypto';

/** The request's headers: Node's `req.headers`, a fetch `Headers`, or a plain object (names in any case). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far (seconds) the signed timestamp may be from this clock: older requests are replays. Default 300. */
  toleranceSec?: number;
  /** This clock, epoch milliseconds (tests). Default `Date.now()`. */
  now?: number;
}

function header(headers: WebhookHeaders, name: string): string {
  if (headers instanceof Headers) return headers.get(name) ?? '';
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return typeof value === 'string' ? value : '';
  return '';
}

/**
 * True when a webhook request came from Metadesk: `x-metadesk-signature` is `sha256=` and the hex
 * HMAC-SHA256 of `<x-metadesk-timestamp>.<raw body>` keyed with the channel's webhook secret (compared
 * in constant time), and the timestamp is within `toleranceSec` of now. `rawBody`: the bytes as
 * received, before any JSON parsing (a re-serialized body does not match).
 */
export function verifyWebhook(secret: string, headers: WebhookHeaders, rawBody: string | Uint8Array, options: VerifyOptions = {}): boolean {
  const { toleranceSec = 300, now = Date.now() } = options;
  const timestamp = header(headers, 'x-metadesk-timestamp');
  const signature = header(headers, 'x-metadesk-signature');
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > toleranceSec) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
