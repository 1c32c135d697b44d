import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { useLogin } from './api';
import { AuthCard } from './AuthCard';

export function SignInScreen() {
  const { t } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <AuthCard title={t('auth.signInTitle')} intro={t('auth.signInIntro')}>
      <form onSubmit={submit} className="form">
        <label htmlFor="login-email">{t('auth.email')}</label>
        <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="login-password">{t('auth.password')}</label>
        <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="btn primary" disabled={login.isPending}>
          {t('auth.signIn')}
        </button>
        <p className="form-error" role="alert">
          {login.error ? errorMessage(t, login.error) : ''}
        </p>
      </form>
    </AuthCard>
  );
}
