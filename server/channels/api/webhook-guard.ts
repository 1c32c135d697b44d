import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// SSRF guard: a webhook URL is chosen by a customer, so without it a tenant could make the server
// POST into its own network (cloud metadata at 169.254.169.254, databases on localhost, the LAN).

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
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible form
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
  ['2002::', 16], // 6to4 embeds an IPv4 address that may be private; deprecated, so refused outright
] as const) blocked.addSubnet(net, prefix, 'ipv6');

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

/**
 * Null when the URL's host resolves only to public addresses, else why it is refused. Every
 * address must be public: a client may connect to any of them.
 * Limitation: fetch resolves the name again, so a DNS-rebinding host can still swap the address
 * between the check and the connection; pinning needs an undici Agent with a custom lookup.
 */
export async function refusedTarget(url: URL, lookup: Lookup = systemLookup): Promise<string | null> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch (err) {
    return `cannot resolve ${host}: ${(err as { code?: string }).code ?? String(err)}`;
  }
  if (addresses.length === 0) return `cannot resolve ${host}: no addresses`;
  const bad = addresses.find(isPrivateAddress);
  if (bad === undefined) return null;
  return `refused: ${host} resolves to ${bad}, a loopback/private/link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow)`;
}

/** How webhook targets are judged: WEBHOOK_ALLOW_PRIVATE, and the resolver (tests may pass their own). */
export interface WebhookTargets {
  allowPrivate: boolean;
  lookup?: Lookup | undefined;
}

/**
 * Why a webhook URL being saved is refused, or null: the check delivery makes (refusedTarget, the
 * host resolved the same way), so a URL accepted on save is one delivery would try.
 */
export async function refusedWebhookUrl(url: string, targets: WebhookTargets): Promise<string | null> {
  if (targets.allowPrivate) return null;
  return refusedTarget(new URL(url), targets.lookup ?? systemLookup);
}
