// The satisfaction survey's decisions, pure: which language, what the lead is sent, and what the
// lead's next message is to the survey. The writes are in csat.ts.
import type { CsatSettings } from '../../contracts/business';
import type { BotPayload } from '../../contracts/message-payloads';
import type { CsatAwaiting } from '../storage/schema';

/** How long a closed dialog waits for the lead's rating: later, a "5" is an ordinary message. */
export const RATING_WINDOW_MS = 24 * 3600_000;
/** How long after the rating the lead's next text message is taken as its comment. */
export const COMMENT_WINDOW_MS = 10 * 60_000;

/** Channels that show a bot message's buttons (the widget and Telegram as buttons, the API channel in its webhook payload). */
const WITH_BUTTONS = new Set(['api', 'telegram', 'widget']);

export type SurveyLanguage = 'en' | 'ru';

/** The survey speaks Russian to a lead whose language starts with "ru", English to everyone else. */
export function surveyLanguage(language: string | null): SurveyLanguage {
  return language?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

const TEXT_HINT: Record<SurveyLanguage, string> = {
  en: 'Reply with a number from 1 to 5.',
  ru: 'Ответьте числом от 1 до 5.',
};

/** The question as the lead's channel shows it: with buttons 1–5, or, without buttons, asking for a number. */
export function questionMessage(s: CsatSettings, language: string | null, channelKind: string): { text: string; payload: BotPayload | null } {
  const lang = surveyLanguage(language);
  if (WITH_BUTTONS.has(channelKind))
    return { text: s.question[lang], payload: { buttons: ['1', '2', '3', '4', '5'].map((label) => ({ label })), inline: true } };
  return { text: `${s.question[lang]}\n${TEXT_HINT[lang]}`, payload: null };
}

/** A rating the lead typed or pressed: "4", "4/5", "4 ⭐", or 1–5 stars; null: not a rating. */
export function parseRating(text: string): number | null {
  const t = text.trim();
  const digit = /^([1-5])\s*(?:\/\s*5)?\s*(?:⭐\uFE0F?)?[.!]?$/u.exec(t);
  if (digit) return Number(digit[1]);
  const stars = /^(?:⭐\uFE0F?\s*){1,5}$/u.exec(t);
  if (stars) return [...t.matchAll(/⭐/gu)].length;
  return null;
}

/** What the survey's state makes of the lead's message. */
export type SurveyAnswer =
  /** The rating: stored, the message does not reach the bot. */
  | { kind: 'rating'; score: number }
  /** The comment after the rating: stored, the message does not reach the bot. */
  | { kind: 'comment'; comment: string }
  /** Not an answer: the wait ends (if there was one) and the message goes on as usual. */
  | { kind: 'none'; endWait: boolean };

/** Reads the lead's message against what the closed dialog awaits. */
export function readAnswer(awaiting: { state: CsatAwaiting | null; until: number | null }, m: { text: string; hasFiles: boolean; now: number }): SurveyAnswer {
  if (awaiting.state === null) return { kind: 'none', endWait: false };
  if (awaiting.until === null || m.now > awaiting.until) return { kind: 'none', endWait: true };
  if (awaiting.state === 'rating') {
    const score = m.hasFiles ? null : parseRating(m.text);
    return score === null ? { kind: 'none', endWait: true } : { kind: 'rating', score };
  }
  const comment = m.text.trim();
  return comment && !m.hasFiles ? { kind: 'comment', comment } : { kind: 'none', endWait: true };
}
