// The fields of a channel, shared by the new-channel dialog and a channel's details: each with its
// label, hint and the error beside it (linked by aria-describedby).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { CHANNEL_LIMITS, COLOR, TELEGRAM_TOKEN, type WidgetSettingsValue } from './api';

export type Errors = Partial<Record<string, string>>;

/** Whether the server refused this field: a validation detail whose path names it (`body.settings.allowedOrigins.1`). */
export function refused(err: unknown, field: string): boolean {
  return err instanceof ApiError && err.code === 'validation_failed' && err.details.some((d) => d.path.split('.').includes(field));
}

export function isWebUrl(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
}
export const isToken = (s: string) => TELEGRAM_TOKEN.test(s.trim());
export const isColor = (s: string) => COLOR.test(s);
export const originLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** One labelled input with its hint and error. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (a11y: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const describedBy = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error ? (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function WebhookUrlField({ id, value, onChange, error }: { id: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Field id={id} label={t('channels.webhookUrl')} hint={t('channels.webhookUrlHint')} error={error}>
      {(a) => (
        <input
          {...a}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          maxLength={CHANNEL_LIMITS.webhookUrl}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** The bot token (a password field: it is never shown again once saved). */
export function TokenField({
  id,
  value,
  onChange,
  error,
  hint,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  hint: string;
}) {
  const { t } = useTranslation();
  return (
    <Field id={id} label={t('channels.token')} hint={hint} error={error}>
      {(a) => <input {...a} type="password" autoComplete="off" spellCheck={false} className="code" value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export type UpdatesChoice = 'auto' | 'webhook' | 'polling';

export function UpdatesField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: UpdatesChoice;
  onChange: (v: UpdatesChoice) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Field id={id} label={t('channels.updates')} hint={t('channels.updatesHint')} error={error}>
      {(a) => (
        <select {...a} value={value} onChange={(e) => onChange(e.target.value as UpdatesChoice)}>
          {(['auto', 'webhook', 'polling'] as const).map((u) => (
            <option key={u} value={u}>
              {t(`channels.updates_${u}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A widget's settings as the form edits them: origins one per line. */
export type WidgetForm = { title: string; greeting: string; buttonLayout: 'column' | 'row'; showTimes: boolean; origins: string; color: string };

export const widgetForm = (s?: WidgetSettingsValue): WidgetForm => ({
  title: s?.title ?? '',
  greeting: s?.greeting ?? '',
  buttonLayout: s?.buttonLayout ?? 'column',
  showTimes: s?.showTimes ?? true,
  origins: (s?.allowedOrigins ?? []).join('\n'),
  color: s?.color ?? '#2f6fed',
});

export const widgetSettingsOf = (f: WidgetForm): WidgetSettingsValue => ({
  title: f.title.trim() || null,
  greeting: f.greeting.trim() || null,
  buttonLayout: f.buttonLayout,
  showTimes: f.showTimes,
  allowedOrigins: originLines(f.origins),
  color: f.color,
});

/** What is wrong with a widget form before it is sent (the server checks the same again). */
export function widgetErrors(t: (k: string) => string, f: WidgetForm): Errors {
  const bad: Errors = {};
  if (originLines(f.origins).some((o) => !isWebUrl(o))) bad.allowedOrigins = t('channels.badOrigins');
  if (!isColor(f.color)) bad.color = t('channels.badColor');
  return bad;
}

/** The server's refusals of a widget's settings, beside their fields. */
export function widgetServerErrors(t: (k: string) => string, err: unknown): Errors {
  const out: Errors = {};
  if (refused(err, 'allowedOrigins')) out.allowedOrigins = t('channels.badOrigins');
  if (refused(err, 'color')) out.color = t('channels.badColor');
  if (refused(err, 'title')) out.title = t('channels.badTitle');
  if (refused(err, 'greeting')) out.greeting = t('channels.badGreeting');
  return out;
}

export function WidgetFields({
  prefix,
  form,
  onChange,
  errors,
}: {
  prefix: string;
  form: WidgetForm;
  onChange: (f: Partial<WidgetForm>) => void;
  errors: Errors;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field id={`${prefix}-title`} label={t('channels.widgetTitle')} hint={t('channels.widgetTitleHint')} error={errors.title}>
        {(a) => <input {...a} type="text" maxLength={CHANNEL_LIMITS.title} value={form.title} onChange={(e) => onChange({ title: e.target.value })} />}
      </Field>
      <Field id={`${prefix}-greeting`} label={t('channels.greeting')} hint={t('channels.greetingHint')} error={errors.greeting}>
        {(a) => <textarea {...a} rows={2} maxLength={CHANNEL_LIMITS.greeting} value={form.greeting} onChange={(e) => onChange({ greeting: e.target.value })} />}
      </Field>
      <Field id={`${prefix}-origins`} label={t('channels.origins')} hint={t('channels.originsHint')} error={errors.allowedOrigins}>
        {(a) => (
          <textarea
            {...a}
            className="code"
            rows={2}
            spellCheck={false}
            placeholder="https://shop.example.com"
            value={form.origins}
            onChange={(e) => onChange({ origins: e.target.value })}
          />
        )}
      </Field>
      <Field id={`${prefix}-layout`} label={t('channels.buttonLayout')}>
        {(a) => (
          <select {...a} value={form.buttonLayout} onChange={(e) => onChange({ buttonLayout: e.target.value as WidgetForm['buttonLayout'] })}>
            <option value="column">{t('channels.layout_column')}</option>
            <option value="row">{t('channels.layout_row')}</option>
          </select>
        )}
      </Field>
      <Field id={`${prefix}-color`} label={t('channels.color')} hint={t('channels.colorHint')} error={errors.color}>
        {(a) => (
          <div className="color-row">
            <input {...a} type="text" className="code" maxLength={7} value={form.color} onChange={(e) => onChange({ color: e.target.value })} />
            <span className="color-swatch" style={{ background: isColor(form.color) ? form.color : 'transparent' }} aria-hidden="true" />
          </div>
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={form.showTimes} onChange={(e) => onChange({ showTimes: e.target.checked })} />
        {t('channels.showTimes')}
      </label>
    </>
  );
}
