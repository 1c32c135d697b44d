import type { TranscriptLang } from '../../contracts/transcripts';
import { authorLabel, MAX_TRANSCRIPT_MESSAGES, formatTime, headerFields, systemText, wordsFor, type Transcript } from './transcript';

/**
 * The transcript as plain text (UTF-8, \n line ends): the header, a blank line, then each message as
 * "time  author" over its text, files and buttons; system lines on one line between dashes.
 */
export function renderText(t: Transcript, lang: TranscriptLang): string {
  const w = wordsFor(lang);
  const out: string[] = [w.title(t.dialogId), ''];
  const fields = headerFields(t, w);
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  for (const [label, value] of fields) out.push(`${`${label}:`.padEnd(width)} ${value}`);
  if (t.truncated) out.push('', w.truncated(MAX_TRANSCRIPT_MESSAGES));
  out.push('');
  if (t.lines.length === 0) out.push(w.empty, '');
  for (const line of t.lines) {
    const at = formatTime(line.at, t.timeZone);
    if (line.author === 'system') {
      out.push(`${at}  — ${systemText(w, line)} —`, '');
      continue;
    }
    out.push(`${at}  ${authorLabel(w, line)}`);
    if (line.text) out.push(...line.text.split(/\r?\n/).map((l) => `  ${l}`));
    if (line.buttons.length) out.push(`  [${w.buttons}: ${line.buttons.join(' | ')}]`);
    if (line.files.length) out.push(`  ${w.attachments}: ${line.files.join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}
