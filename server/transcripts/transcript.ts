// A dialog's transcript as plain data, and the words and times both renderers (text, PDF) share.
// Pure: no database, no clock.
import type { TranscriptLang } from '../../contracts/transcripts';
import type { SystemLine } from '../../contracts/message-payloads';

/** At most this many messages go into one transcript (the later ones are left out, and the header says so). */
export const MAX_TRANSCRIPT_MESSAGES = 5000;

export interface TranscriptLine {
  at: number;
  author: 'lead' | 'bot' | 'operator' | 'system';
  /** Who wrote it: the lead's, operator's or bot's name (null: an API token wrote it, or a system line). */
  name: string | null;
  text: string;
  /** An internal note: operators only, never sent to the lead. */
  note: boolean;
  /** Names of the files sent with it. */
  files: string[];
  /** The bot's buttons, as the lead saw them. */
  buttons: string[];
  /** A system line's details (rendered in the transcript's language); null: not a system line or unknown. */
  system: SystemLine | null;
}

export interface Transcript {
  dialogId: number;
  business: string;
  lead: string;
  channelKind: string;
  channelName: string;
  bot: string;
  department: string | null;
  operators: string[];
  openedAt: number;
  endedAt: number | null;
  endReason: 'closed' | 'returned_to_bot' | null;
  /** An IANA time zone the times are given in; null: UTC. */
  timeZone: string | null;
  notes: boolean;
  /** Only the first MAX_TRANSCRIPT_MESSAGES messages are in it. */
  truncated: boolean;
  lines: TranscriptLine[];
}

const WORDS = {
  en: {
    title: (id: number) => `Dialog transcript #${id}`,
    business: 'Business',
    lead: 'Lead',
    channel: 'Channel',
    bot: 'Bot',
    department: 'Department',
    operators: 'Operators',
    opened: 'Opened',
    closed: 'Closed',
    returned: 'Returned to the bot',
    status: 'Status',
    stillOpen: 'open',
    times: 'Times',
    utc: 'UTC',
    zoneOfBusiness: (tz: string) => `${tz} (the business's time zone)`,
    notes: 'Internal notes',
    notesIn: 'included, marked as such',
    notesOut: 'not included',
    botSuffix: 'bot',
    noteSuffix: 'internal note',
    api: 'API',
    attachments: 'Attachments',
    buttons: 'Buttons',
    none: '—',
    empty: 'No messages.',
    truncated: (n: number) => `Only the first ${n} messages are included.`,
    kinds: { api: 'API', telegram: 'Telegram', widget: 'Web widget' } as Record<string, string>,
    system: {
      transferred: (l: { departmentCode: string | null }) =>
        l.departmentCode ? `Transferred to the department ${l.departmentCode}` : 'Transferred to operators',
      assigned: (l: { operatorName: string; took: boolean }) => (l.took ? `${l.operatorName} took the dialog` : `Assigned to ${l.operatorName}`),
      invited: (name: string) => `${name} joined the dialog`,
      toDepartment: (code: string) => `Transferred to the department ${code}`,
      closed: (by: string | null) => (by ? `Closed by ${by}` : 'Dialog closed'),
      returned: (script: string | null) => (script ? `Returned to the bot, script ${script}` : 'Returned to the bot'),
      released: (name: string, offline: boolean) => (offline ? `Back in the queue: ${name} went offline` : `Back in the queue: ${name} did not answer in time`),
    },
    fileName: (id: number) => `dialog-${id}-transcript`,
  },
  ru: {
    title: (id: number) => `История диалога №${id}`,
    business: 'Компания',
    lead: 'Лид',
    channel: 'Канал',
    bot: 'Бот',
    department: 'Отдел',
    operators: 'Операторы',
    opened: 'Открыт',
    closed: 'Закрыт',
    returned: 'Возвращён боту',
    status: 'Состояние',
    stillOpen: 'открыт',
    times: 'Время',
    utc: 'UTC',
    zoneOfBusiness: (tz: string) => `${tz} (часовой пояс компании)`,
    notes: 'Внутренние заметки',
    notesIn: 'включены и помечены',
    notesOut: 'не включены',
    botSuffix: 'бот',
    noteSuffix: 'внутренняя заметка',
    api: 'API',
    attachments: 'Вложения',
    buttons: 'Кнопки',
    none: '—',
    empty: 'Сообщений нет.',
    truncated: (n: number) => `Включены только первые ${n} сообщений.`,
    kinds: { api: 'API', telegram: 'Telegram', widget: 'Виджет на сайте' } as Record<string, string>,
    system: {
      transferred: (l: { departmentCode: string | null }) => (l.departmentCode ? `Передан в отдел ${l.departmentCode}` : 'Передан операторам'),
      assigned: (l: { operatorName: string; took: boolean }) => (l.took ? `${l.operatorName} взял(а) диалог` : `Назначен оператору ${l.operatorName}`),
      invited: (name: string) => `${name} присоединился к диалогу`,
      toDepartment: (code: string) => `Передан в отдел ${code}`,
      closed: (by: string | null) => (by ? `Закрыл(а) ${by}` : 'Диалог закрыт'),
      returned: (script: string | null) => (script ? `Возвращён боту, скрипт ${script}` : 'Возвращён боту'),
      released: (name: string, offline: boolean) => (offline ? `Снова в очереди: ${name} вышел из сети` : `Снова в очереди: ${name} не ответил вовремя`),
    },
    fileName: (id: number) => `dialog-${id}-istoriya`,
  },
} as const;

