import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { LeadCard } from '@contracts/leads';
import { fullTime } from '../../lib/time';
import { unreachableWhy } from '../../lib/unreachable';

/** The information panel beside the dialog: everything known about the lead, at a glance. */
export function LeadCardPanel({ card, onClose }: { card: LeadCard; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const r = card.row;
  const when = (at: number | null) => (at ? fullTime(at, i18n.language) : '—');
  const attrs = Object.entries(card.attributes);
  const item = (label: string, value: React.ReactNode) => (
    <div className="card-item">
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
  return (
    <aside className="lead-card" aria-label={t('card.title')}>
      <header className="card-header">
        <h2>{t('card.title')}</h2>
        <button type="button" className="btn ghost" onClick={onClose}>
          {t('card.hide')}
        </button>
      </header>
      <p>
        <Link href={`/leads/${r.leadId}`} className="link">
          {t('card.openPage')}
        </Link>
      </p>
      <dl className="card-list">
        {item(t('card.id'), String(r.leadId))}
        {item(t('card.bot'), r.botName)}
        {item(t('card.channel'), card.channelName)}
        {item(t('card.messenger'), t(`messenger.${r.channelKind}`))}
        {item(t('card.created'), when(card.createdAt))}
        {item(t('card.lastActivity'), when(r.lastActivityAt))}
        {item(t('card.language'), card.language)}
        {item(t('card.operators'), card.operators.map((o) => o.name).join(', '))}
        {item(t('card.status'), card.status)}
        {item(t('card.phone'), card.attributes.sys_phone ?? r.phone)}
        {item(t('card.email'), card.attributes.sys_email ?? card.email)}
        {item(
          t('card.tags'),
          card.tags.length ? (
            <span className="tags">
              {card.tags.map((g) => (
                <span key={g} className="tag">
                  {g}
                </span>
              ))}
            </span>
          ) : null,
        )}
        {card.contexts.length ? item(t('card.contexts'), card.contexts.join(', ')) : null}
        {card.unreachable ? item(t('card.unreachable'), `${unreachableWhy(t, card.unreachable.reason)} (${when(card.unreachable.at)})`) : null}
      </dl>
      {card.personLeads.length ? (
        <>
          <h3>{t('card.samePerson')}</h3>
          <ul className="card-person-leads">
            {card.personLeads.map((l) => (
              <li key={l.id}>
                <Link href={`/leads/${l.id}`} className="link">
                  {l.name}
                </Link>{' '}
                <span className="muted">
                  {l.channelName} · {when(l.lastActivityAt)}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('card.variables')}</h3>
      {attrs.length ? (
        <dl className="card-list vars">
          {attrs.map(([k, v]) => (
            <div className="card-item" key={k}>
              <dt>
                <code>{k}</code>
              </dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">{t('card.noVariables')}</p>
      )}
    </aside>
  );
}
