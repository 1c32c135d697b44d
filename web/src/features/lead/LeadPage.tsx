import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadCard } from '@contracts/leads';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { Avatar } from '../../ui/Avatar';
import { BackIcon } from '../../ui/icons';
import { useLeadCard, useUpdateLead } from './api';
import { LeadDialogs } from './LeadDialogs';

interface Form {
  name: string;
  phone: string;
  email: string;
  status: string;
  tags: string;
  attrs: [string, string][];
}

const formOf = (c: LeadCard): Form => ({
  name: c.row.name,
  phone: c.attributes.sys_phone ?? '',
  email: c.attributes.sys_email ?? '',
  status: c.status ?? '',
  tags: c.tags.join(', '),
  attrs: Object.entries(c.attributes).filter(([k]) => k !== 'sys_phone' && k !== 'sys_email'),
});

/** The lead's page: their whole history (given by the app) and their data, editable, errors beside the field. */
export function LeadPage({ leadId, history, canEdit, onBack }: { leadId: number; history: ReactNode; canEdit: boolean; onBack(): void }) {
  const { t, i18n } = useTranslation();
  const card = useLeadCard(leadId);
  const update = useUpdateLead(leadId);
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (card.data && !form) setForm(formOf(card.data));
  }, [card.data, form]);
  // The server names the field; the contact fields get a sentence in the operator's language.
  const errs = fieldErrors(update.error);
  if (errs.sys_phone) errs.sys_phone = t('lead.badPhone');
  if (errs.sys_email) errs.sys_email = t('lead.badEmail');
  if (card.isError)
    return (
      <main className="lead-page">
        <p role="alert">{errorMessage(t, card.error)}</p>
      </main>
    );
  if (!card.data || !form)
    return (
      <main className="lead-page">
        <p>{t('common.loading')}</p>
      </main>
    );
  const c = card.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const before = formOf(c);
    const tags = form.tags
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const set: Record<string, string> = {};
    for (const [k, v] of form.attrs) if (k.trim()) set[k.trim()] = v;
    if (form.phone !== before.phone) set.sys_phone = form.phone;
    if (form.email !== before.email) set.sys_email = form.email;
    const kept = new Set(Object.keys(set));
    update.mutate(
      {
        name: form.name !== before.name ? form.name : undefined,
        status: form.status !== before.status ? form.status || null : undefined,
        setAttributes: set,
        deleteAttributes: before.attrs.map(([k]) => k).filter((k) => !kept.has(k)),
        addTags: tags.filter((g) => !c.tags.includes(g)),
        removeTags: c.tags.filter((g) => !tags.includes(g)),
      },
      { onSuccess: (next) => setForm(formOf(next)) },
    );
  };
  const input = (key: 'name' | 'phone' | 'email' | 'status' | 'tags', label: string, errKey: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`lead-${key}`}>{label}</label>
      <input
        id={`lead-${key}`}
        type={type}
        value={form[key]}
        disabled={!canEdit}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        aria-invalid={errs[errKey] ? true : undefined}
        aria-describedby={errs[errKey] ? `lead-${key}-err` : undefined}
      />
      {errs[errKey] && (
        <p className="field-error" id={`lead-${key}-err`}>
          {errs[errKey]}
        </p>
      )}
    </div>
  );
  return (
    <main className="lead-page">
      <header className="lead-page-header">
        <button type="button" className="icon-btn" onClick={onBack} aria-label={t('common.back')}>
          <BackIcon />
        </button>
        <Avatar name={c.row.name} size={44} />
        <div>
          <h1>{c.row.name}</h1>
          <p className="muted">
            {c.row.botName} · {t(`messenger.${c.row.channelKind}`)} · {t('card.created')}: {fullTime(c.createdAt, i18n.language)}
          </p>
        </div>
      </header>
      <div className="lead-page-body">
        <div className="lead-side">
          <form className="form lead-form" onSubmit={submit} aria-label={t('lead.data')}>
            <h2>{t('lead.data')}</h2>
            {input('name', t('lead.name'), 'name')}
            {input('phone', t('card.phone'), 'sys_phone', 'tel')}
            {input('email', t('card.email'), 'sys_email', 'email')}
            {input('status', t('card.status'), 'status')}
            {input('tags', t('lead.tags'), 'addTags')}
            <fieldset className="attrs">
              <legend>{t('card.variables')}</legend>
              {form.attrs.map(([k, v], i) => (
                <div className="attr-row" key={i}>
                  <label className="visually-hidden" htmlFor={`attr-k-${i}`}>
                    {t('lead.attrName')}
                  </label>
                  <input
                    id={`attr-k-${i}`}
                    value={k}
                    disabled={!canEdit}
                    placeholder={t('lead.attrName')}
                    aria-invalid={errs[k] ? true : undefined}
                    onChange={(e) => setForm({ ...form, attrs: form.attrs.map((a, j) => (j === i ? [e.target.value, a[1]] : a)) })}
                  />
                  <label className="visually-hidden" htmlFor={`attr-v-${i}`}>
                    {t('lead.attrValue', { name: k })}
                  </label>
                  <input
                    id={`attr-v-${i}`}
                    value={v}
                    disabled={!canEdit}
                    placeholder={t('lead.attrValue', { name: k })}
                    onChange={(e) => setForm({ ...form, attrs: form.attrs.map((a, j) => (j === i ? [a[0], e.target.value] : a)) })}
                  />
                  {canEdit && (
                    <button
                      type="button"
                      className="link-btn"
                      aria-label={t('lead.removeAttr', { name: k })}
                      onClick={() => setForm({ ...form, attrs: form.attrs.filter((_, j) => j !== i) })}
                    >
                      ×
                    </button>
                  )}
                  {errs[k] && <p className="field-error">{errs[k]}</p>}
                </div>
              ))}
              {canEdit && (
                <button type="button" className="btn ghost" onClick={() => setForm({ ...form, attrs: [...form.attrs, ['', '']] })}>
                  {t('lead.addAttr')}
                </button>
              )}
            </fieldset>
            {canEdit && (
              <button type="submit" className="btn primary" disabled={update.isPending}>
                {t('common.save')}
              </button>
            )}
            <p role="status" className="muted">
              {update.isSuccess ? t('lead.saved') : ''}
            </p>
            {update.error && !Object.keys(errs).length ? (
              <p className="form-error" role="alert">
                {errorMessage(t, update.error)}
              </p>
            ) : null}
          </form>
          <LeadDialogs leadId={leadId} />
        </div>
        <section className="lead-history" aria-label={t('lead.history')}>
          <h2>{t('lead.history')}</h2>
          {history}
        </section>
      </div>
    </main>
  );
}
