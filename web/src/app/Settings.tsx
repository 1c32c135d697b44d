import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { AuditLog } from '../features/audit/AuditLog';
import { DepartmentsSettings } from '../features/departments/DepartmentsSettings';
import { DistributionSettings } from '../features/distribution/DistributionSettings';
import { TokensSettings } from '../features/tokens/TokensSettings';
import { UsersSettings } from '../features/users/UsersSettings';
import { BackIcon } from '../ui/icons';
import { SETTINGS_SECTIONS, type SettingsSection } from './settings-sections';

/** The administration over the workspace: sections on the side, the chosen one beside them; back to the dialogs. */
export default function Settings({ section, backTo, meId }: { section: SettingsSection; backTo: string; meId: number }) {
  const { t } = useTranslation();
  return (
    <main className="settings-page">
      <nav className="settings-nav" aria-label={t('settings.sections')}>
        <Link href={backTo} className="btn ghost settings-back">
          <BackIcon />
          {t('settings.backToWorkspace')}
        </Link>
        <ul>
          {SETTINGS_SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#/settings/${s}`} aria-current={s === section ? 'page' : undefined}>
                {t(`settings.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'users' ? (
        <UsersSettings meId={meId} />
      ) : section === 'departments' ? (
        <DepartmentsSettings />
      ) : section === 'tokens' ? (
        <TokensSettings />
      ) : section === 'audit' ? (
        <AuditLog />
      ) : (
        <DistributionSettings />
      )}
    </main>
  );
}
