import * as Menu from '@radix-ui/react-dropdown-menu';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useRoute } from 'wouter';
import type { SessionView } from '@contracts/accounts';
import type { ActivityReport } from '@contracts/activity';
import { AccountMenu } from '../features/auth/AccountMenu';
import { signedOut } from '../features/auth/api';
import { StatusSwitch } from '../features/auth/StatusSwitch';
import { useDirectory } from '../features/dialog/api';
import { DialogView } from '../features/dialog/DialogView';
import { History } from '../features/dialog/History';
import { useInboxCounts } from '../features/inbox/api';
import { InboxPanel } from '../features/inbox/InboxPanel';
import { toneOf, type Viewer } from '../features/inbox/row-state';
import { useLeadCard } from '../features/lead/api';
import { LeadCardPanel } from '../features/lead/LeadCardPanel';
import { LeadPage } from '../features/lead/LeadPage';
import { chimesFor } from '../features/notifications/alert-rules';
import { chime, unlockAudioOnGesture } from '../features/notifications/chime';
import { notifyDesktop, useAlerts } from '../features/notifications/useAlerts';
import { TranscriptDialog } from '../features/transcript/TranscriptDialog';
import { useLocalSetting } from '../lib/local-setting';
import { CheckIcon, SettingsIcon } from '../ui/icons';
import { createPresenceStore } from '../lib/presence';
import { openSocket, type Connection, type RealtimeSocket } from '../lib/socket';
import { useMedia } from '../lib/use-media';
import { usePageVisible } from '../lib/use-page-visible';
import { parseTab, useHashPath, useSearchSuffix } from '../lib/url-state';
import { applyEvent } from './realtime';
import { sectionOf, sectionsFor, type SettingsSection } from './settings-sections';

// The administration is loaded only when an administrator opens it.
const Settings = lazy(() => import('./Settings'));

