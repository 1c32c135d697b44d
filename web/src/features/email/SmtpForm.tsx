import * as Switch from '@radix-ui/react-switch';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { looksLikeEmail } from '../../lib/mail-error';
import { SMTP_MAX, useSaveSmtp, type SmtpSettings, type SmtpSettingsBody } from './api';

type Field = 'host' | 'port' | 'user' | 'password' | 'from';
type Form = { host: string; port: string; secure: boolean; user: string; password: string; forget: boolean; from: string };

const formOf = (s: SmtpSettings | null): Form => ({
  host: s?.host ?? '',
  port: String(s?.port ?? 587),
  secure: s?.secure ?? false,
  user: s?.user ?? '',
  password: '',
  forget: false,
  from: s?.from ?? '',
});

/** The SMTP server's settings in one form; the password is write-only (kept unless a new one is typed). */
export function SmtpForm({ smtp }: { smtp: SmtpSettings | null }) {
  const { t } = useTranslation();
  const save = useSaveSmtp();
  const [form, setForm] = useState(() => formOf(smtp));
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(formOf(smtp)), [smtp]);

  const edit = (next: Partial<Form>) => {
    setForm({ ...form, ...next });
    setLocal({});
    setSaved(false);
    save.reset();
  };
  const server = fieldErrors(save.error);
  const says: Record<Field, string> = {
    host: t('email.badHost'),
    port: t('email.badPort'),
    user: t('email.badUser'),
    password: t('email.badPassword'),
    from: t('mail.badEmail'),
  };
  // A host on a private address is the installation's rule (SMTP_ALLOW_PRIVATE), not a typing mistake.
  if (save.error instanceof ApiError && save.error.params.reason === 'private_address') says.host = t('email.privateHost');
  const error = (f: Field) => local[f] ?? (server[f] ? says[f] : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const port = Number(form.port);
    const bad: typeof local = {};
    if (!form.host.trim() || /\s|:\/\//.test(form.host.trim())) bad.host = says.host;
    if (!Number.isInteger(port) || port < 1 || port > 65535) bad.port = says.port;
    if (!looksLikeEmail(form.from)) bad.from = says.from;
    setLocal(bad);
    if (Object.keys(bad).length) return;
    const body: SmtpSettingsBody = {
      host: form.host.trim(),
      port,
      secure: form.secure,
      user: form.user.trim() || null,
      from: form.from.trim(),
      ...(form.password ? { password: form.password } : form.forget ? { password: null } : {}),
    };
    save.mutate(body, { onSuccess: () => setSaved(true) });
  };

  const input = (f: Exclude<Field, 'port'>, o: { type?: string; autoComplete?: string; max: number; hint?: string }) => {
    const err = error(f);
    const id = `smtp-${f}`;
    return (
      <div className="field">
        <label htmlFor={id}>{t(`email.${f}`)}</label>
        <input
          id={id}
          type={o.type ?? 'text'}
          autoComplete={o.autoComplete ?? 'off'}
          maxLength={o.max}
          value={form[f]}
          onChange={(e) => edit({ [f]: e.target.value })}
          aria-invalid={err ? true : undefined}
          aria-describedby={[err ? `${id}-err` : '', o.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined}
        />
        {o.hint ? (
          <p className="hint" id={`${id}-hint`}>
            {o.hint}
          </p>
        ) : null}
        {err ? (
          <p className="field-error" id={`${id}-err`}>
            {err}
          </p>
        ) : null}
      </div>
    );
  };
  const portError = error('port');

  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby="smtp-title" noValidate>
      <h2 id="smtp-title">{t('email.server')}</h2>
      <div className="field-row">
        {input('host', { max: SMTP_MAX.host, hint: t('email.hostHint') })}
        <div className="field">
          <label htmlFor="smtp-port">{t('email.port')}</label>
          <input
            id="smtp-port"
            className="seconds"
            type="number"
            inputMode="numeric"
            min={1}
            max={65535}
            value={form.port}
            onChange={(e) => edit({ port: e.target.value })}
            aria-invalid={portError ? true : undefined}
            aria-describedby={portError ? 'smtp-port-err smtp-port-hint' : 'smtp-port-hint'}
          />
          <p className="hint" id="smtp-port-hint">
            {t('email.portHint')}
          </p>
          {portError ? (
            <p className="field-error" id="smtp-port-err">
              {portError}
            </p>
          ) : null}
        </div>
      </div>
      <div className="switch-field">
        <Switch.Root
          id="smtp-secure"
          className="switch"
          checked={form.secure}
          // The usual port goes with the choice, unless another one was typed.
          onCheckedChange={(on) => edit({ secure: on, port: on && form.port === '587' ? '465' : !on && form.port === '465' ? '587' : form.port })}
          aria-describedby="smtp-secure-hint"
        >
          <Switch.Thumb className="switch-thumb" />
        </Switch.Root>
        <div>
          <label htmlFor="smtp-secure">{t('email.secure')}</label>
          <p className="hint" id="smtp-secure-hint">
            {t('email.secureHint')}
          </p>
        </div>
      </div>
      <div className="field-row">
        {input('user', { max: SMTP_MAX.user, autoComplete: 'off', hint: t('email.userHint') })}
        {input('password', {
          type: 'password',
          autoComplete: 'new-password',
          max: SMTP_MAX.password,
          hint: smtp?.passwordSet && !form.forget ? t('email.passwordKept') : t('email.passwordNone'),
        })}
      </div>
      {smtp?.passwordSet ? (
        <label className="check">
          <input type="checkbox" checked={form.forget} disabled={form.password !== ''} onChange={(e) => edit({ forget: e.target.checked })} />
          {t('email.forgetPassword')}
        </label>
      ) : null}
      {input('from', { type: 'email', autoComplete: 'email', max: SMTP_MAX.email, hint: t('email.fromHint') })}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <p role="status" className="saved">
          {saved ? t('email.saved') : ''}
        </p>
      </div>
      {save.error && !Object.keys(server).length ? (
        <p className="form-error" role="alert">
          {errorMessage(t, save.error)}
        </p>
      ) : null}
    </form>
  );
}
