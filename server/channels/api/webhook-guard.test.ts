import { describe, expect, it } from 'vitest';
import { isPrivateAddress, refusedTarget } from './webhook-guard';

describe('isPrivateAddress', () => {
  it.each([
    '10.0.0.1', '10.255.255.255',
    '172.16.0.1', '172.20.1.1', '172.31.255.255',
    '192.168.0.1', '192.168.255.254',
    '127.0.0.1', '127.1.2.3',
    '169.254.169.254',
    '0.0.0.0', '100.64.0.1', '224.0.0.1', '255.255.255.255',
    '::1', '::',
    'fc00::1', 'fd12:3456:789a::1',
    'fe80::1', 'febf::1',
    '2002:7f00:1::1', // 6to4 around 127.0.0.1
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:192.168.1.1',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8', '1.1.1.1', '93.184.216.34',
    '172.15.255.255', '172.32.0.1', // just outside 172.16/12
    '192.169.0.1', '169.255.0.1', '11.0.0.1',
    '2001:4860:4860::8888', '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '2a00:1450:4001::1',
  ])('allows public %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('refusedTarget', () => {
  const fixed = (addresses: string[]) => async () => addresses;

  it('allows a host whose every address is public', async () => {
    expect(await refusedTarget(new URL('https://crm.example.com/hook'), fixed(['93.184.216.34', '2606:2800:220:1::1']))).toBeNull();
  });

  it('refuses when any address is private, naming it and the setting', async () => {
    const why = await refusedTarget(new URL('https://crm.example.com/hook'), fixed(['93.184.216.34', '10.1.2.3']));
    expect(why).toMatch(/10\.1\.2\.3/);
    expect(why).toMatch(/WEBHOOK_ALLOW_PRIVATE/);
  });

  it('checks IP literals and bracketed IPv6 hosts with the real resolver', async () => {
    expect(await refusedTarget(new URL('http://127.0.0.1:8080/x'))).toMatch(/127\.0\.0\.1/);
    expect(await refusedTarget(new URL('http://[::1]:8080/x'))).toMatch(/::1/);
    expect(await refusedTarget(new URL('http://[::ffff:127.0.0.1]/x'))).toMatch(/refused/);
    expect(await refusedTarget(new URL('http://0x7f.1/x'))).toMatch(/127\.0\.0\.1/); // the URL parser normalizes it
  });

  it('reports a name that does not resolve', async () => {
    const why = await refusedTarget(new URL('https://nowhere.invalid/'), async () => { throw Object.assign(new Error('x'), { code: 'ENOTFOUND' }); });
    expect(why).toMatch(/cannot resolve nowhere\.invalid: ENOTFOUND/);
  });
});
