import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { Modal } from '../../ui/Modal';
import { useBots, useChannels, type Channel } from './api';
import { ChannelHealthView, HealthBadge } from './ChannelHealthView';
import { ApiSettings, TelegramSettings, WidgetSettingsForm } from './ChannelSettingsForms';
import { NewChannelDialog } from './NewChannelDialog';

/** Settings → Channels: each channel's bot, kind and health; a new one of any kind; a channel's details (health, failed deliveries, its settings). */
export function ChannelsSettings() {
  const { t } = useTranslation();
  const channels = useChannels();
  const bots = useBots();
  const [open, setOpen] = useState<{ kind: 'add' } | { kind: 'details'; id: number } | null>(null);
  const [done, setDone] = useState('');
  const botName = (id: number) => bots.data?.find((b) => b.id === id)?.name ?? `#${id}`;
  const details = open?.kind === 'details' ? channels.data?.find((c) => c.id === open.id) : undefined;

  return (
    <div className="settings-body">
      <div className="section-bar">
        <h1>{t('channels.title')}</h1>
        <button type="button" className="btn primary" onClick={() => (setDone(''), setOpen({ kind: 'add' }))}>
          {t('channels.addButton')}
        </button>
      </div>
      <p className="hint">{t('channels.intro')}</p>
      <p role="status" className="saved status-line">
        {done}
      </p>
      <section className="settings-card" aria-label={t('channels.title')}>
        {channels.isError ? (
          <p role="alert">{errorMessage(t, channels.error)}</p>
        ) : !channels.data ? (
          <p>{t('common.loading')}</p>
        ) : channels.data.length === 0 ? (
          <p className="hint">{t('channels.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="settings-table users-table">
              <thead>
                <tr>
                  <th scope="col">{t('channels.name')}</th>
                  <th scope="col">{t('channels.bot')}</th>
                  <th scope="col">{t('channels.kind')}</th>
                  <th scope="col">{t('channels.health')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {channels.data.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" className="break">
                      {c.name}
                    </th>
                    <td data-label={t('channels.bot')}>{botName(c.botId)}</td>
                    <td data-label={t('channels.kind')}>
                      {t(`messenger.${c.kind}`)}
                      {c.telegram && <span className="muted"> @{c.telegram.username}</span>}
                    </td>
                    <td data-label={t('channels.health')}>
                      <HealthBadge channel={c} />
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="btn ghost"
                        aria-label={t('channels.openFor', { name: c.name })}
                        onClick={() => (setDone(''), setOpen({ kind: 'details', id: c.id }))}
                      >
                        {t('channels.open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open?.kind === 'add' && <NewChannelDialog onClose={() => setOpen(null)} onCreated={(name) => setDone(t('channels.done_add', { name }))} />}
      {details && <ChannelDetails channel={details} botName={botName(details.botId)} onClose={() => setOpen(null)} />}
    </div>
  );
}

function ChannelDetails({ channel, botName, onClose }: { channel: Channel; botName: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title={channel.name}
      description={t('channels.detailsOf', { kind: t(`messenger.${channel.kind}`), bot: botName })}
    >
      <div className="user-form channel-details">
        <ChannelHealthView channel={channel} />
        {channel.kind === 'api' && <ApiSettings channel={channel} />}
        {channel.kind === 'telegram' && <TelegramSettings channel={channel} />}
        {channel.kind === 'widget' && <WidgetSettingsForm channel={channel} />}
        <div className="modal-actions">
          <button type="button" className="btn primary" onClick={onClose}>
            {t('users.done')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
