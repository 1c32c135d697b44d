import { useTranslation } from 'react-i18next';
import type { LeadDialogList } from '@contracts/leads';
import { fullTime } from '../../lib/time';
import { useLeadDialogs } from './api';

type LeadDialog = LeadDialogList['dialogs'][number];

/** Every hand-off of the lead to the contact center: when, for which department, who, how it ended. */
export function LeadDialogs({ leadId }: { leadId: number }) {
  const { t, i18n } = useTranslation();
  const dialogs = useLeadDialogs(leadId);
  const outcome = (d: LeadDialog) =>
    d.state !== 'closed' ? t(`lead.dialogState.${d.state}`) : d.endReason === 'returned_to_bot' ? t('lead.dialogState.returned') : t('lead.dialogState.closed');
  return (
    <section className="lead-dialogs" aria-label={t('lead.dialogs')}>
      <h2>{t('lead.dialogs')}</h2>
      {dialogs.data?.length === 0 && <p className="muted">{t('lead.noDialogs')}</p>}
      <ol className="lead-dialog-list">
        {(dialogs.data ?? []).map((d) => (
          <li key={d.id} className={`lead-dialog tone-${d.state === 'waiting' ? 'waiting' : d.state === 'active' ? 'other' : 'closed'}`}>
            <span className="state-chip">{outcome(d)}</span> <time dateTime={new Date(d.createdAt).toISOString()}>{fullTime(d.createdAt, i18n.language)}</time>
            {d.departmentName && <span className="muted"> · {d.departmentName}</span>}
            <span className="muted"> · {d.operators.length ? d.operators.map((o) => o.name).join(', ') : t('lead.nobody')}</span>
            {d.rating && (
              <p className="lead-dialog-rating">
                <span className="rating-chip">{t('lead.rated', { score: d.rating.score })}</span>
                {d.rating.comment && <q>{d.rating.comment}</q>}
              </p>
            )}
          </li>
        ))}
      </ol>
      {dialogs.hasNextPage && (
        <button type="button" className="btn ghost" disabled={dialogs.isFetchingNextPage} onClick={() => void dialogs.fetchNextPage()}>
          {t('lead.olderDialogs')}
        </button>
      )}
    </section>
  );
}
