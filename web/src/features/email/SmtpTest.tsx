import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { looksLikeEmail, mailErrorMessage } from '../../lib/mail-error';
import { SMTP_MAX, useSendTestMail } from './api';

/** A test message to an address of the administrator's choice; the SMTP server's refusal is shown as it said it. */
export function SmtpTest({ configured }: { configured: boolean }) {
  const { t } = useTranslation();
  const send = useSendTestMail();
  const [to, setTo] = useState('');
  const [bad, setBad] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!looksLikeEmail(to)) return setBad(true);
    send.mutate(to.trim());
  };
  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby="smtp-test-title" noValidate>
      <h2 id="smtp-test-title">{t('email.testTitle')}</h2>
      <p className="hint">{configured ? t('email.testIntro') : t('email.saveFirst')}</p>
      <div className="field">
        <label htmlFor="smtp-test-to">{t('email.testTo')}</label>
        <input
          id="smtp-test-to"
          type="email"
          autoComplete="email"
          maxLength={SMTP_MAX.email}
          value={to}
          onChange={(e) => (setTo(e.target.value), setBad(false), send.reset())}
          aria-invalid={bad ? true : undefined}
          aria-describedby={bad ? 'smtp-test-to-err' : undefined}
        />
        {bad ? (
          <p className="field-error" id="smtp-test-to-err">
            {t('mail.badEmail')}
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn" disabled={!configured || send.isPending}>
          {send.isPending ? t('email.testSending') : t('email.testSend')}
        </button>
        <p role="status" className="saved">
          {send.data ? t('email.testSent', { to: send.data.to }) : ''}
        </p>
      </div>
      {send.error ? (
        <p className="form-error" role="alert">
          {mailErrorMessage(t, send.error)}
        </p>
      ) : null}
    </form>
  );
}
