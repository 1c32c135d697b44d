import { describe, expect, it } from 'vitest';
import { signWebhook } from '../server/channels/api/outbound';
import { verifyWebhook } from './verify-webhook';

// The client's check against the server's own signing (server/channels/api/outbound.ts).
describe('verifyWebhook', () => {
  const secret = 'whsec-test';
  const now = 1_764_150_000_000;
  const body = '{"event":"message.created","lead":{"id":12,"name":"Ира"}}';
  const signed = (timestamp = now / 1000, b = body, s = secret) => ({
    'x-metadesk-timestamp': String(timestamp),
    'x-metadesk-signature': signWebhook(s, timestamp, b),
  });

  it('accepts what the server signs: a string, the raw bytes, Node headers, fetch Headers, names in any case', () => {
    expect(verifyWebhook(secret, signed(), body, { now })).toBe(true);
    expect(verifyWebhook(secret, signed(), Buffer.from(body), { now })).toBe(true);
    expect(verifyWebhook(secret, new Headers(signed()), new TextEncoder().encode(body), { now })).toBe(true);
    const h = signed();
    expect(verifyWebhook(secret, { 'X-Metadesk-Timestamp': h['x-metadesk-timestamp'], 'X-Metadesk-Signature': h['x-metadesk-signature'] }, body, { now })).toBe(
      true,
    );
  });

  it('refuses another secret, a changed body, a changed timestamp, a missing or malformed header', () => {
    expect(verifyWebhook('another', signed(), body, { now })).toBe(false);
    expect(verifyWebhook(secret, signed(), body.replace('12', '13'), { now })).toBe(false);
    expect(verifyWebhook(secret, { ...signed(), 'x-metadesk-timestamp': String(now / 1000 + 1) }, body, { now })).toBe(false);
    expect(verifyWebhook(secret, { 'x-metadesk-timestamp': String(now / 1000) }, body, { now })).toBe(false);
    expect(verifyWebhook(secret, { 'x-metadesk-signature': signed()['x-metadesk-signature'] }, body, { now })).toBe(false);
    expect(verifyWebhook(secret, { ...signed(), 'x-metadesk-signature': ['a', 'b'] }, body, { now })).toBe(false);
    expect(verifyWebhook(secret, { ...signed(), 'x-metadesk-signature': signed()['x-metadesk-signature'].toUpperCase() }, body, { now })).toBe(false);
  });

  it('refuses a timestamp outside the tolerance, either way (a replay, a wrong clock)', () => {
    const old = now / 1000 - 301;
    expect(verifyWebhook(secret, signed(old), body, { now })).toBe(false);
    expect(verifyWebhook(secret, signed(now / 1000 + 301), body, { now })).toBe(false);
    expect(verifyWebhook(secret, signed(now / 1000 - 300), body, { now })).toBe(true);
    expect(verifyWebhook(secret, signed(old), body, { now, toleranceSec: 600 })).toBe(true);
  });
});
