import { useEffect, useId, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { PaperclipIcon, SendIcon } from '../../ui/icons';
import type { SendInput } from './api';
import { loadDraft, saveDraft } from './drafts';
import { matchQuickReplies, useQuickReplies, type QuickReply } from './quick-replies';

interface Uploaded {
  id: number;
  name: string;
}

interface Props {
  leadId: number;
  /** Why writing is not possible, already in words; null when it is. */
  disabledReason: string | null;
  /** What sending will do besides sending (takes the dialog, interrupts the bot). */
  hint: string | null;
  onSend(v: SendInput): void;
  /** The operator changed the text (a note or a reply): the others see "typing…". */
  onTyping?(note: boolean): void;
}

/** Enter sends, Shift+Enter breaks the line; files by button, drop or paste; "/" opens quick replies. */
export function Composer({ leadId, disabledReason, hint, onSend, onTyping }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => loadDraft(leadId));
  const [note, setNote] = useState(false);
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [pick, setPick] = useState(0);
  const fileRef = useRef<HTMLInputElement>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const disabled = disabledReason !== null;
  const slash = !note && /^\/\S*$/.test(text) ? text.slice(1) : null;
  const replies = useQuickReplies(!disabled);
  const options = slash !== null ? matchQuickReplies(replies.data ?? [], slash) : [];

  useEffect(() => {
    setText(loadDraft(leadId));
    setFiles([]);
    setError(null);
  }, [leadId]);
  useEffect(() => saveDraft(leadId, text), [leadId, text]);
  useEffect(() => setPick(0), [slash]);

  const upload = async (list: FileList | File[]) => {
    setError(null);
    for (const file of Array.from(list)) {
      const form = new FormData();
      form.append('file', file, file.name);
      setUploading((n) => n + 1);
      try {
        const r = await api.post<{ attachment: Uploaded }>(`/api/v1/leads/${leadId}/attachments`, form);
        setFiles((f) => [...f, { id: r.attachment.id, name: r.attachment.name }]);
      } catch (err) {
        setError(t('composer.uploadFailed', { name: file.name, reason: errorMessage(t, err) }));
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const send = () => {
    const body = text.trim();
    if (disabled || uploading || (!body && !files.length)) return;
    onSend({ leadId, text: body, clientMessageId: crypto.randomUUID(), note, attachmentIds: note ? [] : files.map((f) => f.id) });
    setText('');
    setFiles([]);
  };
  const choose = (r: QuickReply) => {
    setText(r.text);
    areaRef.current?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (options.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        const r = options[pick];
        if (r) choose(r);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };
  const onDrop = (e: DragEvent) => {
    if (disabled || note || !e.dataTransfer.files.length) return;
    e.preventDefault();
    void upload(e.dataTransfer.files);
  };
  const onPaste = (e: ClipboardEvent) => {
    if (!note && e.clipboardData.files.length) {
      e.preventDefault();
      void upload(e.clipboardData.files);
    }
  };

  return (
    <form
      className={`composer${note ? ' is-note' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <div className="composer-modes" role="radiogroup" aria-label={t('composer.mode')}>
        <button type="button" role="radio" aria-checked={!note} className={`mode${!note ? ' on' : ''}`} onClick={() => setNote(false)}>
          {t('composer.reply')}
        </button>
        <button type="button" role="radio" aria-checked={note} className={`mode${note ? ' on' : ''}`} onClick={() => setNote(true)}>
          {t('composer.note')}
        </button>
        {hint && !note && !disabled ? <span className="composer-hint">{hint}</span> : null}
      </div>
      {options.length > 0 && (
        <ul className="quick-replies" role="listbox" id={`${id}-qr`} aria-label={t('composer.quickReplies')}>
          {options.map((r, i) => (
            <li
              key={r.id}
              role="option"
              aria-selected={i === pick}
              className={i === pick ? 'on' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(r);
              }}
            >
              <strong>/{r.shortcut}</strong> <span className="muted">{r.text}</span>
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="composer-files" aria-label={t('composer.attached')}>
          {files.map((f) => (
            <li key={f.id}>
              <PaperclipIcon /> {f.name}{' '}
              <button
                type="button"
                className="link-btn"
                aria-label={t('composer.removeFile', { name: f.name })}
                onClick={() => setFiles(files.filter((x) => x.id !== f.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-row">
        <input
          ref={fileRef}
          id={`${id}-file`}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            if (e.target.files) void upload(e.target.files);
            e.target.value = '';
          }}
        />
        <button type="button" className="icon-btn" disabled={disabled || note} aria-label={t('composer.attach')} onClick={() => fileRef.current?.click()}>
          <PaperclipIcon />
        </button>
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {note ? t('composer.noteLabel') : t('composer.label')}
        </label>
        <textarea
          id={`${id}-text`}
          ref={areaRef}
          rows={2}
          value={text}
          disabled={disabled}
          onKeyDown={onKey}
          onPaste={onPaste}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim()) onTyping?.(note);
          }}
          placeholder={disabledReason ?? (note ? t('composer.notePlaceholder') : t('composer.placeholder'))}
          aria-describedby={disabled ? `${id}-why` : `${id}-keys`}
          aria-controls={options.length ? `${id}-qr` : undefined}
          aria-autocomplete="list"
        />
        <button type="submit" className="btn primary send" disabled={disabled || uploading > 0} aria-label={note ? t('composer.addNote') : t('composer.send')}>
          <SendIcon />
        </button>
      </div>
      {disabled ? (
        <p className="composer-why" id={`${id}-why`}>
          {disabledReason}
        </p>
      ) : (
        <p className="visually-hidden" id={`${id}-keys`}>
          {t('composer.keys')}
        </p>
      )}
      {uploading > 0 && (
        <p className="muted" role="status">
          {t('composer.uploading')}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
