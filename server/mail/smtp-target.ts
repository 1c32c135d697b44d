import { resolvePublic, systemLookup, type Lookup, type TargetRefusal } from '../net/address-guard';

// SSRF guard for SMTP: a business's administrator chooses the host, so without it one tenant could
// make the server talk to the installation's own network (a relay on localhost, the LAN) or probe
// it through the test message's errors. SMTP_ALLOW_PRIVATE opens it for installations that want a
// LAN relay; the check is the webhooks' one (server/net).

/** How SMTP hosts are judged: SMTP_ALLOW_PRIVATE, and the resolver (tests may pass their own). */
export interface SmtpNetwork {
  allowPrivate: boolean;
  lookup?: Lookup | undefined;
}

/** The admin-facing words for a refused host, the same on save and on sending. */
export function describeSmtpRefusal(r: TargetRefusal): string {
  if (r.reason === 'unresolved') return `cannot resolve ${r.host}: ${r.cause}`;
  return `${r.host} resolves to ${r.address}, a loopback/private/link-local address (set SMTP_ALLOW_PRIVATE=true to allow)`;
}

/**
 * Where to connect for the host: the address checked (so the one checked is the one connected to),
 * or why not. With private addresses allowed, the host as it is.
 */
export async function smtpAddress(host: string, net: SmtpNetwork): Promise<{ ok: true; address: string } | { ok: false; refusal: TargetRefusal }> {
  if (net.allowPrivate) return { ok: true, address: host };
  const r = await resolvePublic(host.replace(/^\[(.*)\]$/, '$1'), net.lookup ?? systemLookup);
  return r.ok ? { ok: true, address: r.addresses[0]! } : r;
}
