// What an administrator types on Settings → Workspace, checked before anything is sent, and the
// server's refusals turned into the field they are about.
import { QUICK_REPLY_SHORTCUT } from '@contracts/quick-replies';
import { LIMITS } from '@contracts/limits';
import { ApiError } from '../../lib/api';
import { fieldErrors } from '../../lib/error-message';

export const REMINDER = { min: 10, max: 3600 } as const;

/** The reminder interval typed, or 'bad' when it is not a whole number of seconds within REMINDER. */
export function parseReminder(text: string): number | 'bad' {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return 'bad';
  const n = Number(s);
  return n < REMINDER.min || n > REMINDER.max ? 'bad' : n;
}

export type ShortcutProblem = 'format' | 'taken';
export type TextProblem = 'empty' | 'long';
export type QuickReplyProblems = { shortcut?: ShortcutProblem; text?: TextProblem };

/** The shortcut as stored: without a leading "/", trimmed, NFC (as the server normalizes it). */
export const cleanShortcut = (typed: string) => typed.trim().replace(/^\//, '').normalize('NFC');

/** The reply to send, or what is wrong with each field (nothing is sent then). */
export function checkQuickReply(form: { shortcut: string; text: string }): { value: { shortcut: string; text: string } } | { problems: QuickReplyProblems } {
  const shortcut = cleanShortcut(form.shortcut);
  const text = form.text.trim();
  const problems: QuickReplyProblems = {};
  if (!QUICK_REPLY_SHORTCUT.test(shortcut)) problems.shortcut = 'format';
  if (text === '') problems.text = 'empty';
  else if (text.length > LIMITS.messageText) problems.text = 'long';
  return Object.keys(problems).length ? { problems } : { value: { shortcut, text } };
}

/** The server's refusal, by field: 409 is a shortcut already taken; 400 names its fields. Empty: not about a field. */
export function serverProblems(err: unknown): QuickReplyProblems {
  if (err instanceof ApiError && err.code === 'conflict') return { shortcut: 'taken' };
  const fields = fieldErrors(err);
  const out: QuickReplyProblems = {};
  if (fields.shortcut) out.shortcut = 'format';
  if (fields.text) out.text = 'long';
  return out;
}