/** The operator's screen: header, the dialog panel, the dialog and the lead card; one socket feeds them all. */
export function Workspace({ session }: { session: SessionView }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = session.user;
  const viewer: Viewer = useMemo(() => ({ userId: me.id, isAdmin: me.roles.includes('admin'), departmentIds: me.departments.map((d) => d.id) }), [me]);
  const person = useMemo(() => ({ userId: me.id, roles: me.roles, departmentIds: viewer.departmentIds, name: me.name }), [me, viewer]);
  const [location, navigate] = useLocation();
  const [inInbox, params] = useRoute<{ tab?: string; leadId?: string }>('/inbox/:tab?/:leadId?');
  const [onLeadPage, leadParams] = useRoute<{ id: string }>('/leads/:id');
  const suffix = useSearchSuffix();
  const tab = parseTab(params?.tab);
  const openLeadId = inInbox && params?.leadId ? Number(params.leadId) : null;
  const visible = usePageVisible();
  const phone = useMedia('(max-width: 720px)');
  // On a PC the card stays open as the operator left it; on a phone it is a screen of its own, opened on request.
  const [pcCardOpen, setPcCardOpen] = useLocalSetting<boolean>('cardOpen', true);
  const [phoneCard, setPhoneCard] = useState<number | null>(null);
  const cardOpen = phone ? phoneCard === openLeadId : pcCardOpen;
  const setCardOpen = (open: boolean) => (phone ? setPhoneCard(open ? openLeadId : null) : setPcCardOpen(open));
  const [muted, setMuted] = useLocalSetting<boolean>('muted', false);
  const [connection, setConnection] = useState<Connection>('connecting');
  // Other operators' activity in dialogs ("Irina is viewing"); ours goes out on the same socket.
  const [presence] = useState(() => createPresenceStore());
  const socketRef = useRef<RealtimeSocket | null>(null);
  const reportActivity = useCallback((r: ActivityReport) => socketRef.current?.send(r), []);
  const directory = useDirectory();
  const counts = useInboxCounts({});
  const card = useLeadCard(openLeadId);
  const hash = useHashPath();
  const firstSection = sectionsFor(me.roles)[0];
  const settings: SettingsSection | null = sectionOf(hash, me.roles);

  // Bot and script editors without a contact-center role have no dialogs to read: they work in the settings.
  const readsDialogs = me.roles.some((r) => r === 'admin' || r === 'operator' || r === 'viewer');
  useEffect(() => {
    if (!inInbox && !onLeadPage) navigate('/inbox/waiting', { replace: true });
  }, [inInbox, onLeadPage, navigate]);
  useEffect(() => {
    if (!readsDialogs && !settings && firstSection) window.location.hash = `#/settings/${firstSection}`;
  }, [readsDialogs, settings, firstSection]);

  // The socket lives as long as the session; its handler reads the latest preferences through a ref.
  const live = useRef({ viewer, muted, visible, t });
  live.current = { viewer, muted, visible, t };
  useEffect(() => {
    // The realtime socket serves the contact center's roles only (the server refuses the others).
    if (!readsDialogs) return;
    unlockAudioOnGesture();
    const socket = openSocket({
      onEvent: (e) => {
        applyEvent(qc, e, live.current.viewer);
        const l = live.current;
        if (!l.visible && !l.muted && chimesFor(e, l.viewer)) {
          chime();
          if ('row' in e.data) notifyDesktop(l.t('app.name'), l.t('notify.attention', { name: e.data.row.name }));
        }
      },
      onResync: () => void qc.invalidateQueries(),
      onSignedOut: () => signedOut(qc),
      onConnection: setConnection,
      onActivity: (n) => presence.apply(n),
    });
    socketRef.current = socket;
    return () => {
      socketRef.current = null;
      socket.close();
    };
  }, [qc, presence, readsDialogs]);

  useAlerts({ counts: counts.data, hidden: !visible, muted, reminderSec: directory.data?.settings.reminderIntervalSec ?? 60, base: t('app.name') });

  const bots = directory.data?.bots ?? [];
  const showCard = cardOpen && openLeadId !== null && !!card.data;
  const layout = phone ? (openLeadId === null ? 'show-panel' : showCard ? 'show-card' : 'show-dialog') : '';
  const menuExtra = (
    <>
      <Menu.Separator className="menu-sep" />
      <Menu.CheckboxItem className="menu-item" checked={muted} onCheckedChange={(v) => setMuted(v)}>
        <Menu.ItemIndicator className="menu-check">
          <CheckIcon />
        </Menu.ItemIndicator>
        {t('account.mute')}
      </Menu.CheckboxItem>
      {typeof Notification !== 'undefined' && Notification.permission === 'default' && (
        <Menu.Item className="menu-item" onSelect={() => void Notification.requestPermission()}>
          {t('account.desktopNotifications')}
        </Menu.Item>
      )}
    </>
  );

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">{t('app.name')}</span>
        <span className="business muted">{me.businessName}</span>
        <span className="spacer" />
        {me.roles.includes('operator') && <StatusSwitch status={me.status} />}
        {firstSection && (
          <a href={`#/settings/${firstSection}`} className="btn ghost header-link" aria-current={settings ? 'page' : undefined}>
            <SettingsIcon />
            <span className="header-link-text">{t('settings.open')}</span>
          </a>
        )}
        <AccountMenu me={me} extra={menuExtra} />
      </header>
      {connection === 'down' && (
        <p className="banner warn" role="status">
          {t('app.disconnected')}
        </p>
      )}
      {settings ? (
        <Suspense fallback={<p className="splash">{t('common.loading')}</p>}>
          <Settings section={settings} backTo={`${location}${suffix}`} meId={me.id} roles={me.roles} />
        </Suspense>
      ) : onLeadPage && leadParams ? (
        <LeadPage
          leadId={Number(leadParams.id)}
          canEdit={me.roles.includes('operator') || me.roles.includes('admin')}
          onBack={() => (history.length > 1 ? history.back() : navigate('/inbox/all'))}
          history={<History leadId={Number(leadParams.id)} me={{ id: me.id, name: me.name }} onRetry={() => undefined} />}
        />
      ) : (
        <main className={`workspace ${layout}${showCard ? ' with-card' : ''}`}>
          <InboxPanel me={viewer} tab={tab} openLeadId={openLeadId} bots={bots} onTab={(next) => navigate(`/inbox/${next}${suffix}`)} />
          {openLeadId !== null ? (
            <DialogView
              key={openLeadId}
              leadId={openLeadId}
              row={card.data?.row}
              operatorNames={card.data?.operators.map((o) => o.name) ?? []}
              unreachable={card.data?.unreachable ?? null}
              loadError={card.error}
              me={person}
              tone={(r) => toneOf(r, viewer)}
              pageVisible={visible}
              presence={presence}
              onActivity={reportActivity}
              connected={connection === 'open'}
              cardOpen={cardOpen}
              onToggleCard={() => setCardOpen(!cardOpen)}
              onBack={() => navigate(`/inbox/${tab}${suffix}`)}
              renderTranscript={(d) => <TranscriptDialog dialogId={d.id} leadName={d.leadName} onClose={d.onClose} />}
            />
          ) : (
            <section className="dialog empty-dialog">
              <p className="empty">{t('dialog.none')}</p>
            </section>
          )}
          {showCard && card.data && <LeadCardPanel card={card.data} onClose={() => setCardOpen(false)} />}
        </main>
      )}
    </div>
  );
}
