import { hostOf, resolvePublic, systemLookup, type Lookup, type TargetRefusal } from './address-guard';

// How webhook targets are judged, on save and at delivery, in the same words: an installation-wide
// setting (WEBHOOK_ALLOW_PRIVATE) rather than a business's, hence the hint in the refusal.

/** How webhook targets are judged: WEBHOOK_ALLOW_PRIVATE, and the resolver (tests may pass their own). */
export interface WebhookTargets {
  allowPrivate: boolean;
  lookup?: Lookup | undefined;
}

/** The admin-facing text of a refused webhook target, the same on save and in the delivery list. */
export function describeWebhookRefusal(r: TargetRefusal): string {
  if (r.reason === 'unresolved') return `cannot resolve ${r.host}: ${r.cause}`;
  return `refused: ${r.host} resolves to ${r.address}, a loopback/private/link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow)`;
}

/**
 * Why a webhook URL being saved is refused, or null: the guard delivery applies at connection time
 * (outbound-http.ts), with the host resolved the same way, so a URL accepted on save is one delivery
 * would try (a name may still resolve elsewhere later; delivery checks again as it connects).
 */
export async function refusedWebhookUrl(url: string, targets: WebhookTargets): Promise<string | null> {
  if (targets.allowPrivate) return null;
  const r = await resolvePublic(hostOf(new URL(url)), targets.lookup ?? systemLookup);
  return r.ok ? null : describeWebhookRefusal(r.refusal);
}
