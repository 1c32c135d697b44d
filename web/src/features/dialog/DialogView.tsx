import * as Menu from '@radix-ui/react-dropdown-menu';
import { unreachableWhy } from '../../lib/unreachable';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { ActivityReport } from '@contracts/activity';
import type { InboxRow } from '@contracts/inbox';
import type { PresenceStore } from '../../lib/presence';
import { errorMessage } from '../../lib/error-message';
import { Avatar } from '../../ui/Avatar';
import { BackIcon, InfoIcon, MessengerIcon, MoreIcon, ToneIcon } from '../../ui/icons';
import { ActionDialogs, type Picker } from './ActionDialogs';
import { markRead, useDialogAction, useDirectory, useSend } from './api';
import { Composer } from './Composer';
import { History } from './History';
import { PresenceLine } from './PresenceLine';
import { ServiceTimer } from '../../ui/ServiceTimer';
import { useReportActivity } from './use-activity';
import { actionsFor, writeBlock, type Person } from './permissions';

interface Props {
  leadId: number;
  /** The lead's row and who is in the dialog (from the lead card, which the app loads). */
  row: InboxRow | undefined;
  operatorNames: string[];
  /** The messenger said the lead cannot get messages (it blocked the bot); null: it can. */
  unreachable: { reason: string } | null;
  loadError: unknown;
  me: Person & { name: string };
  tone: (row: InboxRow) => 'bot' | 'waiting' | 'mine' | 'other' | 'closed';
  pageVisible: boolean;
  /** Who else is in which dialog (other operators' activity from the socket). */
  presence: PresenceStore;
  /** Tells the others what this operator does here; with `connected`, the socket's state. */
  onActivity?: (r: ActivityReport) => void;
  connected: boolean;
  cardOpen: boolean;
  onToggleCard(): void;
  onBack(): void;
  /** The dialog's transcript (the transcript feature, which the app composes in), opened from the ⋯ menu; absent: no such item. */
  renderTranscript?: (dialog: { id: number; leadName: string; onClose(): void }) => ReactNode;
}

