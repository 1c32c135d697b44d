import { describe, expect, it } from 'vitest';
import { LINK_TTL_MS, createAttachmentLinks } from './signed-link';

describe('signed attachment links', () => {
  const links = createAttachmentLinks({ publicUrl: 'https://desk.example.com', secret: 's3cret' });
  const now = 1_764_150_000_000;
  const parts = (url: string) => {
    const u = new URL(url);
    return { path: u.pathname, expires: Number(u.searchParams.get('expires')), signature: u.searchParams.get('signature') ?? '' };
  };

  it('makes an absolute link that checks out until it expires, then reads as expired', () => {
    const p = parts(links.signedUrl(42, now));
    expect(p.path).toBe('/api/v1/attachments/42/download');
    expect(p.expires).toBe((now + LINK_TTL_MS) / 1000);
    expect(links.check(42, p, now)).toBeNull();
    expect(links.check(42, p, now + LINK_TTL_MS)).toBeNull();
    expect(links.check(42, p, now + LINK_TTL_MS + 1000)).toBe('expired');
  });

  it('refuses another id, a stretched expiry, a changed or padded signature, and another secret', () => {
    const p = parts(links.signedUrl(42, now));
    expect(links.check(43, p, now)).toBe('bad_signature');
    expect(links.check(42, { ...p, expires: p.expires + 86_400 }, now)).toBe('bad_signature');
    expect(links.check(42, { ...p, signature: `${p.signature.slice(0, -1)}${p.signature.endsWith('0') ? '1' : '0'}` }, now)).toBe('bad_signature');
    expect(links.check(42, { ...p, signature: `${p.signature}00` }, now)).toBe('bad_signature');
    expect(links.check(42, { ...p, signature: p.signature.toUpperCase() }, now)).toBe('bad_signature');
    expect(createAttachmentLinks({ publicUrl: 'https://desk.example.com', secret: 'other' }).check(42, p, now)).toBe('bad_signature');
  });
});