export type Words = (typeof WORDS)[TranscriptLang];

/** The transcript's words in its language. */
export function wordsFor(lang: TranscriptLang): Words {
  return WORDS[lang];
}

/** A system line in the transcript's language (the stored English text when its details are unknown). */
export function systemText(w: Words, line: TranscriptLine): string {
  const s = line.system;
  if (!s) return line.text;
  switch (s.kind) {
    case 'transferred':
      return w.system.transferred(s);
    case 'assigned':
      return w.system.assigned({ operatorName: s.operatorName, took: s.byUserId === s.operatorId });
    case 'invited':
      return w.system.invited(s.operatorName);
    case 'transferred_to_department':
      return w.system.toDepartment(s.departmentCode);
    case 'closed':
      return w.system.closed(s.byName);
    case 'returned_to_bot':
      return w.system.returned(s.script);
    case 'released':
      return w.system.released(s.operatorName, s.reason === 'offline');
  }
}

/** Who wrote a line, as the transcript names them: "Olga", "Shop bot (bot)", "Olga (internal note)". */
export function authorLabel(w: Words, line: TranscriptLine): string {
  const name = line.name ?? (line.author === 'bot' ? w.bot : w.api);
  if (line.author === 'bot') return line.name ? `${name} (${w.botSuffix})` : name;
  if (line.note) return `${name} (${w.noteSuffix})`;
  return name;
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "2026-12-06 09:30:05" in the time zone (UTC when null): the same in every language, sortable. */
export function formatTime(ms: number, timeZone: string | null): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')}`;
}

/** The header's fields, label and value, in order: both renderers show the same. */
export function headerFields(t: Transcript, w: Words): [string, string][] {
  const kind = w.kinds[t.channelKind] ?? t.channelKind;
  const end: [string, string] =
    t.endedAt === null ? [w.status, w.stillOpen] : [t.endReason === 'returned_to_bot' ? w.returned : w.closed, formatTime(t.endedAt, t.timeZone)];
  return [
    [w.business, t.business],
    [w.lead, t.lead],
    [w.channel, t.channelName ? `${kind} (${t.channelName})` : kind],
    [w.bot, t.bot || w.none],
    [w.department, t.department ?? w.none],
    [w.operators, t.operators.length ? t.operators.join(', ') : w.none],
    [w.opened, formatTime(t.openedAt, t.timeZone)],
    end,
    [w.times, t.timeZone ? w.zoneOfBusiness(t.timeZone) : w.utc],
    [w.notes, t.notes ? w.notesIn : w.notesOut],
  ];
}

/** The file name of a transcript, without its extension: ASCII, the dialog's number in it. */
export function transcriptBaseName(t: Pick<Transcript, 'dialogId'>, lang: TranscriptLang): string {
  return wordsFor(lang).fileName(t.dialogId);
}
