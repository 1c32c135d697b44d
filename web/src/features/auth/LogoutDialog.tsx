import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { useLogout } from './api';

/** Logging out asks what should happen to the operator's status; Offline is the recommended choice. */
export function LogoutDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="overlay" />
        <AlertDialog.Content className="modal">
          <AlertDialog.Title>{t('logout.title')}</AlertDialog.Title>
          <AlertDialog.Description className="muted">{t('logout.description')}</AlertDialog.Description>
          <div className="modal-actions column">
            <button type="button" className="btn primary" disabled={logout.isPending} onClick={() => logout.mutate({ status: 'offline' })}>
              {t('logout.offline')}
            </button>
            <button type="button" className="btn" disabled={logout.isPending} onClick={() => logout.mutate({ status: 'online' })}>
              {t('logout.stayOnline')}
            </button>
            <AlertDialog.Cancel asChild>
              <button type="button" className="btn ghost">
                {t('common.cancel')}
              </button>
            </AlertDialog.Cancel>
          </div>
          {logout.error && (
            <p className="form-error" role="alert">
              {errorMessage(t, logout.error)}
            </p>
          )}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
