import { useMutationState } from '@tanstack/react-query';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@contracts/inbox';
import { errorMessage } from '../../lib/error-message';
import { dialogKeys, useHistory, useRetryDelivery, type SendInput } from './api';
import { MessageItem } from './MessageItem';

const GROUP_MS = 5 * 60_000;

/** The conversation, oldest at the top; messages being sent show at once, failed ones offer a retry. */
export function History({ leadId, me, onRetry }: { leadId: number; me: { id: number; name: string }; onRetry(v: SendInput): void }) {
  const { t } = useTranslation();
  const history = useHistory(leadId);
  const retry = useRetryDelivery();
  const messages = useMemo(() => [...(history.data?.pages ?? [])].reverse().flatMap((p) => p.messages), [history.data]);
  const sends = useMutationState({
    filters: { mutationKey: dialogKeys.send(leadId) },
    select: (m) => ({ v: m.state.variables as SendInput, status: m.state.status }),
  });
  // A send still in flight or failed, and not yet in the history, shows as a local message.
  const sentIds = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
  const pending = sends.filter((s) => (s.status === 'pending' || s.status === 'error') && !sentIds.has(s.v.clientMessageId));
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = messages.length + pending.length;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [count, leadId]);

  if (history.isError)
    return (
      <div className="history">
        <p className="empty" role="alert">
          {errorMessage(t, history.error)}
        </p>
      </div>
    );
  return (
    <div
      className="history"
      ref={scrollRef}
      tabIndex={0}
      role="log"
      aria-label={t('dialog.history')}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {history.hasNextPage && (
        <button type="button" className="btn ghost load-earlier" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          {t('dialog.loadEarlier')}
        </button>
      )}
      {!history.data && <p className="empty">{t('common.loading')}</p>}
      <ol className="messages">
        {messages.map((m, i) => (
          <MessageItem
            key={m.id}
            m={m}
            first={startsGroup(messages[i - 1], m)}
            onRetry={m.delivery === 'failed' && !retry.isPending ? () => retry.mutate(m.id) : undefined}
          />
        ))}
        {pending.map((s) => (
          <MessageItem
            key={s.v.clientMessageId}
            first
            local={s.status === 'error' ? 'failed' : 'sending'}
            m={localMessage(leadId, s.v, me)}
            onRetry={s.status === 'error' ? () => onRetry(s.v) : undefined}
          />
        ))}
      </ol>
    </div>
  );
}

function startsGroup(prev: Message | undefined, m: Message): boolean {
  return !prev || prev.author !== m.author || prev.authorUserId !== m.authorUserId || prev.internal !== m.internal || m.createdAt - prev.createdAt > GROUP_MS;
}

function localMessage(leadId: number, v: SendInput, me: { id: number; name: string }): Message {
  return {
    id: -1,
    leadId,
    dialogId: null,
    author: 'operator',
    authorUserId: me.id,
    authorName: me.name,
    text: v.text,
    payload: null,
    clientMessageId: v.clientMessageId,
    delivery: 'none',
    createdAt: Date.now(),
    internal: !!v.note,
    attachments: [],
  };
}
