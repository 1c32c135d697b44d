import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@contracts/limits';
import type { QuickReply } from '@contracts/quick-replies';
import { errorMessage, fieldErrors } from '../../lib/error-message';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useBusinessSettings, useDeleteQuickReply, useQuickReplyList, useSaveQuickReply, useSaveReminderInterval } from './api';
import './workspace-settings.css';
import { checkQuickReply, parseReminder, REMINDER, serverProblems, type QuickReplyProblems } from './form';

/** Settings → Workspace: how often operators are reminded of an unanswered lead, and the business's quick replies. */
export function WorkspaceSettings() {
  const { t } = useTranslation();
  return (
    <div className="settings-body">
      <h1>{t('workspaceSettings.title')}</h1>
      <p className="hint">{t('workspaceSettings.intro')}</p>
      <div className="settings-grid">
        <ReminderCard />
        <QuickRepliesCard />
      </div>
    </div>
  );
}

function ReminderCard() {
  const { t } = useTranslation();
  const business = useBusinessSettings();
  const save = useSaveReminderInterval();
  const current = business.data?.settings.reminderIntervalSec;
  const [value, setValue] = useState('');
  const [bad, setBad] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current !== undefined) setValue(String(current));
  }, [current]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = parseReminder(value);
    setBad(n === 'bad');
    if (n === 'bad') return;
    save.mutate(n, { onSuccess: () => setSaved(true) });
  };
  // Out of range here or refused by the server: said beside the field.
  const wrong = bad || Boolean(fieldErrors(save.error).reminderIntervalSec);
  return (
    <form className="settings-card form" onSubmit={submit} aria-labelledby="ws-reminders" noValidate>
      <h2 id="ws-reminders">{t('workspaceSettings.reminders')}</h2>
      {business.isError ? (
        <p role="alert">{errorMessage(t, business.error)}</p>
      ) : !business.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="ws-reminder">{t('workspaceSettings.interval')}</label>
            <input
              id="ws-reminder"
              className="seconds"
              type="number"
              inputMode="numeric"
              min={REMINDER.min}
              max={REMINDER.max}
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                setSaved(false);
              }}
              aria-invalid={wrong ? true : undefined}
              aria-describedby={wrong ? 'ws-reminder-err ws-reminder-hint' : 'ws-reminder-hint'}
            />
            <p className="hint" id="ws-reminder-hint">
              {t('workspaceSettings.intervalHint')}
            </p>
            {wrong && (
              <p className="field-error" id="ws-reminder-err">
                {t('workspaceSettings.intervalRange', REMINDER)}
              </p>
            )}
          </div>
          <p className="hint">{t('workspaceSettings.sounds')}</p>
          <div className="form-actions">
            <button type="submit" className="btn primary" disabled={save.isPending}>
              {t('common.save')}
            </button>
            <p role="status" className="saved">
              {saved ? t('workspaceSettings.saved') : ''}
            </p>
          </div>
          {save.isError && !wrong ? (
            <p className="form-error" role="alert">
              {errorMessage(t, save.error)}
            </p>
          ) : null}
        </>
      )}
    </form>
  );
}

