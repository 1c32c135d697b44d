import * as Switch from '@radix-ui/react-switch';
import { useTranslation } from 'react-i18next';
import type { OperatorStatus } from '@contracts/roles';
import { useSetStatus } from './api';

/** The Online/Offline switch in the header: Offline stops automatic assignment to this operator. */
export function StatusSwitch({ status }: { status: OperatorStatus }) {
  const { t } = useTranslation();
  const set = useSetStatus();
  const online = status === 'online';
  return (
    <div className={`status-switch ${online ? 'is-online' : 'is-offline'}`}>
      <Switch.Root
        id="status-switch"
        className="switch"
        checked={online}
        disabled={set.isPending}
        onCheckedChange={(on) => set.mutate(on ? 'online' : 'offline')}
        aria-label={t('status.online')}
      >
        <Switch.Thumb className="switch-thumb" />
      </Switch.Root>
      <label htmlFor="status-switch" className="status-word">
        {online ? t('status.stateOnline') : t('status.stateOffline')}
      </label>
    </div>
  );
}
