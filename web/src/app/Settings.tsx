import type { Role } from '@contracts/roles';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { AuditLog } from '../features/audit/AuditLog';
import { BotsSettings } from '../features/bots/BotsSettings';
import { ChannelsSettings } from '../features/channels/ChannelsSettings';
import { DepartmentsSettings } from '../features/departments/DepartmentsSettings';
import { DistributionSettings } from '../features/distribution/DistributionSettings';
import { CsatSettings } from '../features/csat/CsatSettings';
import { HoursSettings } from '../features/hours/HoursSettings';
import { ReportsScreen } from '../features/reports/ReportsScreen';
import { ServiceTargets } from '../features/service/ServiceTargets';
import { WorkspaceSettings } from '../features/workspace-settings/WorkspaceSettings';
import { MonitorScreen } from '../features/monitor/MonitorScreen';
import { EmailSettings } from '../features/email/EmailSettings';
import { TokensSettings } from '../features/tokens/TokensSettings';
import { UsersSettings } from '../features/users/UsersSettings';
import { BackIcon } from '../ui/icons';
import { sectionsFor, type SettingsSection } from './settings-sections';

interface SectionProps {
  meId: number;
  roles: readonly Role[];
}

/** What each section shows; one line per section. */
const SECTION_VIEWS: Record<SettingsSection, (p: SectionProps) => ReactNode> = {
  bots: ({ roles }) => <BotsSettings roles={roles} />,
  reports: () => <ReportsScreen />,
  monitor: () => <MonitorScreen />,
  distribution: () => <DistributionSettings />,
  csat: () => <CsatSettings />,
  service: () => <ServiceTargets />,
  workspace: () => <WorkspaceSettings />,
  users: ({ meId }) => <UsersSettings meId={meId} />,
  departments: () => <DepartmentsSettings />,
  hours: () => <HoursSettings />,
  channels: () => <ChannelsSettings />,
  tokens: () => <TokensSettings />,
  email: () => <EmailSettings />,
  audit: () => <AuditLog />,
};

/** The administration over the workspace: the sections the user's roles open on the side, the chosen one beside them; back to the dialogs. */
export default function Settings({ section, backTo, meId, roles }: { section: SettingsSection; backTo: string; meId: number; roles: readonly Role[] }) {
  const { t } = useTranslation();
  const sections = useRef<HTMLUListElement>(null);
  // On a phone the sections are one row that scrolls sideways: keep the current one in sight.
  useEffect(() => {
    sections.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [section]);
  return (
    <main className="settings-page">
      <nav className="settings-nav" aria-label={t('settings.sections')}>
        <Link href={backTo} className="btn ghost settings-back">
          <BackIcon />
          {t('settings.backToWorkspace')}
        </Link>
        <ul ref={sections}>
          {sectionsFor(roles).map((s) => (
            <li key={s}>
              <a href={`#/settings/${s}`} aria-current={s === section ? 'page' : undefined}>
                {t(`settings.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {SECTION_VIEWS[section]({ meId, roles })}
    </main>
  );
}
