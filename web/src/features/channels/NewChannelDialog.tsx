import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelKind } from '@contracts/inbox';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { Modal } from '../../ui/Modal';
import { CHANNEL_LIMITS, useBots, useCreateChannel, type Channel, type NewChannel } from './api';
import {
  Field,
  isToken,
  isWebUrl,
  refused,
  TokenField,
  UpdatesField,
  WebhookUrlField,
  WidgetFields,
  widgetErrors,
  widgetForm,
  widgetServerErrors,
  widgetSettingsOf,
  type Errors,
  type UpdatesChoice,
  type WidgetForm,
} from './ChannelFields';
import { ConnectedView } from './ConnectedView';

/** The kinds an administrator connects (the bots screen's test console makes its own). */
type NewKind = Exclude<ChannelKind, 'console'>;
const KINDS: readonly NewKind[] = ['api', 'telegram', 'widget'];

/**
 * A new channel of any kind: the bot it feeds, its name and the kind's own fields, checked here first;
 * the server's refusals go beside the same fields and nothing is created. Then what to take away:
 * the webhook secret (once), the snippet, or how the Telegram bot is connected.
 */
export function NewChannelDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const { t } = useTranslation();
  const bots = useBots();
  const create = useCreateChannel();
  const [kind, setKind] = useState<NewKind>('api');
  const [botId, setBotId] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [token, setToken] = useState('');
  const [updates, setUpdates] = useState<UpdatesChoice>('auto');
  const [widget, setWidget] = useState<WidgetForm>(widgetForm());
  const [local, setLocal] = useState<Errors>({});
  const [created, setCreated] = useState<{ channel: Channel; secret: string } | null>(null);
  const bot = botId ?? bots.data?.[0]?.id ?? null;

  const edit = () => {
    setLocal({});
    create.reset();
  };
  const err = create.error;
  const errors: Errors = {
    name: local.name ?? (refused(err, 'name') ? t('channels.badName') : undefined),
    webhookUrl: local.webhookUrl ?? (refused(err, 'webhookUrl') ? t('channels.refusedUrl') : undefined),
    token: local.token ?? (refused(err, 'token') ? t('channels.unknownToken') : undefined),
    updates: refused(err, 'updates') ? t('channels.webhookNeedsHttps') : undefined,
    ...widgetServerErrors(t, err),
    ...(kind === 'widget' ? local : {}),
  };
  const fieldsWrong = Object.values(errors).some(Boolean);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Errors = {};
    if (!name.trim()) bad.name = t('channels.badName');
    if (kind === 'api' && webhookUrl.trim() && !isWebUrl(webhookUrl.trim())) bad.webhookUrl = t('channels.badUrl');
    if (kind === 'telegram' && !isToken(token)) bad.token = t('channels.badToken');
    if (kind === 'widget') Object.assign(bad, widgetErrors(t, widget));
    setLocal(bad);
    if (Object.keys(bad).length || bot === null) return;
    const common = { botId: bot, name: name.trim() };
    const body: NewChannel =
      kind === 'api'
        ? { ...common, kind, webhookUrl: webhookUrl.trim() || null }
        : kind === 'telegram'
          ? { ...common, kind, token: token.trim(), ...(updates !== 'auto' ? { updates } : {}) }
          : { ...common, kind, settings: widgetSettingsOf(widget) };
    create.mutate(body, {
      onSuccess: (r) => {
        onCreated(r.channel.name);
        setCreated({ channel: r.channel, secret: r.webhookSecret });
      },
    });
  };

  if (created) {
    return (
      <Modal open onOpenChange={(o) => !o && onClose()} title={t('channels.createdTitle', { name: created.channel.name })}>
        <ConnectedView channel={created.channel} secret={created.secret} onDone={onClose} />
      </Modal>
    );
  }
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={t('channels.addTitle')}>
      <form className="form user-form" onSubmit={submit} noValidate>
        <fieldset className="checks">
          <legend>{t('channels.kind')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="check">
              <input type="radio" name="channel-kind" value={k} checked={kind === k} onChange={() => (setKind(k), edit())} />
              {t(`messenger.${k}`)}
            </label>
          ))}
        </fieldset>
        <p className="hint">{t(`channels.kindHint_${kind}`)}</p>
        <Field id="channel-bot" label={t('channels.bot')} hint={t('channels.botHint')}>
          {(a) => (
            <select {...a} value={bot ?? ''} onChange={(e) => (setBotId(Number(e.target.value)), edit())}>
              {bots.data?.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="channel-name" label={t('channels.name')} error={errors.name}>
          {(a) => (
            <input {...a} type="text" autoComplete="off" maxLength={CHANNEL_LIMITS.name} value={name} onChange={(e) => (setName(e.target.value), edit())} />
          )}
        </Field>
        {kind === 'api' && <WebhookUrlField id="channel-webhook" value={webhookUrl} onChange={(v) => (setWebhookUrl(v), edit())} error={errors.webhookUrl} />}
        {kind === 'telegram' && (
          <>
            <TokenField id="channel-token" value={token} onChange={(v) => (setToken(v), edit())} error={errors.token} hint={t('channels.tokenHint')} />
            <UpdatesField id="channel-updates" value={updates} onChange={(v) => (setUpdates(v), edit())} error={errors.updates} />
          </>
        )}
        {kind === 'widget' && <WidgetFields prefix="channel-widget" form={widget} onChange={(f) => (setWidget({ ...widget, ...f }), edit())} errors={errors} />}
        {bots.data?.length === 0 && (
          <p className="form-error" role="alert">
            {t('channels.noBots')}
          </p>
        )}
        {err && !fieldsWrong ? (
          <p className="form-error" role="alert">
            {err instanceof ApiError && err.code === 'upstream_failed' ? t('channels.telegramRefused', { reason: err.message }) : errorMessage(t, err)}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="btn ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={create.isPending || bot === null}>
            {kind === 'telegram' ? t('channels.connect') : t('channels.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
