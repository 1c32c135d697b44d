import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { BackIcon } from '../../ui/icons';
import { exportBot, useBots, useScripts, useUpdateBot, type Bot } from './api';
import { BotNameDialog } from './BotNameDialog';
import { botsHref, type BotTab } from './bots-route';
import { downloadJson, exportFileName } from './download';
import { ConsoleTab } from './ConsoleTab';
import { LogTab } from './LogTab';
import { ScriptsTab } from './ScriptsTab';
import { TriggersTab } from './TriggersTab';

const ROLES = ['startScript', 'returnScript', 'transferScript'] as const;
type ScriptRole = (typeof ROLES)[number];

/** One bot: its name, the scripts it starts, returns and transfers with, export; its scripts or triggers below. */
export function BotView({ botId, tab, manage }: { botId: number; tab: BotTab; manage: boolean }) {
  const { t } = useTranslation();
  const bots = useBots();
  const [renaming, setRenaming] = useState(false);
  const [done, setDone] = useState('');
  const [exportError, setExportError] = useState<unknown>(null);
  const bot = bots.data?.find((b) => b.id === botId);
  if (bots.isError)
    return (
      <p className="settings-body" role="alert">
        {errorMessage(t, bots.error)}
      </p>
    );
  if (!bots.data) return <p className="settings-body">{t('common.loading')}</p>;
  if (!bot)
    return (
      <div className="settings-body">
        <p role="alert">{t('bots.notFound')}</p>
        <a href={botsHref({ view: 'list' })}>{t('bots.backToBots')}</a>
      </div>
    );

  const download = () => {
    setExportError(null);
    exportBot(bot.id).then(
      (doc) => {
        downloadJson(doc, exportFileName(bot.name));
        setDone(t('bots.exported', { name: bot.name }));
      },
      (e: unknown) => setExportError(e),
    );
  };
  const tabLink = (to: BotTab) => (
    <a href={botsHref({ view: 'bot', botId, tab: to })} className="tab-link" aria-current={tab === to ? 'page' : undefined}>
      {t(`bots.tab.${to}`)}
    </a>
  );
  return (
    <div className="settings-body">
      <a className="btn ghost back-link" href={botsHref({ view: 'list' })}>
        <BackIcon />
        {t('bots.backToBots')}
      </a>
      <div className="section-bar">
        <h1>{bot.name}</h1>
        <div className="bar-actions">
          {manage && (
            <button type="button" className="btn" onClick={() => (setDone(''), setRenaming(true))}>
              {t('bots.rename')}
            </button>
          )}
          <button type="button" className="btn" onClick={download}>
            {t('bots.export')}
          </button>
        </div>
      </div>
      <p role="status" className="saved status-line">
        {done}
      </p>
      {exportError ? (
        <p className="form-error" role="alert">
          {errorMessage(t, exportError)}
        </p>
      ) : null}
      <ScenarioScripts bot={bot} manage={manage} />
      <nav className="tab-links" aria-label={t('bots.tab.label')}>
        {tabLink('scripts')}
        {tabLink('triggers')}
        {tabLink('log')}
        {tabLink('console')}
      </nav>
      {tab === 'scripts' ? (
        <ScriptsTab bot={bot} />
      ) : tab === 'triggers' ? (
        <TriggersTab botId={bot.id} />
      ) : tab === 'console' ? (
        <ConsoleTab botId={bot.id} />
      ) : (
        <LogTab botId={bot.id} />
      )}
      {renaming && (
        <BotNameDialog
          bot={bot}
          onClose={() => setRenaming(false)}
          onDone={(b) => {
            setRenaming(false);
            setDone(t('bots.done_rename', { name: b.name }));
          }}
        />
      )}
    </div>
  );
}

/** The start, return and transfer scripts: chosen from the bot's scripts by those who manage bots, shown to the others. */
function ScenarioScripts({ bot, manage }: { bot: Bot; manage: boolean }) {
  const { t } = useTranslation();
  const scripts = useScripts(bot.id);
  const update = useUpdateBot();
  const [form, setForm] = useState<Record<ScriptRole, string>>(() => ({
    startScript: bot.startScript ?? '',
    returnScript: bot.returnScript ?? '',
    transferScript: bot.transferScript ?? '',
  }));
  const [saved, setSaved] = useState(false);
  const changed = ROLES.filter((r) => form[r] !== (bot[r] ?? ''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const patch = Object.fromEntries(changed.map((r) => [r, form[r] || null]));
    update.mutate({ botId: bot.id, patch }, { onSuccess: () => setSaved(true) });
  };
  return (
    <section className="settings-card" aria-labelledby="scenario-title">
      <h2 id="scenario-title">{t('bots.scenario.title')}</h2>
      {manage ? (
        <form className="form" onSubmit={submit} noValidate>
          <div className="scenario-grid">
            {ROLES.map((r) => (
              <div className="field" key={r}>
                <label htmlFor={`bot-${r}`}>{t(`bots.scenario.${r}`)}</label>
                <select
                  id={`bot-${r}`}
                  value={form[r]}
                  aria-describedby={`bot-${r}-hint`}
                  onChange={(e) => {
                    setForm({ ...form, [r]: e.target.value });
                    setSaved(false);
                    update.reset();
                  }}
                >
                  <option value="">{t('bots.none')}</option>
                  {(scripts.data ?? []).map((s) => (
                    <option key={s.code} value={s.code}>
                      {s.name} ({s.code})
                    </option>
                  ))}
                </select>
                <p className="hint" id={`bot-${r}-hint`}>
                  {t(`bots.scenario.${r}Hint`)}
                </p>
              </div>
            ))}
          </div>
          {update.error ? (
            <p className="form-error" role="alert">
              {errorMessage(t, update.error)}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="btn primary" disabled={update.isPending || changed.length === 0}>
              {t('common.save')}
            </button>
            <p role="status" className="saved">
              {saved && changed.length === 0 ? t('bots.scenario.saved') : ''}
            </p>
          </div>
        </form>
      ) : (
        <dl className="scenario-list">
          {ROLES.map((r) => (
            <div key={r}>
              <dt>{t(`bots.scenario.${r}`)}</dt>
              <dd className="code">{bot[r] ?? '—'}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
