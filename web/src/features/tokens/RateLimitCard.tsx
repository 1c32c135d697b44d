import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { useBusinessSettings, useSaveApiRateLimit } from './api';
import { parseRateLimit, RATE_LIMIT } from './rate-limit';

/** How many requests a minute each API token may make (the business's setting); wrong input is said beside the field. */
export function RateLimitCard() {
  const { t } = useTranslation();
  const business = useBusinessSettings();
  const save = useSaveApiRateLimit();
  const current = business.data?.settings.apiRateLimitPerMinute;
  const [value, setValue] = useState('');
  const [bad, setBad] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current !== undefined) setValue(String(current));
  }, [current]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = parseRateLimit(value);
    setBad(n === 'bad');
    if (n === 'bad') return;
    save.mutate(n, { onSuccess: () => setSaved(true) });
  };
  // Out of range here or refused by the server: said beside the field.
  const wrong = bad || Boolean(fieldErrors(save.error).apiRateLimitPerMinute);
  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby="tokens-rate" noValidate>
      <h2 id="tokens-rate">{t('tokens.rateTitle')}</h2>
      {business.isError ? (
        <p role="alert">{errorMessage(t, business.error)}</p>
      ) : !business.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="tokens-rate-limit">{t('tokens.rateLimit')}</label>
            <input
              id="tokens-rate-limit"
              className="seconds"
              type="number"
              inputMode="numeric"
              min={RATE_LIMIT.min}
              max={RATE_LIMIT.max}
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                setSaved(false);
              }}
              aria-invalid={wrong ? true : undefined}
              aria-describedby={wrong ? 'tokens-rate-err tokens-rate-hint' : 'tokens-rate-hint'}
            />
            <p className="hint" id="tokens-rate-hint">
              {t('tokens.rateHint')}
            </p>
            {wrong && (
              <p className="field-error" id="tokens-rate-err">
                {t('tokens.rateRange', RATE_LIMIT)}
              </p>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="btn primary" disabled={save.isPending}>
              {t('common.save')}
            </button>
            <p role="status" className="saved">
              {saved ? t('tokens.rateSaved') : ''}
            </p>
          </div>
          {save.isError && !wrong ? (
            <p className="form-error" role="alert">
              {errorMessage(t, save.error)}
            </p>
          ) : null}
        </>
      )}
    </form>
  );
}
