import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/error-message';

/** "Are you sure?" for what is felt at once: deactivating a user, signing them out, deleting a department, revoking a token. */
export function ConfirmDialog({
  title,
  text,
  action,
  pending,
  error,
  describeError,
  onConfirm,
  onClose,
}: {
  title: string;
  text: string;
  action: string;
  pending: boolean;
  error: unknown;
  /** The error in this dialog's words, when the general sentence would mislead; undefined falls back to it. */
  describeError?: (error: unknown) => string | undefined;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <AlertDialog.Root open onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="overlay" />
        <AlertDialog.Content className="modal">
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <AlertDialog.Description className="muted">{text}</AlertDialog.Description>
          <div className="modal-actions">
            <AlertDialog.Cancel asChild>
              <button type="button" className="btn ghost">
                {t('common.cancel')}
              </button>
            </AlertDialog.Cancel>
            <button type="button" className="btn primary" disabled={pending} onClick={onConfirm}>
              {action}
            </button>
          </div>
          {error ? (
            <p className="form-error" role="alert">
              {describeError?.(error) ?? errorMessage(t, error)}
            </p>
          ) : null}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
