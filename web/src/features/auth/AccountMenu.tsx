import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@contracts/accounts';
import { LANGUAGES, setLanguage } from '../../i18n/i18n';
import { Avatar } from '../../ui/Avatar';
import { CheckIcon } from '../../ui/icons';
import { LogoutDialog } from './LogoutDialog';

/** The avatar menu: who I am, language, alert preferences the app passes in, and log out. */
export function AccountMenu({ me, extra }: { me: Me; extra?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [logoutOpen, setLogoutOpen] = useState(false);
  return (
    <>
      <Menu.Root modal={false}>
        <Menu.Trigger className="icon-btn avatar-btn" aria-label={t('account.menu', { name: me.name })}>
          <Avatar name={me.name} />
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="end" sideOffset={6}>
            <Menu.Label className="menu-label">
              <strong>{me.name}</strong>
              <span className="muted">{me.email}</span>
            </Menu.Label>
            <Menu.Separator className="menu-sep" />
            <Menu.RadioGroup value={i18n.language} onValueChange={(v) => setLanguage(v as (typeof LANGUAGES)[number])}>
              {LANGUAGES.map((l) => (
                <Menu.RadioItem key={l} value={l} className="menu-item">
                  <Menu.ItemIndicator className="menu-check">
                    <CheckIcon />
                  </Menu.ItemIndicator>
                  {t(`app.languages.${l}`)}
                </Menu.RadioItem>
              ))}
            </Menu.RadioGroup>
            {extra}
            <Menu.Separator className="menu-sep" />
            <Menu.Item className="menu-item" onSelect={() => setLogoutOpen(true)}>
              {t('account.logout')}
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <LogoutDialog open={logoutOpen} onOpenChange={setLogoutOpen} />
    </>
  );
}
