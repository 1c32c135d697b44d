import type { TFunction } from 'i18next';

const KNOWN = ['blocked', 'deactivated', 'chat_not_found'] as const;

/** Why a lead cannot get messages, in the operator's language (a messenger's own words as they are). */
export function unreachableWhy(t: TFunction, reason: string): string {
  return (KNOWN as readonly string[]).includes(reason) ? t(`card.unreachableWhy.${reason as (typeof KNOWN)[number]}`) : reason;
}
