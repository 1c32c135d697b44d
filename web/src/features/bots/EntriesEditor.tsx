import { useTranslation } from 'react-i18next';
import { RemoveIcon } from './icons';
import { newEntry, type EntryDraft } from './script-form';

/** How a lead's message enters the script: commands (/start) and keywords, unique across the bot. */
export function EntriesEditor({
  entries,
  errors,
  onChange,
}: {
  entries: EntryDraft[];
  errors: Record<string, string>;
  onChange: (entries: EntryDraft[]) => void;
}) {
  const { t } = useTranslation();
  const set = (key: number, patch: Partial<EntryDraft>) => onChange(entries.map((e) => (e.key === key ? { ...e, ...patch } : e)));
  return (
    <fieldset className="entries">
      <legend>{t('bots.entries.title')}</legend>
      <p className="hint">{t('bots.entries.hint')}</p>
      {entries.map((e, i) => {
        const id = `entry-${e.key}`;
        const error = errors[`entries.${i}.value`] ?? errors[`entries.${i}`];
        return (
          <div className="entry-row" key={e.key}>
            <div className="field">
              <label htmlFor={`${id}-type`}>{t('bots.entries.type', { n: i + 1 })}</label>
              <select id={`${id}-type`} value={e.type} onChange={(ev) => set(e.key, { type: ev.target.value as EntryDraft['type'] })}>
                <option value="command">{t('bots.entries.command')}</option>
                <option value="keyword">{t('bots.entries.keyword')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-value`}>{t('bots.entries.value', { n: i + 1 })}</label>
              <input
                id={`${id}-value`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                value={e.value}
                onChange={(ev) => set(e.key, { value: ev.target.value })}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-err` : undefined}
              />
              {error ? (
                <p className="field-error" id={`${id}-err`}>
                  {error}
                </p>
              ) : null}
            </div>
            <button
              type="button"
              className="btn ghost small"
              onClick={() => onChange(entries.filter((x) => x.key !== e.key))}
              aria-label={t('bots.entries.remove', { n: i + 1 })}
            >
              <RemoveIcon />
            </button>
          </div>
        );
      })}
      <div className="form-actions">
        <button type="button" className="btn small" disabled={entries.length >= 20} onClick={() => onChange([...entries, newEntry('command')])}>
          {t('bots.entries.addCommand')}
        </button>
        <button type="button" className="btn small" disabled={entries.length >= 20} onClick={() => onChange([...entries, newEntry('keyword')])}>
          {t('bots.entries.addKeyword')}
        </button>
      </div>
    </fieldset>
  );
}
