import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceDirectory } from '@contracts/dialogs';
import { Modal } from '../../ui/Modal';

export type Picker = 'return' | 'transfer' | 'invite' | null;

interface Props {
  picker: Picker;
  onClose(): void;
  directory: WorkspaceDirectory | undefined;
  botId: number;
  meId: number;
  exclude: number[];
  busy: boolean;
  onReturn(script: string | undefined): void;
  onTransfer(to: { operatorId: number } | { departmentCode: string }): void;
  onInvite(operatorId: number): void;
}

/** The choices behind the dialog menu: a script to return to, an operator or department to hand to. */
export function ActionDialogs(p: Props) {
  const { t } = useTranslation();
  const bot = p.directory?.bots.find((b) => b.id === p.botId);
  const operators = (p.directory?.operators ?? []).filter((o) => o.id !== p.meId && !p.exclude.includes(o.id));
  const [script, setScript] = useState('');
  const [target, setTarget] = useState('');
  const close = (open: boolean) => {
    if (!open) {
      setScript('');
      setTarget('');
      p.onClose();
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (p.picker === 'return') p.onReturn(script || undefined);
    else if (p.picker === 'invite' && target) p.onInvite(Number(target));
    else if (p.picker === 'transfer' && target) p.onTransfer(target.startsWith('d:') ? { departmentCode: target.slice(2) } : { operatorId: Number(target) });
  };
  const title = p.picker === 'return' ? t('actions.returnTitle') : p.picker === 'transfer' ? t('actions.transferTitle') : t('actions.inviteTitle');
  const operatorLabel = (o: { name: string; status: string }) => `${o.name} (${t(o.status === 'online' ? 'status.isOnline' : 'status.isOffline')})`;
  return (
    <Modal open={p.picker !== null} onOpenChange={close} title={title}>
      <form onSubmit={submit} className="form">
        {p.picker === 'return' && (
          <>
            <label htmlFor="return-script">{t('actions.script')}</label>
            <select id="return-script" value={script} onChange={(e) => setScript(e.target.value)}>
              <option value="">{t('actions.defaultScript', { script: bot?.returnScript ?? t('actions.startScript') })}</option>
              {(bot?.scripts ?? []).map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          </>
        )}
        {p.picker === 'transfer' && (
          <>
            <label htmlFor="transfer-target">{t('actions.transferTo')}</label>
            <select id="transfer-target" value={target} required onChange={(e) => setTarget(e.target.value)}>
              <option value="" disabled>
                {t('actions.choose')}
              </option>
              <optgroup label={t('actions.operators')}>
                {operators.map((o) => (
                  <option key={o.id} value={o.id}>
                    {operatorLabel(o)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('actions.departments')}>
                {(p.directory?.departments ?? []).map((d) => (
                  <option key={d.id} value={`d:${d.code}`}>
                    {d.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </>
        )}
        {p.picker === 'invite' && (
          <>
            <label htmlFor="invite-target">{t('actions.operator')}</label>
            <select id="invite-target" value={target} required onChange={(e) => setTarget(e.target.value)}>
              <option value="" disabled>
                {t('actions.choose')}
              </option>
              {operators.map((o) => (
                <option key={o.id} value={o.id}>
                  {operatorLabel(o)}
                </option>
              ))}
            </select>
          </>
        )}
        <div className="modal-actions">
          <button type="button" className="btn ghost" onClick={() => close(false)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={p.busy}>
            {p.picker === 'return' ? t('actions.returnToBot') : p.picker === 'transfer' ? t('actions.transfer') : t('actions.invite')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
