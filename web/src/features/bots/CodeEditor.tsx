// JavaScript of a condition or a run_js command in CodeMirror 6: highlighting, brackets, history,
// syntax errors as lint diagnostics while typing (from the editor's own parse) and the server's
// answer on save at its line, and completion of lead.* / bot.* / http.* from the shared list.
// Loaded on demand (CodeField) so neither the workspace nor Settings carries the editor.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionContext } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting, syntaxTree } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, StateEffect, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { jsCompletions } from './js-completion';
import { syntaxPosition } from './script-form';

export interface CodeEditorProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** The label's id (the editor is a contenteditable, not an input a <label for> reaches). */
  labelledBy: string;
  describedBy?: string | undefined;
  invalid: boolean;
  /** The server's syntax problem for this field (`line 2, column 5: …`), shown at its place. */
  serverError?: string | undefined;
}

// Colours from the theme's variables, so both the light and the dark theme keep their contrast.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.controlKeyword], color: 'var(--tone-bot)' },
  { tag: [tags.string, tags.regexp], color: 'var(--tone-other)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--tone-mine)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);

const theme = EditorView.theme({
  '&': { border: '1px solid var(--border)', borderRadius: '8px', background: 'var(--surface)', color: 'var(--text)', fontSize: '0.86rem' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace", minHeight: '3.5em', caretColor: 'var(--text)' },
  '.cm-gutters': { background: 'var(--surface-2)', color: 'var(--muted)', border: 'none', borderRadius: '8px 0 0 8px' },
  '.cm-scroller': { maxHeight: '22em', overflow: 'auto' },
  '.cm-tooltip': { background: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { background: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-completionDetail': { color: 'inherit', opacity: 0.85, marginLeft: '0.5em', fontStyle: 'normal' },
});

/** The server's answer changed: lint again now. */
const serverAnswered = StateEffect.define<null>();

const nonce = () => document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

/** The editor's own parse: every error node of the syntax tree is a diagnostic. */
function parseErrors(view: EditorView, message: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const len = view.state.doc.length;
  syntaxTree(view.state).iterate({
    enter: (n) => {
      if (!n.type.isError) return;
      // An expression cut short errs at the very end: underline the last character, so it shows.
      const from = Math.max(Math.min(n.from, len - 1), 0);
      out.push({ from, to: Math.min(Math.max(n.to, from + 1), len), severity: 'error', message, source: 'syntax' });
    },
  });
  return out.slice(0, 1);
}

/** The server's problem at its line (and column), as a diagnostic. */
function serverDiagnostic(view: EditorView, error: string): Diagnostic | null {
  const at = syntaxPosition(error);
  if (!at) return null;
  const doc = view.state.doc;
  const line = doc.line(Math.min(Math.max(at.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max((at.column ?? 1) - 1, 0), line.to);
  return { from, to: Math.max(from, line.to), severity: 'error', message: at.message, source: 'server' };
}

export default function CodeEditor({ id, value, onChange, labelledBy, describedBy, invalid, serverError }: CodeEditorProps) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, serverError, syntaxMessage: t('bots.code.syntax') });
  latest.current = { onChange, serverError, syntaxMessage: t('bots.code.syntax') };
  const attrs = useRef(new Compartment());
  const attributes = (): Extension =>
    EditorView.contentAttributes.of({
      id,
      'aria-labelledby': labelledBy,
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      ...(invalid ? { 'aria-invalid': 'true' } : {}),
    });

  useEffect(() => {
    const complete = (ctx: CompletionContext) => {
      const line = ctx.state.doc.lineAt(ctx.pos);
      const r = jsCompletions(line.text.slice(0, ctx.pos - line.from), ctx.explicit);
      if (!r) return null;
      return { from: ctx.pos - r.back, options: r.options.map((o) => ({ ...o, detail: o.detail || undefined })), validFor: /^\w*$/ };
    };
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          EditorView.cspNonce.of(nonce()),
          lineNumbers(),
          history(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          javascript(),
          syntaxHighlighting(highlight),
          autocompletion({ override: [complete], icons: false }),
          linter(
            (ev) => {
              const server = latest.current.serverError ? serverDiagnostic(ev, latest.current.serverError) : null;
              return server ? [server] : parseErrors(ev, latest.current.syntaxMessage);
            },
            { delay: 300, needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(serverAnswered))) },
          ),
          lintGutter(),
          // Tab leaves the editor (keyboard users must be able to move on); Ctrl-Space asks for completions.
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
          EditorView.lineWrapping,
          theme,
          attrs.current.of(attributes()),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // Made once; value, attributes and the server's answer are pushed in by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A value from outside (a restored version, a type change): replace the document.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: attrs.current.reconfigure(attributes()) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, labelledBy, describedBy, invalid]);

  useEffect(() => {
    view.current?.dispatch({ effects: serverAnswered.of(null) });
  }, [serverError]);

  return <div ref={host} className="code-editor" />;
}