function QuickRepliesCard() {
  const { t } = useTranslation();
  const list = useQuickReplyList();
  const remove = useDeleteQuickReply();
  const [editing, setEditing] = useState<QuickReply | null>(null);
  const [deleting, setDeleting] = useState<QuickReply | null>(null);
  const [done, setDone] = useState('');
  return (
    <section className="settings-card" aria-labelledby="ws-quick-replies">
      <h2 id="ws-quick-replies">{t('workspaceSettings.quickReplies')}</h2>
      <p className="hint">{t('workspaceSettings.quickRepliesHint')}</p>
      <p role="status" className="saved status-line">
        {done}
      </p>
      {list.isError ? (
        <p role="alert">{errorMessage(t, list.error)}</p>
      ) : !list.data ? (
        <p>{t('common.loading')}</p>
      ) : list.data.length === 0 ? (
        <p className="muted">{t('workspaceSettings.noQuickReplies')}</p>
      ) : (
        <div className="table-scroll">
          <table className="settings-table users-table quick-replies-table">
            <caption className="visually-hidden">{t('workspaceSettings.quickReplies')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workspaceSettings.shortcut')}</th>
                <th scope="col">{t('workspaceSettings.text')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('users.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((q) => (
                <tr key={q.id}>
                  <th scope="row" className="code break">
                    /{q.shortcut}
                  </th>
                  <td data-label={t('workspaceSettings.text')} className="break pre-wrap">
                    {q.text}
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="btn ghost"
                      onClick={() => (setDone(''), setEditing(q))}
                      aria-label={t('workspaceSettings.editOne', { shortcut: q.shortcut })}
                    >
                      {t('workspaceSettings.edit')}
                    </button>
                    <button
                      type="button"
                      className="btn ghost"
                      onClick={() => (setDone(''), remove.reset(), setDeleting(q))}
                      aria-label={t('workspaceSettings.deleteOne', { shortcut: q.shortcut })}
                    >
                      {t('workspaceSettings.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <QuickReplyForm
        key={editing?.id ?? 'new'}
        reply={editing}
        onDone={(shortcut) => {
          setDone(t(editing ? 'workspaceSettings.changed' : 'workspaceSettings.added', { shortcut }));
          setEditing(null);
        }}
        onCancel={() => setEditing(null)}
      />
      {deleting && (
        <ConfirmDialog
          title={t('workspaceSettings.deleteTitle', { shortcut: deleting.shortcut })}
          text={t('workspaceSettings.deleteText')}
          action={t('workspaceSettings.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                setDone(t('workspaceSettings.deleted', { shortcut: deleting.shortcut }));
                if (editing?.id === deleting.id) setEditing(null);
                setDeleting(null);
              },
            })
          }
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

/** Adds a reply, or changes the one given; each wrong field is said beside it and nothing is sent. */
function QuickReplyForm({ reply, onDone, onCancel }: { reply: QuickReply | null; onDone: (shortcut: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const save = useSaveQuickReply();
  const [form, setForm] = useState({ shortcut: reply?.shortcut ?? '', text: reply?.text ?? '' });
  const [problems, setProblems] = useState<QuickReplyProblems>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkQuickReply(form);
    if ('problems' in checked) return setProblems(checked.problems);
    setProblems({});
    save.mutate(
      { ...checked.value, id: reply?.id },
      {
        onSuccess: (q) => {
          setForm({ shortcut: '', text: '' });
          onDone(q.shortcut);
        },
        onError: (err) => setProblems(serverProblems(err)),
      },
    );
  };
  const title = reply ? t('workspaceSettings.editTitle', { shortcut: reply.shortcut }) : t('workspaceSettings.addTitle');
  const describe = (id: string, hint: boolean, problem: boolean) => [problem && `${id}-err`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  const unexplained = save.isError && Object.keys(serverProblems(save.error)).length === 0;
  return (
    <form className="form quick-reply-form" onSubmit={submit} aria-labelledby="ws-qr-form" noValidate>
      <h3 id="ws-qr-form">{title}</h3>
      <div className="field">
        <label htmlFor="ws-qr-shortcut">{t('workspaceSettings.shortcut')}</label>
        <input
          id="ws-qr-shortcut"
          className="code"
          autoComplete="off"
          value={form.shortcut}
          onChange={(e) => setForm({ ...form, shortcut: e.target.value })}
          aria-invalid={problems.shortcut ? true : undefined}
          aria-describedby={describe('ws-qr-shortcut', true, !!problems.shortcut)}
        />
        <p className="hint" id="ws-qr-shortcut-hint">
          {t('workspaceSettings.shortcutHint')}
        </p>
        {problems.shortcut && (
          <p className="field-error" id="ws-qr-shortcut-err">
            {problems.shortcut === 'taken'
              ? t('workspaceSettings.shortcutTaken', { shortcut: form.shortcut.trim().replace(/^\//, '') })
              : t('workspaceSettings.shortcutFormat')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="ws-qr-text">{t('workspaceSettings.text')}</label>
        <textarea
          id="ws-qr-text"
          rows={3}
          value={form.text}
          onChange={(e) => setForm({ ...form, text: e.target.value })}
          aria-invalid={problems.text ? true : undefined}
          aria-describedby={describe('ws-qr-text', false, !!problems.text)}
        />
        {problems.text && (
          <p className="field-error" id="ws-qr-text-err">
            {problems.text === 'empty' ? t('workspaceSettings.textEmpty') : t('workspaceSettings.textLong', { max: LIMITS.messageText })}
          </p>
        )}
      </div>
      <div className="form-actions">
        {reply && (
          <button type="button" className="btn ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {reply ? t('common.save') : t('workspaceSettings.add')}
        </button>
      </div>
      {unexplained ? (
        <p className="form-error" role="alert">
          {errorMessage(t, save.error)}
        </p>
      ) : null}
    </form>
  );
}
