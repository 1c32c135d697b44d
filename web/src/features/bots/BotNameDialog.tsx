import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { Modal } from '../../ui/Modal';
import { NAME_MAX, useCreateBot, useUpdateBot, type Bot } from './api';

/** A new bot (it comes with a start script and the transfer script), or a new name for one. */
export function BotNameDialog({ bot, onClose, onDone }: { bot: Bot | null; onClose: () => void; onDone: (b: Bot) => void }) {
  const { t } = useTranslation();
  const create = useCreateBot();
  const update = useUpdateBot();
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const [name, setName] = useState(bot?.name ?? '');
  const [local, setLocal] = useState(false);
  const bad = local || !!fieldErrors(error).name;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setLocal(true);
    if (bot) update.mutate({ botId: bot.id, patch: { name: name.trim() } }, { onSuccess: onDone });
    else create.mutate(name.trim(), { onSuccess: onDone });
  };
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={bot ? t('bots.renameTitle', { name: bot.name }) : t('bots.createTitle')}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="bot-name">{t('bots.name')}</label>
          <input
            id="bot-name"
            type="text"
            autoComplete="off"
            maxLength={NAME_MAX}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setLocal(false);
              create.reset();
              update.reset();
            }}
            aria-invalid={bad ? true : undefined}
            aria-describedby={bad ? 'bot-name-err' : undefined}
          />
          {bad ? (
            <p className="field-error" id="bot-name-err">
              {t('bots.badName')}
            </p>
          ) : null}
        </div>
        {!bot && <p className="hint">{t('bots.createHint')}</p>}
        {error && !bad ? (
          <p className="form-error" role="alert">
            {errorMessage(t, error)}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="btn ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={pending}>
            {bot ? t('common.save') : t('bots.createAction')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
