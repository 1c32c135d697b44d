import { describe, expect, it } from 'vitest';
import { pdfText } from './pdf-text.testkit';
import { renderPdf } from './render-pdf';
import { renderText } from './render-text';
import { formatTime, MAX_TRANSCRIPT_MESSAGES, type Transcript, type TranscriptLine } from './transcript';

const T0 = Date.UTC(2026, 11, 6, 21, 59, 30);
const line = (o: Partial<TranscriptLine>): TranscriptLine => ({
  at: T0,
  author: 'lead',
  name: 'Ирина',
  text: '',
  note: false,
  files: [],
  buttons: [],
  system: null,
  ...o,
});
const base: Transcript = {
  dialogId: 42,
  business: 'Гончарный круг',
  lead: 'Ирина',
  channelKind: 'telegram',
  channelName: '',
  bot: 'Shop bot',
  department: 'Sales',
  operators: ['Olga', 'Pavel'],
  openedAt: T0,
  endedAt: T0 + 60_000,
  endReason: 'returned_to_bot',
  timeZone: null,
  notes: false,
  truncated: false,
  lines: [],
};

describe('formatTime', () => {
  it('writes the time in the zone asked for, UTC by default, the same in every language', () => {
    expect(formatTime(T0, null)).toBe('2026-12-06 21:59:30');
    // Moscow is UTC+3: the next day there.
    expect(formatTime(T0, 'Europe/Moscow')).toBe('2026-12-07 00:59:30');
  });
});

describe('renderText', () => {
  it('says which time zone the times are in, how the dialog ended, and what an API token and a system line without details wrote', () => {
    const text = renderText(
      {
        ...base,
        timeZone: 'Europe/Moscow',
        lines: [
          line({ author: 'operator', name: null, text: 'From the CRM' }),
          line({ author: 'system', name: null, text: 'Something new happened', at: T0 + 1000 }),
        ],
      },
      'en',
    );
    expect(text).toBe(
      [
        'Dialog transcript #42',
        '',
        'Business:            Гончарный круг',
        'Lead:                Ирина',
        'Channel:             Telegram',
        'Bot:                 Shop bot',
        'Department:          Sales',
        'Operators:           Olga, Pavel',
        'Opened:              2026-12-07 00:59:30',
        'Returned to the bot: 2026-12-07 01:00:30',
        "Times:               Europe/Moscow (the business's time zone)",
        'Internal notes:      not included',
        '',
        '2026-12-07 00:59:30  API',
        '  From the CRM',
        '',
        '2026-12-07 00:59:31  — Something new happened —',
        '',
      ].join('\n'),
    );
  });

  it('says so when there are no messages, or when the transcript was cut at the limit', () => {
    expect(renderText({ ...base, endedAt: null, endReason: null }, 'ru')).toContain('Состояние:          открыт\n');
    expect(renderText(base, 'ru')).toContain('\nСообщений нет.\n');
    expect(renderText({ ...base, truncated: true, lines: [line({ text: 'hi' })] }, 'en')).toContain(
      `Only the first ${MAX_TRANSCRIPT_MESSAGES} messages are included.`,
    );
  });
});

describe('renderPdf', () => {
  it('draws Cyrillic with the embedded font and numbers its pages', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => line({ text: `Сообщение номер ${i + 1}`, at: T0 + i * 1000 }));
    const pdf = await renderPdf({ ...base, lines }, 'ru', { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('DejaVuSans');
    const { pages, text } = pdfText(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Гончарный круг');
    expect(text).toContain('Сообщение номер 1\n');
    expect(text).toContain('Сообщение номер 80\n');
    expect(text).toContain(`История диалога №42 · ${pages}/${pages}`);
    expect(text).not.toContain('\uFFFD');
  });
});
