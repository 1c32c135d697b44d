import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { useSetupOwner } from './api';
import { AuthCard } from './AuthCard';

/** First run: the first visitor creates the business and its owner, and is signed in. */
export function SetupScreen() {
  const { t } = useTranslation();
  const setup = useSetupOwner();
  const [form, setForm] = useState({ businessName: '', name: '', email: '', password: '' });
  const fields = fieldErrors(setup.error);
  const field = (key: keyof typeof form, label: string, type: string, autoComplete: string, extra: { minLength?: number } = {}) => (
    <>
      <label htmlFor={`setup-${key}`}>{label}</label>
      <input
        id={`setup-${key}`}
        type={type}
        autoComplete={autoComplete}
        required
        {...extra}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        aria-invalid={fields[key] ? true : undefined}
        aria-describedby={fields[key] ? `setup-${key}-error` : undefined}
      />
      {fields[key] && (
        <p className="field-error" id={`setup-${key}-error`}>
          {fields[key]}
        </p>
      )}
    </>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setup.mutate(form);
  };
  return (
    <AuthCard title={t('auth.setupTitle')} intro={t('auth.setupIntro')}>
      <form onSubmit={submit} className="form">
        {field('businessName', t('auth.businessName'), 'text', 'organization')}
        {field('name', t('auth.yourName'), 'text', 'name')}
        {field('email', t('auth.email'), 'email', 'email')}
        {field('password', t('auth.newPassword'), 'password', 'new-password', { minLength: 8 })}
        <button type="submit" className="btn primary" disabled={setup.isPending}>
          {t('auth.createOwner')}
        </button>
        <p className="form-error" role="alert">
          {setup.error && !Object.keys(fields).length ? errorMessage(t, setup.error) : ''}
        </p>
      </form>
    </AuthCard>
  );
}
