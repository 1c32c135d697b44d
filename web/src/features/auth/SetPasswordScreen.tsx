import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@contracts/limits';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { useSetPassword } from './api';
import { AuthCard } from './AuthCard';

/** The token of an invitation or reset link: /set-password#token=… (in the hash, so it never reaches a server log). */
export function linkToken(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/**
 * "Choose a password", opened from a link an administrator sent: the password twice, then signed in.
 * A link that expired or was used says so, with the way to sign in.
 */
export function SetPasswordScreen({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const set = useSetPassword();
  const [form, setForm] = useState({ password: '', repeat: '' });
  const [local, setLocal] = useState<{ password?: string; repeat?: string }>({});
  const fields = fieldErrors(set.error);
  const server = fields.password;
  const errors = { password: local.password ?? (server ? t('setPassword.tooShort', LIMITS.password) : undefined), repeat: local.repeat };
  // The link expired, was used, or is not one: the server says so about the token.
  const linkBroken = !token || !!fields.token;
  const edit = (next: Partial<typeof form>) => {
    setForm({ ...form, ...next });
    setLocal({});
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: typeof local = {};
    const n = form.password.length;
    if (n < LIMITS.password.min || n > LIMITS.password.max) bad.password = t('setPassword.tooShort', LIMITS.password);
    else if (form.repeat !== form.password) bad.repeat = t('setPassword.mismatch');
    setLocal(bad);
    if (!Object.keys(bad).length) set.mutate({ token, password: form.password }, { onSuccess: onDone });
  };
  const field = (key: 'password' | 'repeat') => (
    <>
      <label htmlFor={`set-${key}`}>{t(`setPassword.${key}`)}</label>
      <input
        id={`set-${key}`}
        type="password"
        autoComplete="new-password"
        value={form[key]}
        onChange={(e) => edit({ [key]: e.target.value })}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `set-${key}-err` : undefined}
      />
      {errors[key] && (
        <p className="field-error" id={`set-${key}-err`}>
          {errors[key]}
        </p>
      )}
    </>
  );
  if (linkBroken)
    return (
      <AuthCard title={t('setPassword.brokenTitle')} intro={t('setPassword.brokenIntro')}>
        <p className="form-error" role="alert">
          {fields.token ?? t('setPassword.noToken')}
        </p>
        <a className="btn primary auth-link" href="/">
          {t('setPassword.toSignIn')}
        </a>
      </AuthCard>
    );
  return (
    <AuthCard title={t('setPassword.title')} intro={t('setPassword.intro')}>
      <form onSubmit={submit} className="form" noValidate>
        {field('password')}
        {field('repeat')}
        <button type="submit" className="btn primary" disabled={set.isPending}>
          {t('setPassword.submit')}
        </button>
        <p className="form-error" role="alert">
          {set.error && !linkBroken && !server ? errorMessage(t, set.error) : ''}
        </p>
      </form>
    </AuthCard>
  );
}
