import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { useDeleteRoutingScript, useRoutingScript, useSaveRoutingScript } from './api';
import { RoutingLog } from './RoutingLog';

/** The business's routing script: edit and save (it must parse), or go back to the built-in rule; its log below. */
export function RoutingScript() {
  const { t, i18n } = useTranslation();
  const script = useRoutingScript();
  const save = useSaveRoutingScript();
  const remove = useDeleteRoutingScript();
  const [code, setCode] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const current = script.data?.code ?? '';
  useEffect(() => {
    if (script.isSuccess) setCode(script.data?.code ?? '');
  }, [script.isSuccess, script.data]);
  const frame = (body: ReactNode) => (
    <section className="settings-card" aria-labelledby="script-title">
      <h2 id="script-title">{t('script.title')}</h2>
      {body}
    </section>
  );
  if (script.isError) return frame(<p role="alert">{errorMessage(t, script.error)}</p>);
  if (code === null) return frame(<p>{t('common.loading')}</p>);

  const serverError = fieldErrors(save.error).code;
  const error = localError ?? (serverError ? t('script.syntaxError', { detail: serverError }) : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return setLocalError(t('script.empty'));
    save.mutate(code, { onSuccess: () => setSaved(true) });
  };
  return frame(
    <>
      <form className="form" onSubmit={submit} noValidate>
        <p className="hint">{script.data ? t('script.active', { time: fullTime(script.data.updatedAt, i18n.language) }) : t('script.none')}</p>
        <label htmlFor="routing-code">{t('script.label')}</label>
        <textarea
          id="routing-code"
          className="code"
          rows={12}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          placeholder={t('script.placeholder')}
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            setSaved(false);
            setLocalError(null);
            save.reset();
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'routing-code-err routing-code-hint' : 'routing-code-hint'}
        />
        {error && (
          <p className="field-error" id="routing-code-err">
            {error}
          </p>
        )}
        <p className="hint" id="routing-code-hint">
          {t('script.hint')}
        </p>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={save.isPending || code === current}>
            {t('common.save')}
          </button>
          {script.data && (
            <button type="button" className="btn" onClick={() => setConfirming(true)}>
              {t('script.useBuiltin')}
            </button>
          )}
          <p role="status" className="saved">
            {saved && code === current ? t('distribution.saved') : remove.isSuccess && !script.data ? t('script.removed') : ''}
          </p>
        </div>
        {save.error && !serverError ? (
          <p className="form-error" role="alert">
            {errorMessage(t, save.error)}
          </p>
        ) : null}
      </form>
      <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="overlay" />
          <AlertDialog.Content className="modal">
            <AlertDialog.Title>{t('script.confirmTitle')}</AlertDialog.Title>
            <AlertDialog.Description className="muted">{t('script.confirmText')}</AlertDialog.Description>
            <div className="modal-actions">
              <AlertDialog.Cancel asChild>
                <button type="button" className="btn ghost">
                  {t('common.cancel')}
                </button>
              </AlertDialog.Cancel>
              <button
                type="button"
                className="btn primary"
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(undefined, {
                    onSuccess: () => {
                      setConfirming(false);
                      setSaved(false);
                    },
                  })
                }
              >
                {t('script.confirmDelete')}
              </button>
            </div>
            {remove.error && (
              <p className="form-error" role="alert">
                {errorMessage(t, remove.error)}
              </p>
            )}
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
      <RoutingLog />
    </>,
  );
}
