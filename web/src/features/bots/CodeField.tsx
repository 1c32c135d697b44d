import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { syntaxPosition } from './script-form';

// CodeMirror comes with the first JavaScript field opened, never with the workspace or Settings.
const CodeEditor = lazy(() => import('./CodeEditor'));

/**
 * A JavaScript field (a condition or a run_js body): its label, the editor, and the server's answer
 * beside it (a syntax error with its line, or another problem of the field).
 */
export function CodeField({
  id,
  label,
  hint,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const at = error ? syntaxPosition(error) : null;
  const described = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field code-field">
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <Suspense fallback={<p className="hint">{t('common.loading')}</p>}>
        <CodeEditor id={id} value={value} onChange={onChange} labelledBy={`${id}-label`} describedBy={described} invalid={!!error} serverError={error} />
      </Suspense>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error ? (
        <p className="field-error" id={`${id}-err`}>
          {at ? t('bots.code.syntaxAt', { line: at.line, message: at.message }) : error}
        </p>
      ) : null}
    </div>
  );
}
