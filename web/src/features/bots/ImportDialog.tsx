import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { Modal } from '../../ui/Modal';
import { IMPORT_BYTES, NAME_MAX, useImportBot, type Bot } from './api';
import { fieldPath } from './script-form';

/**
 * A new bot from an export file, optionally under another name. The server takes all of it or
 * nothing; what it refuses comes back as a list of problems, each at its place in the document.
 */
export function ImportDialog({ onClose, onDone }: { onClose: () => void; onDone: (b: Bot) => void }) {
  const { t } = useTranslation();
  const importBot = useImportBot();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [local, setLocal] = useState('');
  const problems = importBot.error instanceof ApiError ? importBot.error.details : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    importBot.reset();
    if (!file) return setLocal(t('bots.import.noFile'));
    if (file.size > IMPORT_BYTES) return setLocal(t('bots.import.tooLarge', { mb: IMPORT_BYTES / 1024 / 1024 }));
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      return setLocal(t('bots.import.notJson'));
    }
    setLocal('');
    importBot.mutate({ doc, name: name.trim() || undefined }, { onSuccess: onDone });
  };
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={t('bots.import.title')} description={t('bots.import.intro')}>
      <form className="form import-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="import-file">{t('bots.import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setLocal('');
              importBot.reset();
            }}
            aria-invalid={local ? true : undefined}
            aria-describedby={local ? 'import-file-err' : undefined}
          />
          {local ? (
            <p className="field-error" id="import-file-err">
              {local}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="import-name">{t('bots.import.name')}</label>
          <input
            id="import-name"
            type="text"
            autoComplete="off"
            maxLength={NAME_MAX}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-describedby="import-name-hint"
          />
          <p className="hint" id="import-name-hint">
            {t('bots.import.nameHint')}
          </p>
        </div>
        {importBot.error ? (
          <div className="form-error" role="alert">
            <p>{problems.length ? t('bots.import.problems', { count: problems.length }) : errorMessage(t, importBot.error)}</p>
            {problems.length > 0 && (
              <ul className="problem-list" aria-label={t('bots.import.problemList')}>
                {problems.map((p) => (
                  <li key={`${p.path}:${p.message}`}>
                    <code>{fieldPath(p.path)}</code>: {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="btn ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary" disabled={importBot.isPending}>
            {t('bots.import.action')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
