import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@contracts/inbox';
import type { BotPayload } from '@contracts/message-payloads';
import { fullTime } from '../../lib/time';
import { BotIcon, NoteIcon, PaperclipIcon } from '../../ui/icons';
import { systemText } from './system-line';

export type LocalState = 'sending' | 'failed';

interface Props {
  m: Message;
  /** First of a run by the same author: shows who wrote it. */
  first: boolean;
  local?: LocalState | undefined;
  onRetry?: (() => void) | undefined;
}

/** One line of the history: the lead on the left; the bot and operators on the right; system lines centred. */
export const MessageItem = memo(function MessageItem({ m, first, local, onRetry }: Props) {
  const { t, i18n } = useTranslation();
  if (m.author === 'system') {
    return (
      <li className="msg-system">
        <span>{systemText(t, m)}</span> <time dateTime={new Date(m.createdAt).toISOString()}>{fullTime(m.createdAt, i18n.language)}</time>
      </li>
    );
  }
  const side = m.author === 'lead' ? 'in' : 'out';
  const bot = m.author === 'bot' ? (m.payload as BotPayload | null) : null;
  const buttons = bot?.buttons?.map((b) => b.label) ?? [];
  const who = m.internal
    ? t('message.note', { name: m.authorName ?? '' })
    : m.author === 'bot'
      ? t('author.bot')
      : m.author === 'operator'
        ? (m.authorName ?? t('author.operator'))
        : null;
  return (
    <li className={`msg ${side} author-${m.author}${m.internal ? ' note' : ''}${first ? ' first' : ''}`}>
      {first && who && (
        <span className="msg-author">
          {m.internal ? <NoteIcon /> : m.author === 'bot' ? <BotIcon /> : null}
          {who}
        </span>
      )}
      <div className="bubble">
        {bot?.image && (
          <a href={bot.image.url} target="_blank" rel="noreferrer" className="msg-image">
            <img src={bot.image.url} alt={m.text || t('message.image')} loading="lazy" />
          </a>
        )}
        {bot?.file ? (
          <a href={bot.file.url} target="_blank" rel="noreferrer" className="msg-file">
            <PaperclipIcon /> {bot.file.name ?? bot.file.url}
          </a>
        ) : (
          m.text && <p className="msg-text">{m.text}</p>
        )}
        {(m.attachments ?? []).map((a) =>
          a.kind === 'image' ? (
            <a key={a.id} href={a.url} target="_blank" rel="noreferrer" className="msg-image">
              <img src={a.url} alt={a.name} loading="lazy" />
            </a>
          ) : a.kind === 'audio' || a.kind === 'video' ? (
            <figure key={a.id} className="msg-media">
              {a.kind === 'audio' ? (
                <audio controls preload="none" src={a.url} aria-label={a.name} />
              ) : (
                <video controls preload="metadata" src={a.url} aria-label={a.name} />
              )}
              <figcaption>
                <a href={a.url} download={a.name}>
                  {a.name}
                </a>{' '}
                <span className="muted">({formatSize(a.size)})</span>
              </figcaption>
            </figure>
          ) : (
            <a key={a.id} href={a.url} className="msg-file" download={a.name}>
              <PaperclipIcon /> {a.name} <span className="muted">({formatSize(a.size)})</span>
            </a>
          ),
        )}
        {buttons.length > 0 && (
          <ul className="bot-buttons" aria-label={t('message.buttons')}>
            {buttons.map((b, i) => (
              <li key={i}>{b}</li>
            ))}
          </ul>
        )}
      </div>
      <span className="msg-meta">
        <time dateTime={new Date(m.createdAt).toISOString()}>
          {new Date(m.createdAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })}
        </time>
        {side === 'out' && !m.internal && <Delivery state={local ?? m.delivery} onRetry={onRetry} />}
      </span>
    </li>
  );
});

function Delivery({ state, onRetry }: { state: LocalState | Message['delivery']; onRetry?: (() => void) | undefined }) {
  const { t } = useTranslation();
  switch (state) {
    case 'none':
      return null;
    case 'sending':
      return <span className="delivery sending">{t('delivery.sending')}</span>;
    case 'pending':
      return <span className="delivery pending">{t('delivery.pending')}</span>;
    case 'sent':
      return <span className="delivery sent">{t('delivery.sent')}</span>;
    case 'failed':
      return (
        <span className="delivery failed" role="status">
          {t('delivery.failed')}
          {onRetry && (
            <button type="button" className="link-btn" onClick={onRetry}>
              {t('delivery.retry')}
            </button>
          )}
        </span>
      );
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
