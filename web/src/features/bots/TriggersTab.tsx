import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Modal } from '../../ui/Modal';
import { useDeleteTrigger, useTriggers, type Trigger } from './api';
import { TriggerForm } from './TriggerForm';

type Open = { kind: 'create' } | { kind: 'edit' | 'delete'; trigger: Trigger } | null;

/** A bot's triggers: the lead event that fires each (or none: manual), what it matches, the script it runs, on or off. */
export function TriggersTab({ botId }: { botId: number }) {
  const { t } = useTranslation();
  const triggers = useTriggers(botId);
  const remove = useDeleteTrigger();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState('');
  const close = () => {
    setOpen(null);
    remove.reset();
  };
  return (
    <section className="settings-card" aria-labelledby="triggers-title">
      <div className="section-bar">
        <h2 id="triggers-title">{t('bots.tab.triggers')}</h2>
        <button type="button" className="btn primary" onClick={() => (setDone(''), setOpen({ kind: 'create' }))}>
          {t('bots.trigger.new')}
        </button>
      </div>
      <p role="status" className="saved status-line">
        {done}
      </p>
      {triggers.isError ? (
        <p role="alert">{errorMessage(t, triggers.error)}</p>
      ) : !triggers.data ? (
        <p>{t('common.loading')}</p>
      ) : triggers.data.length === 0 ? (
        <p className="hint">{t('bots.trigger.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="settings-table users-table">
            <thead>
              <tr>
                <th scope="col">{t('bots.trigger.name')}</th>
                <th scope="col">{t('bots.trigger.on')}</th>
                <th scope="col">{t('bots.trigger.match')}</th>
                <th scope="col">{t('bots.trigger.script')}</th>
                <th scope="col">{t('bots.trigger.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('bots.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {triggers.data.map((tr) => (
                <tr key={tr.code}>
                  <th scope="row">
                    {tr.name} <span className="code muted">{tr.code}</span>
                  </th>
                  <td data-label={t('bots.trigger.on')}>{t(`bots.event.${tr.on}`)}</td>
                  <td data-label={t('bots.trigger.match')} className="break">
                    {tr.match ?? t('bots.trigger.any')}
                  </td>
                  <td data-label={t('bots.trigger.script')} className="code break">
                    {tr.script}
                  </td>
                  <td data-label={t('bots.trigger.state')}>{tr.enabled ? t('bots.trigger.enabled') : t('bots.trigger.disabled')}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="btn ghost small"
                      onClick={() => (setDone(''), setOpen({ kind: 'edit', trigger: tr }))}
                      aria-label={t('bots.trigger.editNamed', { name: tr.name })}
                    >
                      {t('bots.trigger.edit')}
                    </button>
                    <button
                      type="button"
                      className="btn ghost small"
                      onClick={() => (setDone(''), setOpen({ kind: 'delete', trigger: tr }))}
                      aria-label={t('bots.trigger.deleteNamed', { name: tr.name })}
                    >
                      {t('bots.trigger.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(open?.kind === 'create' || open?.kind === 'edit') && (
        <Modal
          open
          onOpenChange={(o) => !o && close()}
          title={open.kind === 'edit' ? t('bots.trigger.editTitle', { name: open.trigger.name }) : t('bots.trigger.createTitle')}
        >
          <TriggerForm
            botId={botId}
            trigger={open.kind === 'edit' ? open.trigger : null}
            taken={(triggers.data ?? []).map((x) => x.code)}
            onCancel={close}
            onSaved={(saved) => {
              setDone(t('bots.trigger.saved', { name: saved.name }));
              close();
            }}
          />
        </Modal>
      )}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={t('bots.trigger.confirmDelete', { name: open.trigger.name })}
          text={t('bots.trigger.confirmDeleteText', { code: open.trigger.code })}
          action={t('bots.trigger.delete')}
          pending={remove.isPending}
          error={remove.error}
          describeError={(e) => (e instanceof ApiError && e.code === 'conflict' ? t('bots.script.inUse', { detail: e.message }) : undefined)}
          onConfirm={() =>
            remove.mutate(
              { botId, code: open.trigger.code },
              {
                onSuccess: () => {
                  setDone(t('bots.trigger.deleted', { name: open.trigger.name }));
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
