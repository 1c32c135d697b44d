// The survey form's checks, pure: the same limits as the server's, so nothing is sent while a text is wrong.
import { CSAT_TEXT_MAX, type CsatSettings } from '@contracts/business';

export type TextKey = 'question' | 'commentQuestion' | 'thanks';
export type Lang = 'en' | 'ru';
/** A text field's name: `question.en`. */
export type FieldName = `${TextKey}.${Lang}`;
export type FieldProblem = 'required' | 'tooLong';

export const TEXT_KEYS: TextKey[] = ['question', 'commentQuestion', 'thanks'];
export const LANGS: Lang[] = ['en', 'ru'];

/** What is wrong with each text (all are required, as on the server, so switching askComment on never finds one empty). */
export function problemsOf(s: CsatSettings): Partial<Record<FieldName, FieldProblem>> {
  const out: Partial<Record<FieldName, FieldProblem>> = {};
  for (const key of TEXT_KEYS) {
    for (const lang of LANGS) {
      const text = s[key][lang].trim();
      if (!text) out[`${key}.${lang}`] = 'required';
      else if (text.length > CSAT_TEXT_MAX) out[`${key}.${lang}`] = 'tooLong';
    }
  }
  return out;
}

/** The server's validation details by field name ("body.settings.csat.question.en" → "question.en"). */
export function serverProblems(details: { path: string; message: string }[]): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {};
  for (const d of details) {
    const m = /csat\.(question|commentQuestion|thanks)\.(en|ru)$/.exec(d.path);
    if (m) out[`${m[1] as TextKey}.${m[2] as Lang}`] = d.message;
  }
  return out;
}
