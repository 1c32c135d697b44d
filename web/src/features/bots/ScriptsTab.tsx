import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useDeleteScript, useScripts, type Bot, type ScriptSummary } from './api';
import { botsHref } from './bots-route';

/** A bot's scripts: code, name, type, version, when saved; open one in the editor, add one, delete one nothing uses. */
export function ScriptsTab({ bot }: { bot: Bot }) {
  const { t, i18n } = useTranslation();
  const scripts = useScripts(bot.id);
  const remove = useDeleteScript();
  const [deleting, setDeleting] = useState<ScriptSummary | null>(null);
  const [done, setDone] = useState('');
  const close = () => {
    setDeleting(null);
    remove.reset();
  };
  return (
    <section className="settings-card" aria-labelledby="scripts-title">
      <div className="section-bar">
        <h2 id="scripts-title">{t('bots.tab.scripts')}</h2>
        <a className="btn primary" href={botsHref({ view: 'script', botId: bot.id, code: null })}>
          {t('bots.script.new')}
        </a>
      </div>
      <p role="status" className="saved status-line">
        {done}
      </p>
      {scripts.isError ? (
        <p role="alert">{errorMessage(t, scripts.error)}</p>
      ) : !scripts.data ? (
        <p>{t('common.loading')}</p>
      ) : scripts.data.length === 0 ? (
        <p className="hint">{t('bots.script.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="settings-table users-table">
            <thead>
              <tr>
                <th scope="col">{t('bots.script.name')}</th>
                <th scope="col">{t('bots.script.code')}</th>
                <th scope="col">{t('bots.script.type')}</th>
                <th scope="col">{t('bots.history.version')}</th>
                <th scope="col">{t('bots.script.updated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('bots.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {scripts.data.map((s) => (
                <tr key={s.code}>
                  <th scope="row">
                    <a href={botsHref({ view: 'script', botId: bot.id, code: s.code })}>{s.name}</a>
                  </th>
                  <td data-label={t('bots.script.code')} className="code break">
                    {s.code}
                  </td>
                  <td data-label={t('bots.script.type')}>{t(`bots.scriptType.${s.type}`)}</td>
                  <td data-label={t('bots.history.version')}>{s.version}</td>
                  <td data-label={t('bots.script.updated')}>{fullTime(s.updatedAt, i18n.language)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="btn ghost small"
                      onClick={() => (setDone(''), setDeleting(s))}
                      aria-label={t('bots.script.deleteNamed', { name: s.name })}
                    >
                      {t('bots.script.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('bots.script.confirmDelete', { name: deleting.name })}
          text={t('bots.script.confirmDeleteText', { code: deleting.code })}
          action={t('bots.script.delete')}
          pending={remove.isPending}
          error={remove.error}
          // A script something still uses: the server names what, in its words.
          describeError={(e) => (e instanceof ApiError && e.code === 'conflict' ? t('bots.script.inUse', { detail: e.message }) : undefined)}
          onConfirm={() =>
            remove.mutate(
              { botId: bot.id, code: deleting.code },
              {
                onSuccess: () => {
                  setDone(t('bots.script.deleted', { name: deleting.name }));
                  close();
                },
              },
            )
          }
          onClose={close}
        />
      )}
    </section>
  );
}
