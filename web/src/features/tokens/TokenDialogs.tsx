import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@contracts/roles';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { Modal } from '../../ui/Modal';
import { ROLE_ORDER } from '../../lib/directory';
import { TOKEN_NAME_MAX, useCreateToken } from './api';

/** A new token: its name and roles, then its secret — shown this once, with Copy. */
export function NewTokenDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['admin']);
  const [local, setLocal] = useState<{ name?: string; roles?: string }>({});
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const edit = () => {
    setLocal({});
    create.reset();
  };
  const server = fieldErrors(create.error);
  const errors = {
    name: local.name ?? (server.name ? t('tokens.badName') : undefined),
    roles: local.roles ?? (server.roles ? t('users.noRoles') : undefined),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: typeof local = {};
    if (!name.trim()) bad.name = t('tokens.badName');
    if (!roles.length) bad.roles = t('users.noRoles');
    setLocal(bad);
    if (Object.keys(bad).length) return;
    create.mutate(
      { name: name.trim(), roles },
      {
        onSuccess: (r) => {
          onCreated(r.token.name);
          setCreated({ name: r.token.name, secret: r.secret });
        },
      },
    );
  };
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={created ? t('tokens.secretTitle', { name: created.name }) : t('tokens.addTitle')}>
      {created ? (
        <TokenSecretView secret={created.secret} onDone={onClose} />
      ) : (
        <form className="form user-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="token-name">{t('tokens.name')}</label>
            <input
              id="token-name"
              type="text"
              autoComplete="off"
              maxLength={TOKEN_NAME_MAX}
              value={name}
              onChange={(e) => (setName(e.target.value), edit())}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={[errors.name ? 'token-name-err' : '', 'token-name-hint'].filter(Boolean).join(' ')}
            />
            <p className="hint" id="token-name-hint">
              {t('tokens.nameHint')}
            </p>
            {errors.name ? (
              <p className="field-error" id="token-name-err">
                {errors.name}
              </p>
            ) : null}
          </div>
          <fieldset className="checks" aria-invalid={errors.roles ? true : undefined} aria-describedby={errors.roles ? 'token-roles-err' : undefined}>
            <legend>{t('tokens.roles')}</legend>
            {ROLE_ORDER.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={(e) => (setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r)), edit())}
                />
                {t(`users.role.${r}`)}
              </label>
            ))}
            {errors.roles ? (
              <p className="field-error" id="token-roles-err">
                {errors.roles}
              </p>
            ) : null}
          </fieldset>
          {create.error && !errors.name && !errors.roles ? (
            <p className="form-error" role="alert">
              {errorMessage(t, create.error)}
            </p>
          ) : null}
          <div className="modal-actions">
            <button type="button" className="btn ghost" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn primary" disabled={create.isPending}>
              {t('tokens.create')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

/** The secret, selectable and with Copy, and the warning that it is not shown again. */
function TokenSecretView({ secret, onDone }: { secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  return (
    <div className="form">
      <p className="token-warning" id="token-secret-warning">
        {t('tokens.secretWarning')}
      </p>
      <label htmlFor="token-secret">{t('tokens.secret')}</label>
      <div className="copy-row">
        <input
          id="token-secret"
          className="code"
          readOnly
          value={secret}
          onFocus={(e) => e.target.select()}
          aria-describedby="token-secret-warning token-secret-hint"
        />
        <button type="button" className="btn" onClick={() => void copy()}>
          {t('users.copy')}
        </button>
      </div>
      <p className="hint" id="token-secret-hint">
        {t('tokens.secretHint')}
      </p>
      <p role="status" className="saved">
        {copied === 'yes' ? t('users.copied') : copied === 'no' ? t('tokens.copyFailed') : ''}
      </p>
      <div className="modal-actions">
        <button type="button" className="btn primary" onClick={onDone}>
          {t('users.done')}
        </button>
      </div>
    </div>
  );
}