/** The dialog with the lead: header with the action that fits, history, composer. */
export function DialogView({
  leadId,
  row,
  operatorNames,
  unreachable,
  loadError,
  me,
  tone,
  pageVisible,
  presence,
  onActivity,
  connected,
  cardOpen,
  onToggleCard,
  onBack,
  renderTranscript,
}: Props) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const action = useDialogAction();
  const send = useSend(leadId);
  const [picker, setPicker] = useState<Picker>(null);
  const [transcriptOpen, setTranscriptOpen] = useState(false);
  const activity = useReportActivity(leadId, { visible: pageVisible, connected, report: onActivity });

  // Reading the dialog clears its unread badge for everyone, while the page is in front of the operator.
  const unread = row?.unreadCount ?? 0;
  const canWork = me.roles.includes('operator') || me.roles.includes('admin');
  useEffect(() => {
    if (unread > 0 && pageVisible && canWork) void markRead(leadId).catch(() => undefined);
  }, [unread, pageVisible, leadId, canWork]);

  // Keyboard (outside text fields): t takes, e closes, Esc goes back to the panel.
  const acts = row ? actionsFor(row, me) : null;
  const dialogId = row?.dialog?.id;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || e.metaKey || e.ctrlKey || e.altKey) return;
      // Esc first closes an open menu or modal (their own handler); only with none open does it go back.
      if (document.querySelector('[role=dialog],[role=alertdialog],[role=menu]')) return;
      if (e.key === 'Escape') onBack();
      if (!dialogId || !acts) return;
      if (e.key === 't' && acts.take) action.mutate({ kind: 'take', dialogId });
      if (e.key === 'e' && acts.close) action.mutate({ kind: 'close', dialogId });
    };
    // Capture: seen before a menu's own Escape handler closes it.
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [acts, dialogId, action, onBack]);

  if (loadError)
    return (
      <section className="dialog">
        <p className="empty" role="alert">
          {errorMessage(t, loadError)}
        </p>
      </section>
    );
  if (!row)
    return (
      <section className="dialog">
        <p className="empty">{t('common.loading')}</p>
      </section>
    );
  const toneNow = tone(row);
  const block = writeBlock(row, me);
  const blockText = block === 'otherOperator' ? t('composer.blockedOther', { name: operatorNames.join(', ') }) : block ? t(`composer.blocked.${block}`) : null;
  const hint = row.state === 'bot' || row.state === 'closed' ? t('composer.hintBot') : row.state === 'waiting' ? t('composer.hintWaiting') : null;
  const a = acts!;
  const primary = a.take ? 'take' : a.close ? 'close' : a.reopen ? 'reopen' : null;
  const runPrimary = () => {
    if (primary === 'reopen') action.mutate({ kind: 'open', leadId });
    else if (primary && dialogId) action.mutate({ kind: primary, dialogId });
  };

  return (
    <section className={`dialog tone-${toneNow}`} aria-label={t('dialog.label', { name: row.name })}>
      <header className="dialog-header">
        <button type="button" className="icon-btn back" onClick={onBack} aria-label={t('common.back')}>
          <BackIcon />
        </button>
        <Link href={`/leads/${leadId}`} className="dialog-lead" aria-label={t('dialog.openLead', { name: row.name })}>
          <Avatar name={row.name} />
          <span className="dialog-lead-text">
            <span className="dialog-title">
              <strong className="dialog-name">{row.name}</strong>
              <span className={`state-chip tone-${toneNow}`}>
                <ToneIcon tone={toneNow} />
                <span className="state-chip-label">{t(`tone.${toneNow}`)}</span>
              </span>
            </span>
            <span className="dialog-sub">
              <MessengerIcon kind={row.channelKind} /> {row.botName} · {t(`messenger.${row.channelKind}`)} <ServiceTimer dialog={row.dialog} />
            </span>
          </span>
        </Link>
        <div className="dialog-actions">
          {primary && (
            <button type="button" className={`btn ${primary === 'close' ? '' : 'primary'}`} disabled={action.isPending} onClick={runPrimary}>
              {t(`actions.${primary}`)}
            </button>
          )}
          {(a.returnToBot || a.transfer || a.invite || a.takeFromBot || (renderTranscript && dialogId)) && (
            <Menu.Root modal={false}>
              <Menu.Trigger className="icon-btn" aria-label={t('actions.more')}>
                <MoreIcon />
              </Menu.Trigger>
              <Menu.Portal>
                <Menu.Content className="menu" align="end" sideOffset={6}>
                  {a.takeFromBot && (
                    <Menu.Item className="menu-item" onSelect={() => action.mutate({ kind: 'open', leadId })}>
                      {t('actions.takeFromBot')}
                    </Menu.Item>
                  )}
                  {a.transfer && (
                    <Menu.Item className="menu-item" onSelect={() => setPicker('transfer')}>
                      {t('actions.transferMenu')}
                    </Menu.Item>
                  )}
                  {a.invite && (
                    <Menu.Item className="menu-item" onSelect={() => setPicker('invite')}>
                      {t('actions.inviteMenu')}
                    </Menu.Item>
                  )}
                  {a.returnToBot && (
                    <Menu.Item className="menu-item" onSelect={() => setPicker('return')}>
                      {t('actions.returnMenu')}
                    </Menu.Item>
                  )}
                  {a.close && primary !== 'close' && dialogId && (
                    <Menu.Item className="menu-item" onSelect={() => action.mutate({ kind: 'close', dialogId })}>
                      {t('actions.close')}
                    </Menu.Item>
                  )}
                  {renderTranscript && dialogId && (
                    <Menu.Item className="menu-item" onSelect={() => setTranscriptOpen(true)}>
                      {t('transcript.menu')}
                    </Menu.Item>
                  )}
                </Menu.Content>
              </Menu.Portal>
            </Menu.Root>
          )}
          <button type="button" className={`icon-btn${cardOpen ? ' on' : ''}`} aria-pressed={cardOpen} onClick={onToggleCard} aria-label={t('card.toggle')}>
            <InfoIcon />
          </button>
        </div>
      </header>
      <PresenceLine store={presence} leadId={leadId} />
      {action.error && (
        <p className="banner error" role="alert">
          {errorMessage(t, action.error)}{' '}
          <button type="button" className="link-btn" onClick={() => action.reset()}>
            {t('common.dismiss')}
          </button>
        </p>
      )}
      <History leadId={leadId} me={{ id: me.userId, name: me.name }} onRetry={(v) => send.mutate(v)} />
      {unreachable && (
        <p className="banner warn" role="status">
          {t('dialog.unreachable', { reason: unreachableWhy(t, unreachable.reason) })}
        </p>
      )}
      <Composer
        leadId={leadId}
        disabledReason={blockText}
        hint={hint}
        onTyping={activity.typing}
        onSend={(v) => {
          send.mutate(v);
          activity.sent();
        }}
      />
      {dialogId && (
        <ActionDialogs
          picker={picker}
          onClose={() => setPicker(null)}
          directory={directory.data}
          botId={row.botId}
          meId={me.userId}
          exclude={row.dialog?.operatorIds ?? []}
          busy={action.isPending}
          onReturn={(script) => action.mutate({ kind: 'return', dialogId, script }, { onSuccess: () => setPicker(null) })}
          onTransfer={(to) =>
            action.mutate(
              'operatorId' in to
                ? { kind: 'transfer', dialogId, operatorId: to.operatorId }
                : { kind: 'transferDepartment', dialogId, departmentCode: to.departmentCode },
              { onSuccess: () => setPicker(null) },
            )
          }
          onInvite={(operatorId) => action.mutate({ kind: 'invite', dialogId, operatorId }, { onSuccess: () => setPicker(null) })}
        />
      )}
      {dialogId && transcriptOpen ? renderTranscript?.({ id: dialogId, leadName: row.name, onClose: () => setTranscriptOpen(false) }) : null}
    </section>
  );
}
