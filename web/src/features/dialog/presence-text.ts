import type { TFunction } from 'i18next';
import type { DialogPresence } from '../../lib/presence';

/**
 * "Irina is viewing", "Irina and Oleg are typing…", "Irina, Oleg and 2 more are viewing"; empty when
 * nobody. What says the most wins: someone typing a reply, else writing a note, else viewing.
 */
export function presenceText(t: TFunction, p: DialogPresence): string {
  const [kind, people] = p.typing.length
    ? (['typing', p.typing] as const)
    : p.noting.length
      ? (['noting', p.noting] as const)
      : (['viewing', p.viewing] as const);
  const [first, second] = people.map((x) => x.name);
  if (first === undefined) return '';
  if (second === undefined) return t(`presence.${kind}One`, { name: first });
  if (people.length === 2) return t(`presence.${kind}Two`, { first, second });
  return t(`presence.${kind}More`, { first, second, count: people.length - 2 });
}
