import type { AnswerValidation } from '../../contracts/scripts';

/**
 * Checks a lead's answer to an "ask" command and returns the value to store (normalised), or null
 * when it does not fit and the question should be repeated.
 */
export function validateAnswer(kind: AnswerValidation, raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  switch (kind) {
    case 'any':
      return text;
    case 'phone': {
      // Spaces, dashes, dots and brackets are how people type numbers; 10-15 digits is E.164's range.
      if (!/^\+?[\d\s\-().]+$/.test(text)) return null;
      const digits = text.replace(/\D/g, '');
      if (digits.length < 10 || digits.length > 15) return null;
      // A Russian 8XXXXXXXXXX is +7XXXXXXXXXX.
      const e164 = digits.length === 11 && digits.startsWith('8') && !text.startsWith('+') ? `7${digits.slice(1)}` : digits;
      return `+${e164}`;
    }
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(text) ? text.toLowerCase() : null;
    case 'number': {
      const n = Number(text.replace(',', '.').replace(/\s/g, ''));
      return Number.isFinite(n) ? String(n) : null;
    }
  }
}
