import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { looksLikeEmail, mailErrorMessage } from '../../lib/mail-error';
import { Modal } from '../../ui/Modal';
import { transcriptUrl, useEmailTranscript, type TranscriptFormat, type TranscriptLang } from './api';

/** The dialog's transcript: download it as PDF or text, or send it by e-mail (opened from the dialog's ⋯ menu). */
export function TranscriptDialog({ dialogId, leadName, onClose }: { dialogId: number; leadName: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const email = useEmailTranscript(dialogId);
  const [lang, setLang] = useState<TranscriptLang>(i18n.language.startsWith('ru') ? 'ru' : 'en');
  const [notes, setNotes] = useState(false);
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<TranscriptFormat>('pdf');
  const [badTo, setBadTo] = useState(false);
  const changed = () => email.reset();
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!looksLikeEmail(to)) return setBadTo(true);
    email.mutate({ to: to.trim(), format, lang, notes });
  };
  const href = (f: TranscriptFormat) => transcriptUrl(dialogId, { format: f, lang, notes });

  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={t('transcript.title')} description={t('transcript.intro', { name: leadName })}>
      <div className="form transcript-form">
        <div className="field-row">
          <div className="field">
            <label htmlFor="transcript-lang">{t('transcript.language')}</label>
            <select id="transcript-lang" value={lang} onChange={(e) => (setLang(e.target.value as TranscriptLang), changed())}>
              <option value="en">{t('transcript.lang.en')}</option>
              <option value="ru">{t('transcript.lang.ru')}</option>
            </select>
          </div>
          <label className="check transcript-notes">
            <input type="checkbox" checked={notes} onChange={(e) => (setNotes(e.target.checked), changed())} />
            {t('transcript.notes')}
          </label>
        </div>
        <h3 id="transcript-download-title">{t('transcript.downloadTitle')}</h3>
        <div className="transcript-downloads" role="group" aria-labelledby="transcript-download-title">
          <a className="btn" href={href('pdf')} download>
            {t('transcript.downloadPdf')}
          </a>
          <a className="btn" href={href('text')} download>
            {t('transcript.downloadText')}
          </a>
        </div>
      </div>
      <form className="form transcript-form" onSubmit={send} noValidate aria-labelledby="transcript-email-title">
        <h3 id="transcript-email-title">{t('transcript.emailTitle')}</h3>
        <div className="field-row">
          <div className="field">
            <label htmlFor="transcript-to">{t('transcript.to')}</label>
            <input
              id="transcript-to"
              type="email"
              autoComplete="email"
              maxLength={254}
              value={to}
              onChange={(e) => (setTo(e.target.value), setBadTo(false), changed())}
              aria-invalid={badTo ? true : undefined}
              aria-describedby={badTo ? 'transcript-to-err' : undefined}
            />
            {badTo ? (
              <p className="field-error" id="transcript-to-err">
                {t('mail.badEmail')}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="transcript-format">{t('transcript.format')}</label>
            <select id="transcript-format" value={format} onChange={(e) => (setFormat(e.target.value as TranscriptFormat), changed())}>
              <option value="pdf">{t('transcript.pdf')}</option>
              <option value="text">{t('transcript.text')}</option>
            </select>
          </div>
        </div>
        <p role="status" className="saved">
          {email.data ? t('transcript.sent', { to: email.data.to }) : ''}
        </p>
        {email.error ? (
          <p className="form-error" role="alert">
            {mailErrorMessage(t, email.error)}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="btn ghost" onClick={onClose}>
            {t('transcript.done')}
          </button>
          <button type="submit" className="btn primary" disabled={email.isPending}>
            {email.isPending ? t('transcript.sending') : t('transcript.send')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
