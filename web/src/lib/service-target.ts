// A dialog's running service target as the workspace shows it: which answer is due, when, and whether
// it is already missed (the server's flag, or the clock passing the due time before the flag arrives).
import type { Dialog, ServiceTarget } from '@contracts/inbox';

export interface ServiceState {
  target: ServiceTarget;
  dueAt: number;
  overdue: boolean;
}

export function serviceState(d: Pick<Dialog, 'state' | 'firstResponseDueAt' | 'nextResponseDueAt' | 'breached'> | null, now: number): ServiceState | null {
  if (!d || d.state === 'closed') return null;
  const running: ServiceState[] = [];
  if (d.firstResponseDueAt !== null) running.push({ target: 'first_response', dueAt: d.firstResponseDueAt, overdue: false });
  if (d.nextResponseDueAt !== null) running.push({ target: 'next_response', dueAt: d.nextResponseDueAt, overdue: false });
  if (running.length === 0) return null;
  const soonest = running.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
  return { ...soonest, overdue: d.breached.includes(soonest.target) || now >= soonest.dueAt };
}

/** "0:42", "12:05", "1:02:05": a countdown or an overrun. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
