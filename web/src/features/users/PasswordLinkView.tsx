import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fullTime } from '../../lib/time';
import { LINK_DAYS } from './api';

/** A link that sets a password, to copy and send to its user: shown once, selectable, with a Copy button. */
export function PasswordLinkView({ link, intro, onDone }: { link: { url: string; expiresAt?: number | undefined }; intro: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(link.url).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  return (
    <div className="form">
      <p className="hint">{intro}</p>
      <label htmlFor="password-link">{t('users.link')}</label>
      <div className="copy-row">
        <input id="password-link" className="code" readOnly value={link.url} onFocus={(e) => e.target.select()} aria-describedby="password-link-hint" />
        <button type="button" className="btn" onClick={() => void copy()}>
          {t('users.copy')}
        </button>
      </div>
      <p className="hint" id="password-link-hint">
        {link.expiresAt ? t('users.linkUntil', { time: fullTime(link.expiresAt, i18n.language) }) : t('users.linkDays', { count: LINK_DAYS })}
      </p>
      <p role="status" className="saved">
        {copied === 'yes' ? t('users.copied') : copied === 'no' ? t('users.copyFailed') : ''}
      </p>
      <div className="modal-actions">
        <button type="button" className="btn primary" onClick={onDone}>
          {t('users.done')}
        </button>
      </div>
    </div>
  );
}
