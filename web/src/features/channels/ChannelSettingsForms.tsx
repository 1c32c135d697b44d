import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useRotateSecret, useUpdateChannel, type Channel } from './api';
import {
  isToken,
  isWebUrl,
  refused,
  TokenField,
  WebhookUrlField,
  WidgetFields,
  widgetErrors,
  widgetForm,
  widgetServerErrors,
  widgetSettingsOf,
  type Errors,
} from './ChannelFields';
import { SecretView, SnippetView } from './ConnectedView';

/** Save with the general error (when no field is to blame) and the confirmation line. */
function SaveRow({ pending, error, fieldsWrong, saved }: { pending: boolean; error: unknown; fieldsWrong: boolean; saved: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {error && !fieldsWrong ? (
        <p className="form-error" role="alert">
          {error instanceof ApiError && error.code === 'upstream_failed' ? t('channels.telegramRefused', { reason: error.message }) : errorMessage(t, error)}
        </p>
      ) : null}
      <div className="modal-actions">
        <p role="status" className="saved">
          {saved ? t('channels.saved') : ''}
        </p>
        <button type="submit" className="btn primary" disabled={pending}>
          {t('common.save')}
        </button>
      </div>
    </>
  );
}

/** An API channel: where its messages are POSTed (empty: nowhere), and a new signing secret after a confirmation. */
export function ApiSettings({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const update = useUpdateChannel();
  const rotate = useRotateSecret();
  const [url, setUrl] = useState(channel.webhookUrl ?? '');
  const [local, setLocal] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const error = local ?? (refused(update.error, 'webhookUrl') ? t('channels.refusedUrl') : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = url.trim();
    if (v && !isWebUrl(v)) return setLocal(t('channels.badUrl'));
    update.mutate({ id: channel.id, patch: { webhookUrl: v || null } });
  };
  return (
    <section className="channel-section" aria-labelledby={`channel-${channel.id}-webhook`}>
      <h3 id={`channel-${channel.id}-webhook`}>{t('channels.webhookTitle')}</h3>
      <form className="form" onSubmit={submit} noValidate>
        <WebhookUrlField id={`channel-${channel.id}-url`} value={url} onChange={(v) => (setUrl(v), setLocal(undefined), update.reset())} error={error} />
        <SaveRow pending={update.isPending} error={update.error} fieldsWrong={!!error} saved={update.isSuccess} />
      </form>
      {secret ? (
        <SecretView secret={secret} />
      ) : (
        <button type="button" className="btn" onClick={() => setConfirming(true)}>
          {t('channels.rotate')}
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('channels.confirm_rotate', { name: channel.name })}
          text={t('channels.confirmText_rotate')}
          action={t('channels.rotate')}
          pending={rotate.isPending}
          error={rotate.error}
          onConfirm={() =>
            rotate.mutate(channel.id, {
              onSuccess: (r) => {
                setSecret(r.webhookSecret);
                setConfirming(false);
              },
            })
          }
          onClose={() => (setConfirming(false), rotate.reset())}
        />
      )}
    </section>
  );
}

/** A Telegram channel: its bot and a new token (the old one is never shown); checked with Telegram before it is kept. */
export function TelegramSettings({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const update = useUpdateChannel();
  const [token, setToken] = useState('');
  const [local, setLocal] = useState<string>();
  const error = local ?? (refused(update.error, 'token') ? t('channels.unknownToken') : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isToken(token)) return setLocal(t('channels.badToken'));
    update.mutate({ id: channel.id, patch: { token: token.trim() } }, { onSuccess: () => setToken('') });
  };
  return (
    <section className="channel-section" aria-labelledby={`channel-${channel.id}-token`}>
      <h3 id={`channel-${channel.id}-token`}>{t('channels.tokenTitle')}</h3>
      <form className="form" onSubmit={submit} noValidate>
        <TokenField
          id={`channel-${channel.id}-new-token`}
          value={token}
          onChange={(v) => (setToken(v), setLocal(undefined), update.reset())}
          error={error}
          hint={t('channels.newTokenHint')}
        />
        <SaveRow pending={update.isPending} error={update.error} fieldsWrong={!!error} saved={update.isSuccess} />
      </form>
    </section>
  );
}

/** A widget channel: its settings (only what changed is sent) and the snippet for the site. */
export function WidgetSettingsForm({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const update = useUpdateChannel();
  const [form, setForm] = useState(widgetForm(channel.widget?.settings));
  const [local, setLocal] = useState<Errors>({});
  const errors: Errors = { ...widgetServerErrors(t, update.error), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = widgetErrors(t, form);
    setLocal(bad);
    if (Object.keys(bad).length) return;
    // Only what changed is sent (and recorded in the audit log).
    const next = widgetSettingsOf(form);
    const current = channel.widget?.settings;
    const patch = Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(current?.[k as keyof typeof next])));
    if (Object.keys(patch).length) update.mutate({ id: channel.id, patch: { widget: patch } });
  };
  return (
    <section className="channel-section" aria-labelledby={`channel-${channel.id}-widget`}>
      <h3 id={`channel-${channel.id}-widget`}>{t('channels.widgetTitleSection')}</h3>
      {channel.widget && <SnippetView snippet={channel.widget.snippet} />}
      <form className="form" onSubmit={submit} noValidate>
        <WidgetFields
          prefix={`channel-${channel.id}-widget`}
          form={form}
          onChange={(f) => (setForm({ ...form, ...f }), setLocal({}), update.reset())}
          errors={errors}
        />
        <SaveRow pending={update.isPending} error={update.error} fieldsWrong={Object.values(errors).some(Boolean)} saved={update.isSuccess} />
      </form>
    </section>
  );
}
