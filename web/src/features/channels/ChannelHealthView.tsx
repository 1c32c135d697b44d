import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { fullTime, relativeTime } from '../../lib/time';
import { useChannelHealth, useFailedDeliveries, useRetryDelivery, type Channel } from './api';
import { healthState } from './health';

/** When, relative ("5 minutes ago"), with the exact time on hover. */
export function When({ at }: { at: number }) {
  const { i18n } = useTranslation();
  return (
    <time dateTime={new Date(at).toISOString()} title={fullTime(at, i18n.language)}>
      {relativeTime(at, i18n.language)}
    </time>
  );
}

/** The list's one-line verdict on a channel, a word with the colour (never the colour alone). */
export function HealthBadge({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const health = useChannelHealth(channel.id, channel.kind !== 'widget');
  if (channel.kind === 'widget') return <span className="health health-live">{t('channels.health_live')}</span>;
  if (health.isError) return <span className="health">{errorMessage(t, health.error)}</span>;
  if (!health.data) return <span className="health">…</span>;
  const state = healthState(channel.kind, health.data);
  return (
    <span className={`health health-${state}`}>
      {t(`channels.health_${state}`, { count: state === 'failing' ? health.data.failing : health.data.waiting })}
      {state === 'ok' && health.data.lastDeliveredAt !== null && (
        <>
          {' · '}
          <When at={health.data.lastDeliveredAt} />
        </>
      )}
    </span>
  );
}

/** A channel's health in full: the last delivery, what fails and why, what waits; the failed deliveries with Retry. */
export function ChannelHealthView({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const health = useChannelHealth(channel.id, channel.kind !== 'widget');
  const h = health.data;
  return (
    <section className="channel-section" aria-labelledby={`channel-${channel.id}-health`}>
      <h3 id={`channel-${channel.id}-health`}>{t('channels.healthTitle')}</h3>
      {channel.telegram && h?.telegram && (
        <p>
          {t(`channels.telegramConnected_${h.telegram.updates}`, { username: channel.telegram.username })}{' '}
          {h.telegram.updates === 'polling' && t(h.telegram.pollerActive ? 'channels.pollerActive' : 'channels.pollerIdle')}
        </p>
      )}
      {channel.kind === 'widget' ? (
        <p className="hint">{t('channels.widgetHealth')}</p>
      ) : health.isError ? (
        <p role="alert">{errorMessage(t, health.error)}</p>
      ) : !h ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <dl className="health-list">
            <div>
              <dt>{t('channels.lastDelivered')}</dt>
              <dd>{h.lastDeliveredAt !== null ? <When at={h.lastDeliveredAt} /> : t('channels.noneLately')}</dd>
            </div>
            <div className={h.failing ? 'failing-row' : undefined}>
              <dt>{t('channels.failingNow')}</dt>
              <dd>{h.dead ? t('channels.failingDead', { count: h.failing, dead: h.dead }) : h.failing}</dd>
            </div>
            <div>
              <dt>{t('channels.waitingNow')}</dt>
              <dd>{h.waiting}</dd>
            </div>
            <div>
              <dt>{t('channels.lastError')}</dt>
              <dd className="code break">{h.lastError ?? '—'}</dd>
            </div>
          </dl>
          <FailedDeliveries channelId={channel.id} />
        </>
      )}
    </section>
  );
}

function FailedDeliveries({ channelId }: { channelId: number }) {
  const { t } = useTranslation();
  const failed = useFailedDeliveries(channelId);
  const retry = useRetryDelivery();
  const [done, setDone] = useState('');
  const again = (deliveryId: number) => {
    setDone('');
    retry.mutate(
      { channelId, deliveryId },
      {
        onSuccess: () => setDone(t('channels.retried')),
        // The worker may have got it through meanwhile: that is good news, not an error.
        onError: (e) => setDone(e instanceof ApiError && e.code === 'invalid_state' ? t('channels.deliveredMeanwhile') : errorMessage(t, e)),
      },
    );
  };
  return (
    <>
      <h4>{t('channels.failedTitle')}</h4>
      <p role="status" className="saved status-line">
        {done}
      </p>
      {failed.data?.length ? (
        <div className="table-scroll">
          <table className="settings-table users-table">
            <thead>
              <tr>
                <th scope="col">{t('channels.delivery')}</th>
                <th scope="col">{t('channels.state')}</th>
                <th scope="col">{t('channels.attempts')}</th>
                <th scope="col">{t('channels.error')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('users.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {failed.data.map((d) => (
                <tr key={d.id}>
                  <th scope="row">#{d.id}</th>
                  <td data-label={t('channels.state')}>{t(`channels.deliveryState_${d.status}`)}</td>
                  <td data-label={t('channels.attempts')}>{d.attempts}</td>
                  <td data-label={t('channels.error')} className="code break">
                    {d.lastError}
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="btn"
                      disabled={retry.isPending}
                      aria-label={t('channels.retryFor', { id: d.id })}
                      onClick={() => again(d.id)}
                    >
                      {t('delivery.retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="hint">{failed.isError ? errorMessage(t, failed.error) : failed.data ? t('channels.noneFailed') : t('common.loading')}</p>
      )}
    </>
  );
}
