import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dialog } from '@contracts/inbox';
import { clock, serviceState } from '../lib/service-target';

/** The dialog's service target ticking down ("Answer within 0:42"), then "Overdue 1:05" once missed. */
export function ServiceTimer({ dialog }: { dialog: Dialog | null }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const running = serviceState(dialog, now) !== null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const s = serviceState(dialog, now);
  if (!s) return null;
  const what = t(`sla.${s.target}`);
  return (
    <span className={`sla-chip${s.overdue ? ' overdue' : ''}`} title={what}>
      {s.overdue ? t('sla.overdue', { what, time: clock(now - s.dueAt) }) : t('sla.dueIn', { what, time: clock(s.dueAt - now) })}
    </span>
  );
}

/** A row's missed target, without a ticking clock (a panel holds hundreds of rows). */
export function OverdueChip({ dialog }: { dialog: Dialog | null }) {
  const { t } = useTranslation();
  if (!dialog || dialog.state === 'closed' || dialog.breached.length === 0) return null;
  return <span className="sla-chip overdue">{t('sla.breached')}</span>;
}
