import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

/** The centred card the sign-in and first-run screens share. */
export function AuthCard({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="auth">
      <div className="auth-card">
        <p className="brand">{t('app.name')}</p>
        <h1>{title}</h1>
        <p className="muted">{intro}</p>
        {children}
        <LanguageSwitch />
      </div>
    </main>
  );
}
