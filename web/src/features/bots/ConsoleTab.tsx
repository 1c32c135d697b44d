import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { fullTime } from '../../lib/time';
import { usePageVisible } from '../../lib/use-page-visible';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { buttonsOf, useBotConsole, useConsoleReset, useConsoleSend } from './console-api';

/**
 * Talk to the bot as a lead: the chat on one side, and what the bot made of it on the other (where the
 * scenario stands, the lead's attributes and tags, what the scripts logged), refreshed every second.
 * The test lead is the user's own; operators never see it, and a transfer to them is only logged.
 */
export function ConsoleTab({ botId }: { botId: number }) {
  const { t, i18n } = useTranslation();
  const visible = usePageVisible();
  const data = useBotConsole(botId, visible);
  const send = useConsoleSend(botId);
  const reset = useConsoleReset(botId);
  const [text, setText] = useState('');
  const [confirming, setConfirming] = useState(false);
  const end = useRef<HTMLLIElement>(null);
  const c = data.data;
  const count = c?.messages.length ?? 0;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [count]);

  const say = (value: string) => {
    if (!value.trim() || send.isPending) return;
    send.mutate(value, { onSuccess: () => setText('') });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    say(text);
  };
  const attributes = Object.entries(c?.attributes ?? {});
  return (
    <section className="settings-card bot-console" aria-labelledby="console-title">
      <div className="section-bar">
        <h2 id="console-title">{t('bots.console.title')}</h2>
        <div className="bar-actions">
          <button type="button" className="btn" disabled={!c?.leadId} onClick={() => (reset.reset(), setConfirming(true))}>
            {t('bots.console.reset')}
          </button>
        </div>
      </div>
      <p className="hint">{t('bots.console.hint')}</p>
      {data.isError ? <p role="alert">{errorMessage(t, data.error)}</p> : null}
      <div className="console-grid">
        <div className="console-chat">
          <ol className="console-messages" aria-label={t('bots.console.conversation')} aria-live="polite">
            {count === 0 && <li className="hint">{t('bots.console.empty')}</li>}
            {c?.messages.map((m) => {
              const buttons = m.author === 'bot' ? buttonsOf(m) : [];
              return (
                <li key={m.id} className={`console-message from-${m.author}`}>
                  <span className="visually-hidden">{t(`bots.console.author.${m.author}`)}: </span>
                  <span className="console-text">{m.text}</span>
                  {buttons.length > 0 && (
                    <span className="console-buttons">
                      {buttons.map((b) => (
                        <button key={b} type="button" className="btn" disabled={send.isPending} onClick={() => say(b)}>
                          {b}
                        </button>
                      ))}
                    </span>
                  )}
                </li>
              );
            })}
            <li ref={end} aria-hidden="true" className="console-end" />
          </ol>
          <p role="status" className="hint status-line">
            {c?.busy || send.isPending ? t('bots.console.answering') : ''}
          </p>
          {send.error ? (
            <p className="form-error" role="alert">
              {errorMessage(t, send.error)}
            </p>
          ) : null}
          <form className="console-input" onSubmit={submit} noValidate>
            <label className="visually-hidden" htmlFor="console-text">
              {t('bots.console.message')}
            </label>
            <input
              id="console-text"
              value={text}
              maxLength={4096}
              autoComplete="off"
              placeholder={t('bots.console.placeholder')}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="btn primary" disabled={send.isPending || !text.trim()}>
              {t('bots.console.send')}
            </button>
          </form>
        </div>
        <div className="console-state">
          <h3>{t('bots.console.scenario')}</h3>
          {c?.scenario ? (
            <dl className="scenario-list">
              <div>
                <dt>{t('bots.console.script')}</dt>
                <dd className="code">{c.scenario.script}</dd>
              </div>
              <div>
                <dt>{t('bots.console.step')}</dt>
                <dd>
                  {c.scenario.step + 1}
                  {c.scenario.awaiting ? ` · ${t('bots.console.awaiting')}` : ''}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="hint">{t('bots.console.noScenario')}</p>
          )}
          <h3>{t('bots.console.attributes')}</h3>
          {attributes.length === 0 ? (
            <p className="hint">{t('bots.console.none')}</p>
          ) : (
            <dl className="scenario-list" aria-label={t('bots.console.attributes')}>
              {attributes.map(([name, value]) => (
                <div key={name}>
                  <dt className="code">{name}</dt>
                  <dd className="break">{value}</dd>
                </div>
              ))}
            </dl>
          )}
          <h3>{t('bots.console.tags')}</h3>
          <p className={c?.tags.length ? undefined : 'hint'}>{c?.tags.length ? c.tags.join(', ') : t('bots.console.none')}</p>
          <h3>{t('bots.console.log')}</h3>
          {c?.logs.length ? (
            <ol className="console-log" aria-label={t('bots.console.log')}>
              {c.logs.map((l) => (
                <li key={l.id} className={`log-${l.level}`}>
                  <span className="log-level">{l.level}</span> <span className="hint">{fullTime(l.createdAt, i18n.language)}</span>{' '}
                  <span className="code break">{l.message}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="hint">{t('bots.console.none')}</p>
          )}
        </div>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('bots.console.resetTitle')}
          text={t('bots.console.resetText')}
          action={t('bots.console.reset')}
          pending={reset.isPending}
          error={reset.error}
          onConfirm={() => reset.mutate(undefined, { onSuccess: () => setConfirming(false) })}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
