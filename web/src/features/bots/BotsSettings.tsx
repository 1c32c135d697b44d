import type { Role } from '@contracts/roles';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { useHashPath } from '../../lib/url-state';
import { useBots, type Bot } from './api';
import { BotNameDialog } from './BotNameDialog';
import { botsHref, parseBotsRoute } from './bots-route';
import { BotView } from './BotView';
import { ImportDialog } from './ImportDialog';
import { ScriptEditor } from './ScriptEditor';
import './bots.css';
import './texts';

/** Admins and bot editors manage bots (create, rename, import, the start/return/transfer scripts); script editors edit scripts and triggers. */
export const canManageBots = (roles: readonly Role[]) => roles.includes('admin') || roles.includes('bot_editor');

/** Settings → Bots and scripts: the bots, one bot's scripts and triggers, a script in the editor (where is in the hash). */
export function BotsSettings({ roles }: { roles: readonly Role[] }) {
  const route = parseBotsRoute(useHashPath());
  const manage = canManageBots(roles);
  switch (route.view) {
    case 'list':
      return <BotsList manage={manage} />;
    case 'bot':
      return <BotView key={route.botId} botId={route.botId} tab={route.tab} manage={manage} />;
    case 'script':
      return <ScriptEditor key={route.botId} botId={route.botId} code={route.code} />;
  }
}

type Open = { kind: 'create' } | { kind: 'import' } | null;

function BotsList({ manage }: { manage: boolean }) {
  const { t, i18n } = useTranslation();
  const bots = useBots();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState('');
  const created = (b: Bot, key: 'done_create' | 'done_import') => {
    setOpen(null);
    setDone(t(`bots.${key}`, { name: b.name }));
  };
  return (
    <div className="settings-body">
      <div className="section-bar">
        <h1>{t('bots.title')}</h1>
        {manage && (
          <div className="bar-actions">
            <button type="button" className="btn" onClick={() => (setDone(''), setOpen({ kind: 'import' }))}>
              {t('bots.import.open')}
            </button>
            <button type="button" className="btn primary" onClick={() => (setDone(''), setOpen({ kind: 'create' }))}>
              {t('bots.create')}
            </button>
          </div>
        )}
      </div>
      <p className="hint">{manage ? t('bots.intro') : t('bots.introScripts')}</p>
      <p role="status" className="saved status-line">
        {done}
      </p>
      <section className="settings-card" aria-label={t('bots.title')}>
        {bots.isError ? (
          <p role="alert">{errorMessage(t, bots.error)}</p>
        ) : !bots.data ? (
          <p>{t('common.loading')}</p>
        ) : bots.data.length === 0 ? (
          <p className="hint">{t('bots.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="settings-table users-table">
              <thead>
                <tr>
                  <th scope="col">{t('bots.name')}</th>
                  <th scope="col">{t('bots.startScript')}</th>
                  <th scope="col">{t('bots.created')}</th>
                </tr>
              </thead>
              <tbody>
                {bots.data.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">
                      <a href={botsHref({ view: 'bot', botId: b.id, tab: 'scripts' })}>{b.name}</a>
                    </th>
                    <td data-label={t('bots.startScript')} className="code break">
                      {b.startScript ?? '—'}
                    </td>
                    <td data-label={t('bots.created')}>{fullTime(b.createdAt, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open?.kind === 'create' && <BotNameDialog bot={null} onClose={() => setOpen(null)} onDone={(b) => created(b, 'done_create')} />}
      {open?.kind === 'import' && <ImportDialog onClose={() => setOpen(null)} onDone={(b) => created(b, 'done_import')} />}
    </div>
  );
}
