import { useTranslation } from 'react-i18next';
import type { Channel } from './api';
import { CopyField } from './CopyField';

/** What a new channel gives to take away: the webhook secret (this once), the widget's snippet, or the Telegram bot it reached. */
export function ConnectedView({ channel, secret, onDone }: { channel: Channel; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form">
      {channel.kind === 'api' && <SecretView secret={secret} />}
      {channel.telegram && <p>{t(`channels.telegramConnected_${channel.telegram.updates}`, { username: channel.telegram.username })}</p>}
      {channel.widget && <SnippetView snippet={channel.widget.snippet} />}
      <div className="modal-actions">
        <button type="button" className="btn primary" onClick={onDone}>
          {t('users.done')}
        </button>
      </div>
    </div>
  );
}

/** An API channel's webhook secret, shown once (on create and on rotate) with the warning. */
export function SecretView({ secret }: { secret: string }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="token-warning">{t('channels.secretWarning')}</p>
      <CopyField label={t('channels.secret')} value={secret} hint={t('channels.secretHint')} />
    </>
  );
}

export function SnippetView({ snippet }: { snippet: string }) {
  const { t } = useTranslation();
  return <CopyField label={t('channels.snippet')} value={snippet} hint={t('channels.snippetHint')} multiline />;
}
