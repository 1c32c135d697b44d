import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A read-only value (a secret, a snippet) with Copy; "Copied." is announced. */
export function CopyField({ label, value, hint, multiline }: { label: string; value: string; hint?: string; multiline?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  const described = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        {multiline ? (
          <textarea id={id} className="code" readOnly rows={3} value={value} onFocus={(e) => e.target.select()} aria-describedby={described} />
        ) : (
          <input id={id} className="code" readOnly value={value} onFocus={(e) => e.target.select()} aria-describedby={described} />
        )}
        <button type="button" className="btn" aria-label={t('channels.copyLabel', { what: label })} onClick={() => void copy()}>
          {t('users.copy')}
        </button>
      </div>
      {hint && (
        <p className="hint" id={described}>
          {hint}
        </p>
      )}
      <p role="status" className="saved status-line">
        {copied === 'yes' ? t('users.copied') : copied === 'no' ? t('channels.copyFailed') : ''}
      </p>
    </div>
  );
}
