import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { useSmtpSettings } from './api';
import { SmtpForm } from './SmtpForm';
import { SmtpTest } from './SmtpTest';

/** Settings → E-mail: the business's SMTP server, through which Metadesk sends mail such as dialog transcripts. */
export function EmailSettings() {
  const { t } = useTranslation();
  const smtp = useSmtpSettings();
  return (
    <div className="settings-body">
      <h1>{t('email.title')}</h1>
      <p className="hint">{t('email.intro')}</p>
      {smtp.isError ? (
        <p role="alert">{errorMessage(t, smtp.error)}</p>
      ) : smtp.data === undefined ? (
        <p>{t('common.loading')}</p>
      ) : (
        <div className="settings-grid">
          <SmtpForm smtp={smtp.data} />
          <SmtpTest configured={smtp.data !== null} />
        </div>
      )}
    </div>
  );
}
