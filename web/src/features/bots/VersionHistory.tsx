import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Modal } from '../../ui/Modal';
import { useRestoreVersion, useVersion, useVersions, type Script, type ScriptSnapshot } from './api';

/** A script's saved versions, newest first: who saved each and when; look at one; restore one as the next version. */
export function VersionHistory({
  botId,
  code,
  current,
  onRestored,
  onClose,
}: {
  botId: number;
  code: string;
  current: number;
  onRestored: (s: Script) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const versions = useVersions(botId, code);
  const restore = useRestoreVersion();
  const [viewing, setViewing] = useState<number | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const close = () => {
    setRestoring(null);
    restore.reset();
  };
  return (
    <section className="settings-card history" id="script-history" aria-labelledby="history-title">
      <div className="section-bar">
        <h2 id="history-title">{t('bots.history.title')}</h2>
        <button type="button" className="btn ghost small" onClick={onClose}>
          {t('bots.history.close')}
        </button>
      </div>
      {versions.isError ? (
        <p role="alert">{errorMessage(t, versions.error)}</p>
      ) : !versions.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <div className="table-scroll">
          <table className="settings-table">
            <thead>
              <tr>
                <th scope="col">{t('bots.history.version')}</th>
                <th scope="col">{t('bots.history.author')}</th>
                <th scope="col">{t('bots.history.when')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('bots.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((v) => (
                <tr key={v.version}>
                  <th scope="row">
                    {t('bots.history.versionN', { version: v.version })}
                    {v.version === current && <span className="badge">{t('bots.history.current')}</span>}
                  </th>
                  <td>{v.authorName ?? t('bots.history.system')}</td>
                  <td>{fullTime(v.createdAt, i18n.language)}</td>
                  <td className="row-actions">
                    <button type="button" className="btn ghost small" onClick={() => setViewing(v.version)}>
                      {t('bots.history.view', { version: v.version })}
                    </button>
                    {v.version !== current && (
                      <button type="button" className="btn small" onClick={() => setRestoring(v.version)}>
                        {t('bots.history.restore', { version: v.version })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {versions.hasNextPage && (
        <div className="form-actions">
          <button type="button" className="btn" disabled={versions.isFetchingNextPage} onClick={() => void versions.fetchNextPage()}>
            {t('bots.history.older')}
          </button>
        </div>
      )}
      {viewing !== null && <SnapshotDialog botId={botId} code={code} version={viewing} onClose={() => setViewing(null)} />}
      {restoring !== null && (
        <ConfirmDialog
          title={t('bots.history.confirmTitle', { version: restoring })}
          text={t('bots.history.confirmText', { version: restoring, next: current + 1 })}
          action={t('bots.history.restoreAction')}
          pending={restore.isPending}
          error={restore.error}
          describeError={(e) => (e instanceof ApiError && e.details.length ? e.message : undefined)}
          onConfirm={() =>
            restore.mutate(
              { botId, code, version: restoring, ifVersion: current },
              {
                onSuccess: (s) => {
                  close();
                  onRestored(s);
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

/** One version as it was saved, read-only. */
function SnapshotDialog({ botId, code, version, onClose }: { botId: number; code: string; version: number; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const snap = useVersion(botId, code, version);
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={t('bots.history.viewTitle', { version })}>
      {snap.isError ? (
        <p role="alert">{errorMessage(t, snap.error)}</p>
      ) : !snap.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <Snapshot snap={snap.data} lang={i18n.language} />
      )}
      <div className="modal-actions">
        <button type="button" className="btn primary" onClick={onClose}>
          {t('bots.history.close')}
        </button>
      </div>
    </Modal>
  );
}

function Snapshot({ snap, lang }: { snap: ScriptSnapshot; lang: string }) {
  const { t } = useTranslation();
  const s = snap.script;
  return (
    <div className="snapshot">
      <p className="muted">{t('bots.history.savedBy', { name: snap.authorName ?? t('bots.history.system'), when: fullTime(snap.createdAt, lang) })}</p>
      <dl className="snapshot-fields">
        <dt>{t('bots.script.name')}</dt>
        <dd>{s.name}</dd>
        <dt>{t('bots.script.type')}</dt>
        <dd>{t(`bots.scriptType.${s.type}`)}</dd>
        <dt>{t('bots.entries.title')}</dt>
        <dd>{s.entries.length ? s.entries.map((e) => e.value).join(', ') : '—'}</dd>
      </dl>
      <ol className="snapshot-commands">
        {s.commands.map((c, i) => {
          const { type, ...rest } = c;
          return (
            <li key={i}>
              <strong>{t(`bots.commandType.${type}`)}</strong>
              {Object.keys(rest).length > 0 && <pre className="code">{JSON.stringify(rest, null, 2)}</pre>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
