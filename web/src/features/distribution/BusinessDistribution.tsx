import * as Switch from '@radix-ui/react-switch';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessSettings } from '@contracts/business';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { useUpdateBusiness, type SettingsPatch } from './api';
import { REASSIGN, secondsError } from './seconds';

type Flag = 'autoAssign' | 'autoAssignOffline' | 'autoAssignWorkspaceOnly' | 'preferPreviousOperator';
const FLAGS: Flag[] = ['autoAssign', 'autoAssignOffline', 'autoAssignWorkspaceOnly', 'preferPreviousOperator'];
type Form = Record<Flag, boolean> & { offlineDialogs: 'keep' | 'requeue'; reassign: string };

const formOf = (s: BusinessSettings): Form => ({
  autoAssign: s.autoAssign,
  autoAssignOffline: s.autoAssignOffline,
  autoAssignWorkspaceOnly: s.autoAssignWorkspaceOnly,
  preferPreviousOperator: s.preferPreviousOperator,
  offlineDialogs: s.offlineDialogs,
  reassign: s.reassignAfterSec === null ? '' : String(s.reassignAfterSec),
});

/** The business's distribution settings: one form, saved together, only what changed sent. */
export function BusinessDistribution({ settings }: { settings: BusinessSettings }) {
  const { t } = useTranslation();
  const update = useUpdateBusiness();
  const [form, setForm] = useState(() => formOf(settings));
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // A save (here or in another tab, on refetch) shows the settings as they are now.
  useEffect(() => setForm(formOf(settings)), [settings]);

  const edit = (next: Partial<Form>) => {
    setForm({ ...form, ...next });
    setSaved(false);
    setLocalError(null);
  };
  const server = fieldErrors(update.error);
  const reassignError = localError ?? (server.reassignAfterSec ? t('distribution.reassignRange', REASSIGN) : null);
  const before = formOf(settings);
  const patch: SettingsPatch = {};
  for (const f of FLAGS) if (form[f] !== before[f]) patch[f] = form[f];
  if (form.offlineDialogs !== before.offlineDialogs) patch.offlineDialogs = form.offlineDialogs;
  const dirty = Object.keys(patch).length > 0 || form.reassign.trim() !== before.reassign;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = form.reassign.trim();
    // Checked here first so nothing is sent, and nothing half-saved, while a field is wrong.
    const bad = text === '' ? null : secondsError(text, REASSIGN.min, REASSIGN.max);
    if (bad) return setLocalError(t('distribution.reassignRange', REASSIGN));
    if (text !== before.reassign) patch.reassignAfterSec = text === '' ? null : Number(text);
    update.mutate(patch, { onSuccess: () => setSaved(true) });
  };

  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby="dist-business-title" noValidate>
      <h2 id="dist-business-title">{t('distribution.business')}</h2>
      <div className="switch-grid">
        {FLAGS.map((f) => (
          <div className="switch-field" key={f}>
            <Switch.Root id={`dist-${f}`} className="switch" checked={form[f]} onCheckedChange={(on) => edit({ [f]: on })} aria-describedby={`dist-${f}-hint`}>
              <Switch.Thumb className="switch-thumb" />
            </Switch.Root>
            <div>
              <label htmlFor={`dist-${f}`}>{t(`distribution.${f}`)}</label>
              <p className="hint" id={`dist-${f}-hint`}>
                {t(`distribution.${f}Hint`)}
              </p>
            </div>
          </div>
        ))}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="dist-offlineDialogs">{t('distribution.offlineDialogs')}</label>
          <select id="dist-offlineDialogs" value={form.offlineDialogs} onChange={(e) => edit({ offlineDialogs: e.target.value as Form['offlineDialogs'] })}>
            <option value="keep">{t('distribution.keep')}</option>
            <option value="requeue">{t('distribution.requeue')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="dist-reassign">{t('distribution.reassignAfter')}</label>
          <input
            id="dist-reassign"
            className="seconds"
            type="number"
            inputMode="numeric"
            min={REASSIGN.min}
            max={REASSIGN.max}
            placeholder={t('distribution.never')}
            value={form.reassign}
            onChange={(e) => edit({ reassign: e.target.value })}
            aria-invalid={reassignError ? true : undefined}
            aria-describedby={reassignError ? 'dist-reassign-err dist-reassign-hint' : 'dist-reassign-hint'}
          />
          <p className="hint" id="dist-reassign-hint">
            {t('distribution.reassignHint', REASSIGN)}
          </p>
          {reassignError && (
            <p className="field-error" id="dist-reassign-err">
              {reassignError}
            </p>
          )}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={!dirty || update.isPending}>
          {t('common.save')}
        </button>
        <p role="status" className="saved">
          {saved && !dirty ? t('distribution.saved') : ''}
        </p>
      </div>
      {update.error && !Object.keys(server).length ? (
        <p className="form-error" role="alert">
          {errorMessage(t, update.error)}
        </p>
      ) : null}
    </form>
  );
}
