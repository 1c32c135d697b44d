import { describe, expect, it } from 'vitest';
import { isPrivateAddress, resolvePublic } from './address-guard';
import { refusedWebhookUrl } from './webhook-target';

describe('isPrivateAddress', () => {
  it.each([
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.20.1.1',
    '172.31.255.255',
    '192.168.0.1',
    '192.168.255.254',
    '127.0.0.1',
    '127.1.2.3',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'febf::1',
    '2002:7f00:1::1', // 6to4 around 127.0.0.1
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:192.168.1.1',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1', // just outside 172.16/12
    '192.169.0.1',
    '169.255.0.1',
    '11.0.0.1',
    '2001:4860:4860::8888',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '2a00:1450:4001::1',
  ])('allows public %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('resolvePublic', () => {
  const fixed = (addresses: string[]) => async () => addresses;

  it('returns every address of a host whose every address is public', async () => {
    expect(await resolvePublic('crm.example.com', fixed(['93.184.216.34', '2606:2800:220:1::1']))).toEqual({
      ok: true,
      addresses: ['93.184.216.34', '2606:2800:220:1::1'],
    });
  });

  it('refuses when any address is private, naming it', async () => {
    expect(await resolvePublic('crm.example.com', fixed(['93.184.216.34', '10.1.2.3']))).toEqual({
      ok: false,
      refusal: { reason: 'private', host: 'crm.example.com', address: '10.1.2.3' },
    });
  });

  it('judges an IP literal as it is, without asking the resolver', async () => {
    const never = async (): Promise<string[]> => {
      throw new Error('no lookup for a literal');
    };
    expect(await resolvePublic('127.0.0.1', never)).toMatchObject({ ok: false, refusal: { address: '127.0.0.1' } });
    expect(await resolvePublic('93.184.216.34', never)).toEqual({ ok: true, addresses: ['93.184.216.34'] });
  });

  it('reports a name that does not resolve, or resolves to nothing', async () => {
    const failing = async (): Promise<string[]> => {
      throw Object.assign(new Error('x'), { code: 'ENOTFOUND' });
    };
    expect(await resolvePublic('nowhere.invalid', failing)).toEqual({
      ok: false,
      refusal: { reason: 'unresolved', host: 'nowhere.invalid', cause: 'ENOTFOUND' },
    });
    expect(await resolvePublic('empty.example', fixed([]))).toMatchObject({ ok: false, refusal: { reason: 'unresolved', cause: 'no addresses' } });
  });
});

describe('refusedWebhookUrl (the check on save)', () => {
  const strict = (addresses: string[]) => ({ allowPrivate: false, lookup: async () => addresses });

  it('accepts a host whose every address is public', async () => {
    expect(await refusedWebhookUrl('https://crm.example.com/hook', strict(['93.184.216.34']))).toBeNull();
  });

  it('refuses when any address is private, naming it and the setting', async () => {
    const why = await refusedWebhookUrl('https://crm.example.com/hook', strict(['93.184.216.34', '10.1.2.3']));
    expect(why).toMatch(/10\.1\.2\.3/);
    expect(why).toMatch(/WEBHOOK_ALLOW_PRIVATE/);
  });

  it('checks IP literals and bracketed IPv6 hosts with the real resolver', async () => {
    const system = { allowPrivate: false };
    expect(await refusedWebhookUrl('http://127.0.0.1:8080/x', system)).toMatch(/^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1/);
    expect(await refusedWebhookUrl('http://[::1]:8080/x', system)).toMatch(/::1/);
    expect(await refusedWebhookUrl('http://[::ffff:127.0.0.1]/x', system)).toMatch(/refused/);
    expect(await refusedWebhookUrl('http://0x7f.1/x', system)).toMatch(/127\.0\.0\.1/); // the URL parser normalizes it
  });

  it('reports a name that does not resolve', async () => {
    const why = await refusedWebhookUrl('https://nowhere.invalid/', {
      allowPrivate: false,
      lookup: async () => {
        throw Object.assign(new Error('x'), { code: 'ENOTFOUND' });
      },
    });
    expect(why).toBe('cannot resolve nowhere.invalid: ENOTFOUND');
  });

  it('accepts anything when private targets are allowed, without resolving', async () => {
    expect(
      await refusedWebhookUrl('http://127.0.0.1/x', {
        allowPrivate: true,
        lookup: async () => {
          throw new Error('not asked');
        },
      }),
    ).toBeNull();
  });
});
