import type { TriggerEvent } from '@contracts/scripts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { NAME_MAX, SCRIPT_CODE, useSaveTrigger, useScripts, type Trigger } from './api';
import { problemsByField } from './script-form';

/** In the order the form offers them: any change first, manual last (Metabot's order). */
export const TRIGGER_EVENTS: readonly TriggerEvent[] = [
  'lead_changed',
  'attribute_changed',
  'status_changed',
  'tag_added',
  'tag_removed',
  'context_added',
  'context_removed',
  'manual',
];
/** Events that fire on every change or on none: they take no filter. */
const NO_MATCH: readonly TriggerEvent[] = ['manual', 'lead_changed'];

type Field = 'code' | 'name' | 'on' | 'match' | 'script';

/** A trigger's code (new ones), name, event with its filter, the script it runs, and whether it is on. */
export function TriggerForm({
  botId,
  trigger,
  taken,
  onCancel,
  onSaved,
}: {
  botId: number;
  trigger: Trigger | null;
  /** Codes of the bot's triggers: saving a new one under a taken code would replace that one. */
  taken: readonly string[];
  onCancel: () => void;
  onSaved: (t: Trigger) => void;
}) {
  const { t } = useTranslation();
  const scripts = useScripts(botId);
  const save = useSaveTrigger();
  const [form, setForm] = useState({
    code: trigger?.code ?? '',
    name: trigger?.name ?? '',
    on: trigger?.on ?? ('attribute_changed' as TriggerEvent),
    match: trigger?.match ?? '',
    script: trigger?.script ?? '',
    enabled: trigger?.enabled ?? true,
  });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const edit = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    setLocal({});
    save.reset();
  };
  const server = problemsByField(save.error instanceof ApiError ? save.error.details : []);
  const errors: Partial<Record<Field, string>> = {
    code: local.code ?? server.code,
    name: local.name ?? server.name,
    on: server.on,
    match: server.match,
    script: local.script ?? server.script,
  };
  const anyField = Object.values(errors).some(Boolean);
  const takesMatch = !NO_MATCH.includes(form.on);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: typeof local = {};
    if (!trigger && !SCRIPT_CODE.test(form.code.trim())) bad.code = t('bots.problem.badCode');
    else if (!trigger && taken.includes(form.code.trim())) bad.code = t('bots.trigger.codeTaken');
    if (!form.name.trim()) bad.name = t('bots.problem.required');
    if (!form.script) bad.script = t('bots.problem.required');
    setLocal(bad);
    if (Object.keys(bad).length) return;
    const match = takesMatch && form.match.trim() ? form.match.trim() : undefined;
    save.mutate(
      { botId, body: { code: form.code.trim(), name: form.name.trim(), on: form.on, script: form.script, enabled: form.enabled, ...(match ? { match } : {}) } },
      { onSuccess: onSaved },
    );
  };
  const describe = (f: Field, hint = false) => [errors[f] ? `trigger-${f}-err` : '', hint ? `trigger-${f}-hint` : ''].filter(Boolean).join(' ') || undefined;
  const error = (f: Field) =>
    errors[f] ? (
      <p className="field-error" id={`trigger-${f}-err`}>
        {errors[f]}
      </p>
    ) : null;

  return (
    <form className="form user-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="trigger-name">{t('bots.trigger.name')}</label>
        <input
          id="trigger-name"
          type="text"
          autoComplete="off"
          maxLength={NAME_MAX}
          value={form.name}
          onChange={(e) => edit({ name: e.target.value })}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describe('name')}
        />
        {error('name')}
      </div>
      {!trigger && (
        <div className="field">
          <label htmlFor="trigger-code">{t('bots.trigger.code')}</label>
          <input
            id="trigger-code"
            type="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            value={form.code}
            onChange={(e) => edit({ code: e.target.value })}
            aria-invalid={errors.code ? true : undefined}
            aria-describedby={describe('code', true)}
          />
          <p className="hint" id="trigger-code-hint">
            {t('bots.trigger.codeHint')}
          </p>
          {error('code')}
        </div>
      )}
      <div className="field">
        <label htmlFor="trigger-on">{t('bots.trigger.on')}</label>
        <select id="trigger-on" value={form.on} onChange={(e) => edit({ on: e.target.value as TriggerEvent })} aria-describedby={describe('on')}>
          {TRIGGER_EVENTS.map((ev) => (
            <option key={ev} value={ev}>
              {t(`bots.event.${ev}`)}
            </option>
          ))}
        </select>
        {error('on')}
      </div>
      {takesMatch && (
        <div className="field">
          <label htmlFor="trigger-match">{t(`bots.matchLabel.${form.on}`)}</label>
          <input
            id="trigger-match"
            type="text"
            autoComplete="off"
            maxLength={64}
            value={form.match}
            onChange={(e) => edit({ match: e.target.value })}
            aria-invalid={errors.match ? true : undefined}
            aria-describedby={describe('match', true)}
          />
          <p className="hint" id="trigger-match-hint">
            {t('bots.trigger.matchHint')}
          </p>
          {error('match')}
        </div>
      )}
      <div className="field">
        <label htmlFor="trigger-script">{t('bots.trigger.script')}</label>
        <select
          id="trigger-script"
          value={form.script}
          onChange={(e) => edit({ script: e.target.value })}
          aria-invalid={errors.script ? true : undefined}
          aria-describedby={describe('script')}
        >
          <option value="">{t('bots.choose')}</option>
          {(scripts.data ?? []).map((s) => (
            <option key={s.code} value={s.code}>
              {s.name} ({s.code})
            </option>
          ))}
        </select>
        {error('script')}
      </div>
      <label className="check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => edit({ enabled: e.target.checked })} />
        {t('bots.trigger.enabledLabel')}
      </label>
      {save.error && !anyField ? (
        <p className="form-error" role="alert">
          {errorMessage(t, save.error)}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="btn ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
