import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { fullTime, relativeTime } from '../../lib/time';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useRevokeToken, useTokens, type TokenRow } from './api';
import { RateLimitCard } from './RateLimitCard';
import { NewTokenDialog } from './TokenDialogs';

/** Settings → API tokens: what each may do and when it was last used; a new one (its secret once), revoke; the requests a minute each may make. */
export function TokensSettings() {
  const { t, i18n } = useTranslation();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [open, setOpen] = useState<{ kind: 'add' } | { kind: 'revoke'; token: TokenRow } | null>(null);
  const [done, setDone] = useState('');
  const close = () => {
    setOpen(null);
    revoke.reset();
  };
  const lang = i18n.language;
  const when = (at: number) => (
    <time dateTime={new Date(at).toISOString()} title={fullTime(at, lang)}>
      {relativeTime(at, lang)}
    </time>
  );

  return (
    <div className="settings-body">
      <div className="section-bar">
        <h1>{t('tokens.title')}</h1>
        <button type="button" className="btn primary" onClick={() => (setDone(''), setOpen({ kind: 'add' }))}>
          {t('tokens.addButton')}
        </button>
      </div>
      <p className="hint">{t('tokens.intro')}</p>
      <p role="status" className="saved status-line">
        {done}
      </p>
      <section className="settings-card" aria-label={t('tokens.title')}>
        {tokens.isError ? (
          <p role="alert">{errorMessage(t, tokens.error)}</p>
        ) : !tokens.data ? (
          <p>{t('common.loading')}</p>
        ) : tokens.data.length === 0 ? (
          <p className="hint">{t('tokens.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="settings-table users-table">
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  <th scope="col">{t('tokens.roles')}</th>
                  <th scope="col">{t('tokens.created')}</th>
                  <th scope="col">{t('tokens.lastUsed')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((k) => (
                  <tr key={k.id} className={k.revokedAt ? 'user-disabled' : undefined}>
                    <th scope="row" className="break">
                      {k.name}
                      {k.revokedAt && <span className="badge">{t('tokens.revoked')}</span>}
                    </th>
                    <td data-label={t('tokens.roles')}>{k.roles.map((r) => t(`users.role.${r}`)).join(', ')}</td>
                    <td data-label={t('tokens.created')} className="nowrap">
                      {when(k.createdAt)}
                    </td>
                    <td data-label={t('tokens.lastUsed')} className="nowrap">
                      {k.lastUsedAt ? when(k.lastUsedAt) : t('tokens.never')}
                    </td>
                    <td className="row-actions">
                      {!k.revokedAt && (
                        <button
                          type="button"
                          className="btn ghost"
                          aria-label={t('tokens.revokeFor', { name: k.name })}
                          onClick={() => (setDone(''), setOpen({ kind: 'revoke', token: k }))}
                        >
                          {t('tokens.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <RateLimitCard />
      {open?.kind === 'add' && <NewTokenDialog onClose={close} onCreated={(name) => setDone(t('tokens.done_add', { name }))} />}
      {open?.kind === 'revoke' && (
        <ConfirmDialog
          title={t('tokens.confirm_revoke', { name: open.token.name })}
          text={t('tokens.confirmText_revoke', { name: open.token.name })}
          action={t('tokens.revoke')}
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() =>
            revoke.mutate(open.token.id, {
              onSuccess: () => {
                setDone(t('tokens.done_revoke', { name: open.token.name }));
                close();
              },
            })
          }
          onClose={close}
        />
      )}
    </div>
  );
}
