import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { InboxTab } from '@contracts/dialogs';
import type { InboxRow } from '@contracts/inbox';
import { shortTime } from '../../lib/time';
import { useSearchSuffix } from '../../lib/url-state';
import { Avatar } from '../../ui/Avatar';
import { MessengerIcon, ToneIcon } from '../../ui/icons';
import { toneOf, type Viewer } from './row-state';
import { OverdueChip } from '../../ui/ServiceTimer';

export const ROW_HEIGHT = 76;

interface Props {
  row: InboxRow;
  me: Viewer;
  tab: InboxTab;
  active: boolean;
}

/** One lead in the panel (memoized: its props are the row and plain values, so only a changed row re-renders): who, which bot and messenger, the last message, when, state and unread. */
export const InboxRowView = memo(function InboxRowView({ row, me, tab, active }: Props) {
  const { t, i18n } = useTranslation();
  const suffix = useSearchSuffix();
  const tone = toneOf(row, me);
  const unread = row.unreadCount > 0;
  const at = tab === 'waiting' ? (row.dialog?.createdAt ?? row.lastActivityAt) : (row.lastMessageAt ?? row.lastActivityAt);
  return (
    <Link
      href={`/inbox/${tab}/${row.leadId}${suffix}`}
      data-lead={row.leadId}
      className={`row tone-${tone}${unread ? ' unread' : ''}${active ? ' active' : ''}`}
      aria-current={active ? 'page' : undefined}
    >
      <span className="row-avatar">
        <Avatar name={row.name} size={40} />
        <MessengerIcon kind={row.channelKind} />
      </span>
      <span className="row-main">
        <span className="row-top">
          <span className="row-name">{row.name}</span>
          <time className="row-time" dateTime={new Date(at).toISOString()}>
            {shortTime(at, i18n.language)}
          </time>
        </span>
        <span className="row-meta">
          <span className={`state-chip tone-${tone}`}>
            <ToneIcon tone={tone} />
            {t(`tone.${tone}`)}
          </span>
          <OverdueChip dialog={row.dialog} />
          <span className="row-bot">
            {row.botName} · {t(`messenger.${row.channelKind}`)}
          </span>
        </span>
        <span className="row-bottom">
          <span className="row-preview">
            {row.lastMessagePreview
              ? `${row.lastMessageAuthor && row.lastMessageAuthor !== 'lead' ? `${t(`author.${row.lastMessageAuthor}`)}: ` : ''}${row.lastMessagePreview}`
              : t('inbox.noMessages')}
          </span>
          {unread && (
            <span className={`badge tone-${tone}`} aria-label={t('inbox.unread', { count: row.unreadCount })}>
              {row.unreadCount}
            </span>
          )}
        </span>
      </span>
    </Link>
  );
});
