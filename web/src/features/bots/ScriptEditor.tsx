import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { BackIcon } from '../../ui/icons';
import { useSaveScript, useScript, useScripts, useTriggers, type Script } from './api';
import { botsHref } from './bots-route';
import { CommandForm } from './CommandForm';
import { EntriesEditor } from './EntriesEditor';
import {
  bodyOf,
  COMMAND_TYPES,
  draftOf,
  emptyDraft,
  fieldPaths,
  isChanged,
  localProblems,
  move,
  newCommand,
  problemsByField,
  SCRIPT_TYPES,
  type CommandType,
  type ScriptDraft,
} from './script-form';
import { VersionHistory } from './VersionHistory';

interface Editing {
  /** The script's code once it exists (null while a new one is unsaved). */
  code: string | null;
  draft: ScriptDraft;
  saved: Script | null;
}

/**
 * A script as Metabot shows it: name, code, type, entries, then its commands in order, each with
 * its own settings. Saving sends the whole script: the server checks everything (JS syntax too) and
 * either stores it as the next version or stores nothing and names each problem, shown beside its field.
 */
export function ScriptEditor({ botId, code }: { botId: number; code: string | null }) {
  const { t } = useTranslation();
  const script = useScript(botId, code);
  const scripts = useScripts(botId);
  const triggers = useTriggers(botId);
  const save = useSaveScript();
  const [editing, setEditing] = useState<Editing | null>(code === null ? { code: null, draft: emptyDraft(), saved: null } : null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  const [adding, setAdding] = useState<CommandType>('send_text');
  const [showHistory, setShowHistory] = useState(false);

  useEffect(() => {
    if (script.data && (editing === null || editing.code !== script.data.code))
      setEditing({ code: script.data.code, draft: draftOf(script.data), saved: script.data });
  }, [script.data, editing]);

  // Closing or reloading the page with unsaved changes asks first (the browser's own question).
  const changed = editing !== null && isChanged(editing.draft, editing.saved);
  useEffect(() => {
    if (!changed) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [changed]);

  if (code !== null && script.isError)
    return (
      <div className="settings-body">
        <p role="alert">{errorMessage(t, script.error)}</p>
      </div>
    );
  if (!editing) return <p className="settings-body">{t('common.loading')}</p>;

  const { draft, saved } = editing;
  const isNew = saved === null;
  const edit = (next: Partial<ScriptDraft>) => {
    setEditing({ ...editing, draft: { ...draft, ...next } });
    setLocal({});
    setDone('');
    save.reset();
  };
  const replaceWith = (s: Script, message: string) => {
    setEditing({ code: s.code, draft: draftOf(s), saved: s });
    setLocal({});
    setDone(message);
  };

  const details = save.error instanceof ApiError ? save.error.details : [];
  const server = problemsByField(details);
  const stale = save.error instanceof ApiError && save.error.code === 'conflict' && details.length === 0;
  if (stale && isNew) server.code = t('bots.script.codeTaken');
  const errors = { ...server, ...local };
  const shown = fieldPaths(draft);
  const elsewhere = details.filter((d) => !shown.has(d.path.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1')));
  const codes = (scripts.data ?? []).map((s) => s.code);
  if (draft.code && !codes.includes(draft.code)) codes.push(draft.code);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = localProblems(draft, isNew);
    const words = Object.fromEntries(Object.entries(bad).map(([k, v]) => [k, t(`bots.problem.${v}`)]));
    setLocal(words);
    if (Object.keys(bad).length) return;
    save.mutate(
      { botId, body: bodyOf(draft), ifVersion: saved?.version ?? 0 },
      {
        onSuccess: (s) => {
          replaceWith(s, t('bots.script.saved', { version: s.version }));
          // The new script's own address, in place of "new" (Back goes to the bot, not to an empty form).
          if (isNew) window.history.replaceState(window.history.state, '', botsHref({ view: 'script', botId, code: s.code }));
        },
      },
    );
  };
  const setCommand = (i: number, c: ScriptDraft['commands'][number]) => edit({ commands: draft.commands.map((x, j) => (j === i ? c : x)) });

  return (
    <div className="settings-body script-editor">
      <a
        className="btn ghost back-link"
        href={botsHref({ view: 'bot', botId, tab: 'scripts' })}
        onClick={(e) => {
          if (changed && !confirm(t('bots.script.leave'))) e.preventDefault();
        }}
      >
        <BackIcon />
        {t('bots.script.backToScripts')}
      </a>
      <div className="section-bar">
        <h1>{isNew ? t('bots.script.newTitle') : t('bots.script.title', { name: saved.name })}</h1>
        {!isNew && (
          <button type="button" className="btn" aria-expanded={showHistory} aria-controls="script-history" onClick={() => setShowHistory(!showHistory)}>
            {t('bots.history.open')}
          </button>
        )}
      </div>
      {!isNew && <p className="hint">{t('bots.script.version', { version: saved.version })}</p>}
      {showHistory && !isNew && (
        <VersionHistory
          botId={botId}
          code={saved.code}
          current={saved.version}
          onRestored={(s) => replaceWith(s, t('bots.history.restored', { version: s.version }))}
          onClose={() => setShowHistory(false)}
        />
      )}
      <form className="form" onSubmit={submit} noValidate aria-label={t('bots.script.form')}>
        <div className="field-row">
          <TextField id="script-name" label={t('bots.script.name')} value={draft.name} max={100} error={errors.name} onChange={(v) => edit({ name: v })} />
          {isNew ? (
            <TextField
              id="script-code"
              label={t('bots.script.code')}
              hint={t('bots.script.codeHint')}
              value={draft.code}
              max={64}
              error={errors.code}
              onChange={(v) => edit({ code: v })}
            />
          ) : (
            <div className="field">
              <span className="field-label">{t('bots.script.code')}</span>
              <code className="code-value">{saved.code}</code>
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="script-type">{t('bots.script.type')}</label>
          <select id="script-type" value={draft.type} onChange={(e) => edit({ type: e.target.value as ScriptDraft['type'] })}>
            {SCRIPT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`bots.scriptType.${type}`)}
              </option>
            ))}
          </select>
          {errors.type ? <p className="field-error">{errors.type}</p> : null}
        </div>
        <EntriesEditor entries={draft.entries} errors={errors} onChange={(entries) => edit({ entries })} />
        <h2 className="commands-title">{t('bots.command.list')}</h2>
        {draft.commands.length === 0 && <p className="hint">{t('bots.command.none')}</p>}
        <ol className="command-list">
          {draft.commands.map((c, i) => (
            <CommandForm
              key={c.key}
              index={i}
              count={draft.commands.length}
              command={c}
              scripts={codes}
              triggers={(triggers.data ?? []).map((x) => x.code)}
              errors={errors}
              onChange={(next) => setCommand(i, next)}
              onMove={(to) => edit({ commands: move(draft.commands, i, to) })}
              onRemove={() => edit({ commands: draft.commands.filter((x) => x.key !== c.key) })}
            />
          ))}
        </ol>
        <div className="form-actions add-command">
          <label htmlFor="add-command-type">{t('bots.command.addType')}</label>
          <select id="add-command-type" value={adding} onChange={(e) => setAdding(e.target.value as CommandType)}>
            {COMMAND_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`bots.commandType.${type}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn"
            disabled={draft.commands.length >= 200}
            onClick={() => edit({ commands: [...draft.commands, newCommand(adding)] })}
          >
            {t('bots.command.add')}
          </button>
        </div>
        {save.error && !stale ? (
          <div className="form-error" role="alert">
            <p>{details.length ? t('bots.script.notSaved') : errorMessage(t, save.error)}</p>
            {elsewhere.length > 0 && (
              <ul className="problem-list">
                {elsewhere.map((d) => (
                  <li key={`${d.path}:${d.message}`}>
                    <code>{d.path}</code>: {d.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : stale && !isNew ? (
          <p className="form-error" role="alert">
            {t('bots.script.stale')}
          </p>
        ) : null}
        <div className="form-actions sticky-actions">
          <button type="submit" className="btn primary" disabled={save.isPending || !changed}>
            {t('common.save')}
          </button>
          <p role="status" className="saved">
            {done}
          </p>
        </div>
      </form>
    </div>
  );
}

function TextField({
  id,
  label,
  hint,
  value,
  max,
  error,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  max: number;
  error?: string | undefined;
  onChange: (v: string) => void;
}) {
  const described = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        maxLength={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error ? (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
