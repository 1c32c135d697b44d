import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// SSRF guard: webhook URLs and bot scripts' URLs are chosen by customers, so without it a tenant
// could make the server call into its own network (cloud metadata at 169.254.169.254, databases on
// localhost, the LAN). outbound-http.ts applies it inside the connection's own lookup.

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible form
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
  ['2002::', 16], // 6to4 embeds an IPv4 address that may be private; deprecated, so refused outright
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/**
 * True for loopback, private, link-local, unique-local and other non-public addresses, IPv4 or
 * IPv6. IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged by its IPv4 address (BlockList does that).
 * Anything that is not an IP address counts as private: refuse rather than guess.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Every address a host name resolves to. */
export type Lookup = (host: string) => Promise<string[]>;

export const systemLookup: Lookup = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Why a host may not be called: one of its addresses is not public, or it does not resolve. */
export type TargetRefusal = { reason: 'private'; host: string; address: string } | { reason: 'unresolved'; host: string; cause: string };

/** A URL's host as the resolver wants it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves the host once and returns its addresses only when every one is public (a client may
 * connect to any of them), else why not. An IP literal is judged as it is, without a lookup.
 */
export async function resolvePublic(host: string, lookup: Lookup): Promise<{ ok: true; addresses: string[] } | { ok: false; refusal: TargetRefusal }> {
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await lookup(host);
    } catch (err) {
      return { ok: false, refusal: { reason: 'unresolved', host, cause: (err as { code?: string }).code ?? String(err) } };
    }
  }
  if (addresses.length === 0) return { ok: false, refusal: { reason: 'unresolved', host, cause: 'no addresses' } };
  const bad = addresses.find(isPrivateAddress);
  if (bad !== undefined) return { ok: false, refusal: { reason: 'private', host, address: bad } };
  return { ok: true, addresses };
}
