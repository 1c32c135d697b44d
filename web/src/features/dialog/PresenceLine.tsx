import { useTranslation } from 'react-i18next';
import { usePresence, type PresenceStore } from '../../lib/presence';
import { presenceText } from './presence-text';

/**
 * Who else has the dialog open, under its header, so two operators do not answer at once. Always in
 * the page (empty when nobody), so screen readers hear each change politely.
 */
export function PresenceLine({ store, leadId }: { store: PresenceStore; leadId: number }) {
  const { t } = useTranslation();
  const text = presenceText(t, usePresence(store, leadId));
  return (
    <p className="presence-line" role="status" aria-live="polite">
      {text}
    </p>
  );
}
